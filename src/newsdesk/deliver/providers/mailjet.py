"""Mailjet Send API v3.1: ``POST /v3.1/send`` with ≤ 50 ``Messages`` and shared ``Globals``.

The body goes once per call in ``Globals`` with ``{{var:name}}`` variables
(``TemplateLanguage``); each message carries one recipient, its ``Variables``,
its List-Unsubscribe header and the delivery id as ``CustomID``. A partial
failure answers **400** with one result per message. Environment:
``MAILJET_API_KEY``, ``MAILJET_SECRET_KEY``, ``MAILJET_BASE_URL`` (tests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from newsdesk.deliver.message import Content, Message
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

DEAD_ADDRESS = {"mj-0013", "mj-0004", "send-0008"}  # invalid or blocked recipient


def var(name: str) -> str:
    return "{{var:%s}}" % name  # noqa: UP031 - braces of Mailjet's template language


def globals_of(content: Content) -> dict[str, Any]:
    html_body, text_body = content.with_variables(var)
    data: dict[str, Any] = {
        "From": {"Email": content.sender_email, "Name": content.sender_name},
        "Subject": content.subject,
        "TextPart": text_body,
        "HTMLPart": html_body,
        "TemplateLanguage": True,
        "TrackOpens": "disabled",
        "TrackClicks": "disabled",
    }
    if content.reply_to:
        data["ReplyTo"] = {"Email": content.reply_to}
    if content.tag:
        data["MonitoringCategory"] = content.tag
    return data


def message_of(message: Message) -> dict[str, Any]:
    to = {"Email": message.email}
    if message.name:
        to["Name"] = message.name
    headers = message.headers()
    headers.pop("Message-ID", None)
    return {
        "To": [to],
        "Variables": message.variables(),
        "Headers": headers,
        "CustomID": f"delivery-{message.delivery_id}",
        "EventPayload": json.dumps({"campaign": message.content.campaign_id}),
    }


class MailjetProvider(HttpProvider):
    name = "mailjet"
    capabilities = Capabilities(max_batch=50, recipient_variables=True, test_mode=True)
    default_base_url = "https://api.mailjet.com"
    base_url_env = "MAILJET_BASE_URL"
    credential_env = ("MAILJET_API_KEY", "MAILJET_SECRET_KEY")

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        super().__init__(context)
        public, private = require_env(self.env, "MAILJET_API_KEY", "MAILJET_SECRET_KEY")
        self.session.auth = (public, private)
        self.session.headers["Content-Type"] = "application/json"
        self.sandbox = test_mode

    def body(self, messages: Sequence[Message]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "Globals": messages[0].content.encoded("mailjet", globals_of),
            "Messages": [message_of(m) for m in messages],
        }
        if self.sandbox:
            body["SandboxMode"] = True
        return body

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        if not messages:
            return []
        data = json.dumps(self.body(messages), ensure_ascii=False, separators=(",", ":")).encode()
        response = self.request("POST", "/v3.1/send", data=data)
        if isinstance(response, Failure):
            return all_results(messages, response.status, response.error)
        answer = self.json_of(response) or {}
        items = answer.get("Messages") if isinstance(answer, dict) else None
        if response.status_code not in (200, 400) or not isinstance(items, list):
            text = answer.get("ErrorMessage", "") if isinstance(answer, dict) else ""
            return all_results(messages, FAILED, f"mailjet HTTP {response.status_code} {text}")
        if len(items) != len(messages):
            return all_results(messages, FAILED, "mailjet answered a different number of results")
        return [self._result(m, item) for m, item in zip(messages, items, strict=True)]

    def _result(self, message: Message, item: dict[str, Any]) -> SendResult:
        if item.get("Status") == "success":
            to = (item.get("To") or [{}])[0]
            provider_id = str(to.get("MessageUUID") or to.get("MessageID") or "")
            return SendResult(message.delivery_id, SENT, provider_id)
        errors = item.get("Errors") or [{}]
        codes = {str(e.get("ErrorCode", "")).lower() for e in errors}
        text = "; ".join(str(e.get("ErrorMessage", "")) for e in errors)
        return SendResult(
            message.delivery_id,
            FAILED,
            error=f"mailjet {', '.join(sorted(codes))}: {text}",
            suppress=bool(codes & DEAD_ADDRESS),
        )

    def check(self, sender: str) -> str:
        body = {
            "SandboxMode": True,
            "Messages": [
                {
                    "From": {"Email": sender},
                    "To": [{"Email": sender}],
                    "Subject": "newsdesk provider check",
                    "TextPart": "newsdesk provider check",
                }
            ],
        }
        response = self.request("POST", "/v3.1/send", json=body)
        if isinstance(response, Failure):
            raise ProviderCheckFailed(f"mailjet: {response.error}")
        if response.status_code != 200:
            raise ProviderCheckFailed(
                f"mailjet: HTTP {response.status_code}: {response.text[:200]}"
            )
        return f"mailjet: keys accepted (sandbox send from {sender})"
