"""SendGrid's signed event webhook: ECDSA P-256/SHA-256 over ``timestamp + raw body``,
checked with ``SENDGRID_WEBHOOK_PUBLIC_KEY`` (base64 DER or PEM, as SendGrid shows it)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key
from flask import Request

from newsdesk.web.hooks.events import (
    HookNotConfigured,
    HookRefused,
    WebhookEvent,
    delivery_number,
    epoch,
    load_json,
    objects,
    require,
    synthetic_id,
    text,
)

NAME = "sendgrid"
KEY_ENV = "SENDGRID_WEBHOOK_PUBLIC_KEY"
SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp"


def _public_key(configured: str) -> ec.EllipticCurvePublicKey:
    try:
        if "BEGIN PUBLIC KEY" in configured:
            key = load_pem_public_key(configured.encode())
        else:
            key = load_der_public_key(base64.b64decode(configured))
    except (ValueError, binascii.Error):
        raise HookNotConfigured(f"{KEY_ENV} is not an ECDSA public key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise HookNotConfigured(f"{KEY_ENV} is not an ECDSA public key")
    return key


def verify(request: Request, body: bytes, env: Mapping[str, str]) -> str | None:
    configured = env.get(KEY_ENV, "").strip()
    if not configured:
        raise HookNotConfigured(f"set {KEY_ENV} to accept SendGrid webhooks")
    key = _public_key(configured)
    signature, timestamp = request.headers.get(SIGNATURE, ""), request.headers.get(TIMESTAMP, "")
    if not signature or not timestamp:
        raise HookRefused("no signature", 401)
    try:
        key.verify(
            base64.b64decode(signature), timestamp.encode() + body, ec.ECDSA(hashes.SHA256())
        )
    except (InvalidSignature, binascii.Error, ValueError):
        raise HookRefused("signature does not match", 403) from None
    return None


KINDS = {
    "delivered": "delivered",
    "deferred": "deferred",
    "spamreport": "complained",
    "unsubscribe": "unsubscribed",
    "group_unsubscribe": "unsubscribed",
    "dropped": "other",
}


def _one(item: dict) -> WebhookEvent:
    require(item, "event", "email")
    event = text(item["event"])
    if event == "bounce":
        kind = "soft_bounced" if text(item.get("type")) == "blocked" else "bounced"
    else:
        kind = KINDS.get(event, "other")
    # sg_message_id is the X-Message-Id of the send followed by ".filter…"
    provider_id = text(item.get("sg_message_id")).split(".", 1)[0]
    event_id = text(item.get("sg_event_id")) or synthetic_id(
        NAME, event, provider_id, item.get("email"), item.get("timestamp")
    )
    return WebhookEvent(
        NAME,
        kind,
        event_id,
        epoch(item.get("timestamp")),
        provider_id,
        text(item["email"]),
        text(item.get("reason") or item.get("response")),
        delivery_number(item.get("delivery_id")),
    )


def parse(body: bytes, request: Request) -> list[WebhookEvent]:
    return [_one(item) for item in objects(load_json(body))]
