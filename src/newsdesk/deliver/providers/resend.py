"""Resend: ``POST /emails/batch`` (≤ 100 emails), one item per recipient, Idempotency-Key.

With the key (kept 24 h by Resend) a 5xx or a lost answer is retried safely.
Resend allows about 2 requests a second by default. Environment:
``RESEND_API_KEY``, ``RESEND_BASE_URL`` (tests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from newsdesk.deliver.message import Message
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

TEST_ADDRESS = "delivered@resend.dev"


def item(message: Message) -> dict[str, Any]:
    content = message.content
    html_body, text_body = message.bodies()
    data: dict[str, Any] = {
        "from": content.sender,
        "to": [message.to],
        "subject": content.subject,
        "html": html_body,
        "text": text_body,
        "headers": message.headers(),
        "tags": [
            {"name": "delivery_id", "value": str(message.delivery_id)},
            {"name": "campaign", "value": str(content.campaign_id)},
        ],
    }
    if content.reply_to:
        data["reply_to"] = content.reply_to
    return data


class ResendProvider(HttpProvider):
    name = "resend"
    capabilities = Capabilities(
        max_batch=100, idempotency_keys=True, test_mode=True, requests_per_second=2.0
    )
    default_base_url = "https://api.resend.com"
    base_url_env = "RESEND_BASE_URL"
    credential_env = ("RESEND_API_KEY",)

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        super().__init__(context)
        (key,) = require_env(self.env, "RESEND_API_KEY")
        self.session.headers.update(
            {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        )
        self.test_mode = test_mode

    def body(self, messages: Sequence[Message]) -> bytes:
        items = [item(m) for m in messages]
        if self.test_mode:
            for entry in items:
                entry["to"] = [TEST_ADDRESS]
        return json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        if not messages:
            return []
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        response = self.request(
            "POST",
            "/emails/batch",
            data=self.body(messages),
            headers=headers,
            idempotent=bool(idempotency_key),
        )
        if isinstance(response, Failure):
            return all_results(messages, response.status, response.error)
        data = self.json_of(response) or {}
        if response.status_code == 200:
            ids = [str(entry.get("id", "")) for entry in data.get("data", [])]
            if len(ids) != len(messages):
                return all_results(messages, UNKNOWN, "resend answered a different number of ids")
            return [
                SendResult(m.delivery_id, SENT, provider_id)
                for m, provider_id in zip(messages, ids, strict=True)
            ]
        text = (
            f"{data.get('name', '')}: {data.get('message', '')}" if isinstance(data, dict) else ""
        )
        if response.status_code == 409:
            return all_results(messages, UNKNOWN, f"resend HTTP 409 {text}")
        if "quota" in text.lower():
            raise PauseCampaign(f"resend refused the batch ({text})")
        return all_results(messages, FAILED, f"resend HTTP {response.status_code} {text}")

    def check(self, sender: str) -> str:
        body = {
            "from": sender,
            "to": [TEST_ADDRESS],
            "subject": "newsdesk provider check",
            "text": "newsdesk provider check",
        }
        response = self.request("POST", "/emails", json=body)
        if isinstance(response, Failure):
            raise ProviderCheckFailed(f"resend: {response.error}")
        if response.status_code != 200:
            raise ProviderCheckFailed(f"resend: HTTP {response.status_code}: {response.text[:200]}")
        return f"resend: key accepted (test send from {sender} to {TEST_ADDRESS})"
