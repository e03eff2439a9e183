"""SendGrid: ``POST /v3/mail/send`` with ≤ 1000 ``personalizations``, one per recipient.

The body is sent once per call with ``[%name%]`` substitution tags; each
personalization carries the recipient, its substitutions, its own
List-Unsubscribe header and the delivery id in ``custom_args``. SendGrid answers
202 with no body. Environment: ``SENDGRID_API_KEY``, ``SENDGRID_BASE_URL`` (tests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from email.utils import parseaddr
from typing import Any

from newsdesk.deliver.message import PLACEHOLDERS, Content, Message
from newsdesk.deliver.providers.base import (
    FAILED,
    SENT,
    Capabilities,
    Context,
    ProviderCheckFailed,
    SendResult,
    all_results,
    require_env,
)
from newsdesk.deliver.providers.http import Failure, HttpProvider


def tag(name: str) -> str:
    return f"[%{name}%]"


_TAGS = {name: tag(name) for name in ("delivery_id", *PLACEHOLDERS)}
_TAGS.update({f"{name}_html": tag(f"{name}_html") for name in PLACEHOLDERS})


def _address(text: str) -> dict[str, str]:
    name, email = parseaddr(text)
    return {"email": email, "name": name} if name else {"email": email}


def static_body(content: Content, sandbox: bool) -> dict[str, Any]:
    html_body, text_body = content.with_variables(tag)
    body: dict[str, Any] = {
        "from": {"email": content.sender_email, "name": content.sender_name},
        "subject": content.subject,
        "content": [
            {"type": "text/plain", "value": text_body},
            {"type": "text/html", "value": html_body},
        ],
        "headers": {},
        "tracking_settings": {
            "click_tracking": {"enable": False},
            "open_tracking": {"enable": False},
        },
    }
    if content.offers_unsubscribe:
        body["headers"]["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if content.list_id:
        body["headers"]["List-Id"] = content.list_id
    if content.test:
        body["headers"]["X-Newsdesk-Test"] = "yes"
    if content.reply_to:
        body["reply_to"] = _address(content.reply_to)
    if content.tag:
        body["categories"] = [content.tag]
    if sandbox:
        body["mail_settings"] = {"sandbox_mode": {"enable": True}}
    if not body["headers"]:
        del body["headers"]
    return body


def personalization(message: Message) -> dict[str, Any]:
    to = (
        {"email": message.email, "name": message.name} if message.name else {"email": message.email}
    )
    personal: dict[str, Any] = {
        "to": [to],
        "substitutions": {
            _TAGS.get(name) or tag(name): value for name, value in message.variables().items()
        },
        "custom_args": {
            "delivery_id": str(message.delivery_id),
            "campaign": str(message.content.campaign_id),
        },
    }
    if message.list_unsubscribe:  # a staff notice has none
        personal["headers"] = {"List-Unsubscribe": message.list_unsubscribe}
    return personal


class SendgridProvider(HttpProvider):
    name = "sendgrid"
    capabilities = Capabilities(
        max_batch=1000, recipient_variables=True, test_mode=True, parallel_requests=2
    )
    default_base_url = "https://api.sendgrid.com"
    base_url_env = "SENDGRID_BASE_URL"
    credential_env = ("SENDGRID_API_KEY",)

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        super().__init__(context)
        (key,) = require_env(self.env, "SENDGRID_API_KEY")
        self.session.headers.update(
            {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        )
        self.sandbox = test_mode

    def body(self, messages: Sequence[Message]) -> bytes:
        """The JSON of one call: the static part is encoded once per campaign."""
        content = messages[0].content
        head = content.encoded(
            f"sendgrid:{self.sandbox}",
            lambda c: json.dumps(
                static_body(c, self.sandbox), ensure_ascii=False, separators=(",", ":")
            )[1:].encode(),
        )
        people = json.dumps(
            [personalization(m) for m in messages], ensure_ascii=False, separators=(",", ":")
        )
        return b'{"personalizations":' + people.encode() + b"," + head

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        if not messages:
            return []
        response = self.request("POST", "/v3/mail/send", data=self.body(messages))
        if isinstance(response, Failure):
            return all_results(messages, response.status, response.error)
        if response.status_code in (200, 202):
            provider_id = response.headers.get("X-Message-Id", "")
            return [SendResult(m.delivery_id, SENT, provider_id) for m in messages]
        data = self.json_of(response) or {}
        errors = data.get("errors", []) if isinstance(data, dict) else []
        text = "; ".join(str(e.get("message", "")) for e in errors if isinstance(e, dict))
        return all_results(messages, FAILED, f"sendgrid HTTP {response.status_code}: {text}")

    def check(self, sender: str) -> str:
        body = {
            "personalizations": [{"to": [{"email": sender}]}],
            "from": {"email": sender},
            "subject": "newsdesk provider check",
            "content": [{"type": "text/plain", "value": "newsdesk provider check"}],
            "mail_settings": {"sandbox_mode": {"enable": True}},
        }
        response = self.request("POST", "/v3/mail/send", json=body)
        if isinstance(response, Failure):
            raise ProviderCheckFailed(f"sendgrid: {response.error}")
        if response.status_code not in (200, 202):
            raise ProviderCheckFailed(
                f"sendgrid: HTTP {response.status_code}: {response.text[:200]}"
            )
        return f"sendgrid: key accepted (sandbox send from {sender})"
