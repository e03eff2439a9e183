"""Postmark webhooks: one event per request; basic auth or a URL token (``POSTMARK_WEBHOOK_*``).

RecordType Bounce (Type HardBounce etc.), SpamComplaint, Delivery, SubscriptionChange.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Request

from newsdesk.web.hooks.auth import basic_or_token
from newsdesk.web.hooks.events import (
    WebhookEvent,
    delivery_number,
    iso,
    load_json,
    message_id,
    objects,
    require,
    synthetic_id,
    text,
)

NAME = "postmark"
HARD = {"HardBounce", "BadEmailAddress", "ManuallyDeactivated", "Blocked", "DMARCPolicy"}


def verify(request: Request, body: bytes, env: Mapping[str, str]) -> str | None:
    basic_or_token(request, env, "POSTMARK")
    return None


def _one(item: dict) -> WebhookEvent:
    require(item, "RecordType")
    record = text(item["RecordType"])
    metadata = item.get("Metadata") if isinstance(item.get("Metadata"), dict) else {}
    recipient = text(item.get("Email") or item.get("Recipient"))
    when = iso(item.get("BouncedAt") or item.get("DeliveredAt") or item.get("ChangedAt"))
    reason = text(item.get("Description") or item.get("Details") or item.get("SuppressionReason"))
    if record == "Bounce":
        kind = "bounced" if text(item.get("Type")) in HARD else "soft_bounced"
    elif record == "SpamComplaint":
        kind = "complained"
    elif record == "Delivery":
        kind = "delivered"
    elif record == "SubscriptionChange":
        suppressed = item.get("SuppressSending") is True
        kind = "unsubscribed" if suppressed else "other"
        if suppressed and text(item.get("SuppressionReason")) == "HardBounce":
            kind = "bounced"
        elif suppressed and text(item.get("SuppressionReason")) == "SpamComplaint":
            kind = "complained"
    else:
        kind = "other"
    event_id = text(item.get("ID")) or synthetic_id(
        NAME, record, item.get("MessageID"), recipient, when
    )
    return WebhookEvent(
        NAME,
        kind,
        f"{record}:{event_id}",
        when,
        message_id(item.get("MessageID")),
        recipient,
        reason,
        delivery_number(metadata.get("delivery_id")),
    )


def parse(body: bytes, request: Request) -> list[WebhookEvent]:
    return [_one(item) for item in objects(load_json(body))]
