"""Brevo: ``POST /v3/smtp/email`` with ≤ 1000 ``messageVersions`` and an idempotency key.

The base ``htmlContent``/``textContent`` is written once per call with
``{{ params.name }}`` variables; each version carries one recipient and its
params. The ``idempotencyKey`` (a UUID, kept about 30 minutes) goes inside the
JSON ``headers``. Environment: ``BREVO_API_KEY``, ``BREVO_BASE_URL`` (tests).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from newsdesk.deliver.message import Content, Message
from newsdesk.deliver.providers.base import (
    FAILED,
    SENT,
    UNKNOWN,
    Capabilities,
    Context,
    PauseCampaign,
    ProviderCheckFailed,
    SendResult,
    all_results,
    require_env,
)
from newsdesk.deliver.providers.http import Failure, HttpProvider


def param(name: str) -> str:
    return "{{ params.%s }}" % name  # noqa: UP031 - braces of Brevo's template language


def static_body(content: Content, sandbox: bool) -> dict[str, Any]:
    html_body, text_body = content.with_variables(param)
    headers: dict[str, str] = {}
    if content.offers_unsubscribe:
        link = content.variable("unsubscribe_url", param)
        headers["List-Unsubscribe"] = f"<{link}>, <{content.unsubscribe_mailto}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    headers["X-Newsdesk-Campaign"] = str(content.campaign_id)
    if content.list_id:
        headers["List-Id"] = content.list_id
    if content.test:
        headers["X-Newsdesk-Test"] = "yes"
    if sandbox:
        headers["X-Sib-Sandbox"] = "drop"
    body: dict[str, Any] = {
        "sender": {"name": content.sender_name, "email": content.sender_email},
        "subject": content.subject,
        "htmlContent": html_body,
        "textContent": text_body,
        "headers": headers,
    }
    if content.reply_to:
        body["replyTo"] = {"email": content.reply_to}
    if content.tag:
        body["tags"] = [content.tag]
    return body


def version(message: Message) -> dict[str, Any]:
    to = (
        {"email": message.email, "name": message.name} if message.name else {"email": message.email}
    )
    return {"to": [to], "params": message.variables()}


class BrevoProvider(HttpProvider):
    name = "brevo"
    capabilities = Capabilities(
        max_batch=1000, recipient_variables=True, idempotency_keys=True, test_mode=True
    )
    default_base_url = "https://api.brevo.com"
    base_url_env = "BREVO_BASE_URL"
    credential_env = ("BREVO_API_KEY",)

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        super().__init__(context)
        (key,) = require_env(self.env, "BREVO_API_KEY")
        self.session.headers.update(
            {"api-key": key, "Accept": "application/json", "Content-Type": "application/json"}
        )
        self.sandbox = test_mode

    def body(self, messages: Sequence[Message], idempotency_key: str) -> dict[str, Any]:
        base = messages[0].content.encoded(
            f"brevo:{self.sandbox}", lambda c: static_body(c, self.sandbox)
        )
        body = dict(base)
        body["headers"] = {**base["headers"], "idempotencyKey": idempotency_key}
        body["messageVersions"] = [version(m) for m in messages]
        return body

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        if not messages:
            return []
        key = idempotency_key or str(uuid.uuid4())
        data = json.dumps(
            self.body(messages, key), ensure_ascii=False, separators=(",", ":")
        ).encode()
        response = self.request("POST", "/v3/smtp/email", data=data, idempotent=True)
        if isinstance(response, Failure):
            return all_results(messages, response.status, response.error)
        answer = self.json_of(response) or {}
        if response.status_code in (200, 201, 202):
            ids = answer.get("messageIds") or [answer.get("messageId", "")] * len(messages)
            if len(ids) != len(messages):
                return all_results(messages, UNKNOWN, "brevo answered a different number of ids")
            return [
                SendResult(m.delivery_id, SENT, str(i)) for m, i in zip(messages, ids, strict=True)
            ]
        text = f"{answer.get('code', '')}: {answer.get('message', '')}"
        if response.status_code == 402 or "credit" in text.lower():
            raise PauseCampaign(f"brevo refused the batch ({text}); add credits, then --resume")
        return all_results(messages, FAILED, f"brevo HTTP {response.status_code} {text}")

    def check(self, sender: str) -> str:
        response = self.request("GET", "/v3/account")
        if isinstance(response, Failure):
            raise ProviderCheckFailed(f"brevo: {response.error}")
        if response.status_code != 200:
            raise ProviderCheckFailed(f"brevo: HTTP {response.status_code}: {response.text[:200]}")
        data = self.json_of(response) or {}
        return f"brevo: account {data.get('email', '?')} accepted the key"
