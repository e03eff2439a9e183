"""Mailgun: ``POST /v3/{domain}/messages`` as a multipart form, EU or US region.

A batch (≤ 1000) is one call: one body written with ``%recipient.name%``
variables, many ``to`` fields, and ``recipient-variables`` (a JSON map from each
address to its values). Mailgun answers one id for the whole call.
Environment: ``MAILGUN_API_KEY``, ``MAILGUN_DOMAIN``, ``MAILGUN_REGION`` (``eu`` or
``us``, default ``eu``), ``MAILGUN_BASE_URL`` (tests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from newsdesk.deliver.message import Content, Message, plain
from newsdesk.deliver.providers.base import (
    FAILED,
    SENT,
    Capabilities,
    Context,
    PauseCampaign,
    ProviderCheckFailed,
    ProviderSetupError,
    SendResult,
    all_results,
    require_env,
)
from newsdesk.deliver.providers.http import Failure, HttpProvider

BOUNDARY = b"newsdesk-6f1d9c0b2e4a4b7f8d3a"


def _field(name: str, value: str) -> bytes:
    """One multipart/form-data field (names are ours; values never contain the boundary)."""
    return b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (
        BOUNDARY,
        name.encode(),
        value.encode(),
    )


def _json_string(value: str) -> str:
    return f'"{value}"' if plain(value) else json.dumps(value, ensure_ascii=False)


_TO_FIELD = _field("to", "")[: -len(b"\r\n")]  # a "to" field but its value

REGIONS = {"eu": "https://api.eu.mailgun.net", "us": "https://api.mailgun.net"}


def variable(name: str) -> str:
    return f"%recipient.{name}%"


def static_fields(content: Content, test_mode: bool) -> list[tuple[str, str]]:
    """The form fields every batch of this content shares (built once per campaign)."""
    html_body, text_body = content.with_variables(variable)
    fields = [
        ("from", content.sender),
        ("subject", content.subject),
        ("html", html_body),
        ("text", text_body),
        ("v:delivery_id", variable("delivery_id")),
        ("v:campaign", str(content.campaign_id)),
        ("o:tracking", "no"),
    ]
    if content.offers_unsubscribe:
        link = content.variable("unsubscribe_url", variable)
        unsubscribe = f"<{link}>, <{content.unsubscribe_mailto}>"
        fields.append(("h:List-Unsubscribe", unsubscribe))
        fields.append(("h:List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    if content.reply_to:
        fields.append(("h:Reply-To", content.reply_to))
    if content.list_id:
        fields.append(("h:List-Id", content.list_id))
    if content.test:
        fields.append(("h:X-Newsdesk-Test", "yes"))
    if content.tag:
        fields.append(("o:tag", content.tag))
    if test_mode:
        fields.append(("o:testmode", "yes"))
    return fields


class MailgunProvider(HttpProvider):
    name = "mailgun"
    capabilities = Capabilities(
        max_batch=1000, recipient_variables=True, test_mode=True, parallel_requests=2
    )
    base_url_env = "MAILGUN_BASE_URL"
    credential_env = ("MAILGUN_API_KEY", "MAILGUN_DOMAIN")

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        region = context.env.get("MAILGUN_REGION", "eu").lower()
        if region not in REGIONS:
            raise ProviderSetupError(f"MAILGUN_REGION must be eu or us, not {region!r}")
        self.default_base_url = REGIONS[region]
        super().__init__(context)
        key, self.domain = require_env(self.env, "MAILGUN_API_KEY", "MAILGUN_DOMAIN")
        self.session.auth = ("api", key)
        self.test_mode = test_mode

    def form(self, messages: Sequence[Message]) -> bytes:
        """The multipart body of one call: the shared fields encoded once per campaign."""
        content = messages[0].content
        shared = content.encoded(
            f"mailgun:{self.test_mode}",
            lambda c: b"".join(_field(n, v) for n, v in static_fields(c, self.test_mode)),
        )
        variables = ",".join(
            [f"{_json_string(message.email)}:{message.variables_json()}" for message in messages]
        )
        parts = [shared]
        parts += [b"%s%s\r\n" % (_TO_FIELD, message.to.encode()) for message in messages]
        parts.append(_field("recipient-variables", f"{{{variables}}}"))
        parts.append(b"--%s--\r\n" % BOUNDARY)
        return b"".join(parts)

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        if not messages:
            return []
        response = self.request(
            "POST",
            f"/v3/{self.domain}/messages",
            data=self.form(messages),
            headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY.decode()}"},
        )
        if isinstance(response, Failure):
            return all_results(messages, response.status, response.error)
        data = self.json_of(response) or {}
        text = data.get("message", "") if isinstance(data, dict) else ""
        if response.status_code == 200:
            provider_id = str(data.get("id", "")).strip("<>")
            return [SendResult(m.delivery_id, SENT, provider_id) for m in messages]
        if response.status_code == 402 or ("limit" in text.lower() and response.status_code == 400):
            raise PauseCampaign(f"mailgun refused the batch (HTTP {response.status_code}: {text})")
        return all_results(messages, FAILED, f"mailgun HTTP {response.status_code}: {text}")

    def check(self, sender: str) -> str:
        response = self.request("GET", f"/v3/domains/{self.domain}")
        if isinstance(response, Failure):
            raise ProviderCheckFailed(f"mailgun: {response.error}")
        if response.status_code != 200:
            raise ProviderCheckFailed(
                f"mailgun: HTTP {response.status_code}: {response.text[:200]}"
            )
        state = (self.json_of(response) or {}).get("domain", {}).get("state", "?")
        return f"mailgun: domain {self.domain} ({state}) at {self.base_url}"
