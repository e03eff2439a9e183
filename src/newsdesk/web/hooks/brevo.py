"""Brevo transactional webhooks: basic auth or a token (``BREVO_WEBHOOK_*``); one event
or a list. Brevo sends no event id, so one is derived from message, event and time."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Request

from newsdesk.web.hooks.auth import basic_or_token
from newsdesk.web.hooks.events import (
    WebhookEvent,
    delivery_number,
    epoch,
    load_json,
    message_id,
    objects,
    require,
    synthetic_id,
    text,
)

NAME = "brevo"
KINDS = {
    "delivered": "delivered",
    "hard_bounce": "bounced",
    "hardBounce": "bounced",
    "invalid_email": "bounced",
    "soft_bounce": "soft_bounced",
    "softBounce": "soft_bounced",
    "deferred": "deferred",
    "spam": "complained",
    "complaint": "complained",
    "unsubscribed": "unsubscribed",
    "unsubscribe": "unsubscribed",
}


def verify(request: Request, body: bytes, env: Mapping[str, str]) -> str | None:
    basic_or_token(request, env, "BREVO")
    return None


def _one(item: dict) -> WebhookEvent:
    require(item, "event", "email")
    event = text(item["event"])
    when = item.get("ts_epoch")
    when_dt = epoch(int(when) / 1000) if text(when).isdigit() else epoch(item.get("ts_event"))
    custom = text(item.get("X-Mailin-custom"))
    return WebhookEvent(
        NAME,
        KINDS.get(event, "other"),
        synthetic_id(
            NAME, event, item.get("message-id"), item.get("email"), when or item.get("ts")
        ),
        when_dt,
        message_id(item.get("message-id")),
        text(item["email"]),
        text(item.get("reason")),
        delivery_number(custom.removeprefix("delivery_id:")),
    )


def parse(body: bytes, request: Request) -> list[WebhookEvent]:
    return [_one(item) for item in objects(load_json(body))]
