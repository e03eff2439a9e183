"""SMTP: one connection per batch, STARTTLS before AUTH, one message per recipient.

4xx answers are temporary (the row goes back to pending), 5xx permanent; a
connection lost during a message makes that one ``unknown`` and the rest of the
batch ``retry``. Environment: ``SMTP_HOST``, ``SMTP_PORT`` (587), ``SMTP_USER``,
``SMTP_PASSWORD``, ``SMTP_STARTTLS`` (``yes``/``no``, default ``yes``).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

from newsdesk.deliver.message import Message
from newsdesk.deliver.providers.base import (
    FAILED,
    RETRY,
    SENT,
    UNKNOWN,
    Capabilities,
    Context,
    PauseCampaign,
    ProviderCheckFailed,
    ProviderSetupError,
    SendResult,
    all_results,
    require_env,
)

DEAD_CODES = {550, 551, 553}


def _refusal(delivery_id: int, code: int, text: bytes | str) -> SendResult:
    reason = text.decode(errors="replace") if isinstance(text, bytes) else text
    if 400 <= code < 500:
        return SendResult(delivery_id, RETRY, error=f"smtp {code} {reason}", only_this=True)
    return SendResult(
        delivery_id, FAILED, error=f"smtp {code} {reason}", suppress=code in DEAD_CODES
    )


class SmtpProvider:
    name: ClassVar[str] = "smtp"
    capabilities = Capabilities(max_batch=100)
    timeout = 60.0

    def __init__(
        self,
        context: Context,
        *,
        test_mode: bool = False,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        env = context.env
        (self.host,) = require_env(env, "SMTP_HOST")
        try:
            self.port = int(env.get("SMTP_PORT", "587"))
        except ValueError:
            raise ProviderSetupError("SMTP_PORT must be a port number like 587") from None
        self.user = env.get("SMTP_USER", "")
        self.password = env.get("SMTP_PASSWORD", "")
        self.starttls = env.get("SMTP_STARTTLS", "yes").lower() not in ("no", "0", "false")
        self.ssl_context = ssl_context or ssl.create_default_context()

    def connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            connection.ehlo()
            if self.starttls:
                connection.starttls(context=self.ssl_context)
                connection.ehlo()
            if self.user:
                connection.login(self.user, self.password)
        except smtplib.SMTPAuthenticationError as error:
            connection.close()
            raise PauseCampaign(
                f"smtp server {self.host} refused the login ({error.smtp_code}); "
                "check SMTP_USER and SMTP_PASSWORD"
            ) from None
        except BaseException:
            connection.close()
            raise
        return connection

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        if not messages:
            return []
        try:
            connection = self.connect()
        except (OSError, smtplib.SMTPException) as error:
            return all_results(messages, RETRY, f"cannot connect to {self.host}: {error}")
        results: list[SendResult] = []
        now = datetime.now(UTC)
        try:
            for index, message in enumerate(messages):
                try:
                    refused = connection.send_message(message.to_mime(date=now))
                except smtplib.SMTPRecipientsRefused as error:
                    code, text = next(iter(error.recipients.values()))
                    results.append(_refusal(message.delivery_id, code, text))
                    connection.rset()
                    continue
                except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                    results.append(_refusal(message.delivery_id, error.smtp_code, error.smtp_error))
                    connection.rset()
                    continue
                except (smtplib.SMTPServerDisconnected, OSError) as error:
                    results.append(SendResult(message.delivery_id, UNKNOWN, error=str(error)))
                    rest = messages[index + 1 :]
                    results += all_results(rest, RETRY, "smtp connection lost")
                    return results
                if refused:
                    code, text = next(iter(refused.values()))
                    results.append(_refusal(message.delivery_id, code, text))
                else:
                    results.append(SendResult(message.delivery_id, SENT, message.message_id))
        finally:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
        return results

    def check(self, sender: str) -> str:
        try:
            connection = self.connect()
        except (OSError, smtplib.SMTPException) as error:
            raise ProviderCheckFailed(
                f"smtp: cannot connect to {self.host}:{self.port}: {error}"
            ) from None
        try:
            code, _ = connection.noop()
        finally:
            connection.quit()
        login = f"logged in as {self.user}" if self.user else "no login"
        tls = "STARTTLS" if self.starttls else "no TLS"
        return f"smtp: {self.host}:{self.port} answered {code} ({tls}, {login})"

    def close(self) -> None:
        pass
