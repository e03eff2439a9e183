"""Mailgun webhooks: HMAC-SHA256 of ``timestamp + token`` with ``MAILGUN_WEBHOOK_SIGNING_KEY``;
a token is accepted once (replays refused)."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from flask import Request

from newsdesk.web.hooks.events import (
    BadPayload,
    HookNotConfigured,
    HookRefused,
    WebhookEvent,
    delivery_number,
    epoch,
    load_json,
    message_id,
    require,
    text,
)

NAME = "mailgun"
KEY_ENV = "MAILGUN_WEBHOOK_SIGNING_KEY"
TOLERANCE = 15 * 60


def verify(request: Request, body: bytes, env: Mapping[str, str]) -> str | None:
    key = env.get(KEY_ENV, "")
    if not key:
        raise HookNotConfigured(f"set {KEY_ENV} to accept Mailgun webhooks")
    payload = load_json(body)
    signature = payload.get("signature") if isinstance(payload, dict) else None
    if not isinstance(signature, dict):
        raise HookRefused("no signature", 401)
    timestamp, token, given = (text(signature.get(k)) for k in ("timestamp", "token", "signature"))
    if not (timestamp and token and given):
        raise HookRefused("incomplete signature", 401)
    expected = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        raise HookRefused("signature does not match", 403)
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE:
        raise HookRefused("signature timestamp too old", 403)
    return token


def _kind(data: dict) -> str:
    event = text(data.get("event"))
    if event == "failed":
        return "bounced" if text(data.get("severity")) == "permanent" else "soft_bounced"
    return {
        "delivered": "delivered",
        "complained": "complained",
        "unsubscribed": "unsubscribed",
    }.get(event, "other")


def parse(body: bytes, request: Request) -> list[WebhookEvent]:
    payload = load_json(body)
    data = payload.get("event-data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise BadPayload("no event-data object")
    require(data, "id", "event")
    message = data.get("message") if isinstance(data.get("message"), dict) else {}
    headers = message.get("headers") if isinstance(message.get("headers"), dict) else {}
    status = data.get("delivery-status") if isinstance(data.get("delivery-status"), dict) else {}
    variables = data.get("user-variables") if isinstance(data.get("user-variables"), dict) else {}
    reason = text(status.get("description") or status.get("message") or data.get("reason"))
    return [
        WebhookEvent(
            NAME,
            _kind(data),
            text(data["id"]),
            epoch(data.get("timestamp")),
            message_id(headers.get("message-id")),
            text(data.get("recipient")),
            reason,
            delivery_number(variables.get("delivery_id")),
        )
    ]
