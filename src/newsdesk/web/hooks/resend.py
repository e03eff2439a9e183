"""Resend webhooks, signed by Svix: HMAC-SHA256 over ``id.timestamp.body`` with the
base64 secret of ``RESEND_WEBHOOK_SECRET`` (``whsec_…``); five minutes' tolerance."""

from __future__ import annotations

import base64
import binascii
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
    iso,
    load_json,
    message_id,
    require,
    text,
)

NAME = "resend"
SECRET_ENV = "RESEND_WEBHOOK_SECRET"
TOLERANCE = 5 * 60


def _secret(env: Mapping[str, str]) -> bytes:
    configured = env.get(SECRET_ENV, "").strip()
    if not configured:
        raise HookNotConfigured(f"set {SECRET_ENV} to accept Resend webhooks")
    try:
        return base64.b64decode(configured.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        raise HookNotConfigured(f"{SECRET_ENV} is not a whsec_… secret") from None


def verify(request: Request, body: bytes, env: Mapping[str, str]) -> str | None:
    secret = _secret(env)
    event_id = request.headers.get("svix-id", "")
    timestamp = request.headers.get("svix-timestamp", "")
    signatures = request.headers.get("svix-signature", "")
    if not (event_id and timestamp and signatures):
        raise HookRefused("no Svix signature", 401)
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE:
        raise HookRefused("signature timestamp outside the five-minute tolerance", 403)
    signed = f"{event_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(secret, signed, hashlib.sha256).digest()).decode()
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return None
    raise HookRefused("signature does not match", 403)


KINDS = {
    "email.delivered": "delivered",
    "email.delivery_delayed": "deferred",
    "email.complained": "complained",
    "email.bounced": "bounced",
}


def _tag(tags: object, name: str) -> object:
    if isinstance(tags, dict):
        return tags.get(name)
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, dict) and tag.get("name") == name:
                return tag.get("value")
    return None


def parse(body: bytes, request: Request) -> list[WebhookEvent]:
    payload = load_json(body)
    if not isinstance(payload, dict):
        raise BadPayload("expected one event object")
    require(payload, "type", "data")
    data = payload["data"]
    if not isinstance(data, dict):
        raise BadPayload("data is not an object")
    kind = KINDS.get(text(payload["type"]), "other")
    bounce = data.get("bounce") if isinstance(data.get("bounce"), dict) else {}
    if kind == "bounced" and text(bounce.get("type")).lower() in ("transient", "undetermined"):
        kind = "soft_bounced"
    to = data.get("to")
    recipient = text(to[0] if isinstance(to, list) and to else to)
    return [
        WebhookEvent(
            NAME,
            kind,
            request.headers.get("svix-id", ""),
            iso(payload.get("created_at") or data.get("created_at")),
            message_id(data.get("email_id")),
            recipient,
            text(bounce.get("message")),
            delivery_number(_tag(data.get("tags"), "delivery_id")),
        )
    ]
