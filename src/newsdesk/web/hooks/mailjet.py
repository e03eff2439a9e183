"""Mailjet event webhooks: basic auth only (``MAILJET_WEBHOOK_USER``/``_PASSWORD``); one
event or a list (grouped). Mailjet sends no event id: one is derived."""

from __future__ import annotations

from collections.abc import Mapping

from flask import Request

from newsdesk.web.hooks.auth import basic_or_token
from newsdesk.web.hooks.events import (
    HookNotConfigured,
    WebhookEvent,
    delivery_number,
    epoch,
    load_json,
    objects,
    require,
    synthetic_id,
    text,
)

NAME = "mailjet"


def verify(request: Request, body: bytes, env: Mapping[str, str]) -> str | None:
    if not (env.get("MAILJET_WEBHOOK_USER") and env.get("MAILJET_WEBHOOK_PASSWORD")):
        raise HookNotConfigured(
            "set MAILJET_WEBHOOK_USER and MAILJET_WEBHOOK_PASSWORD to accept Mailjet webhooks"
        )
    basic_or_token(request, {k: v for k, v in env.items() if "TOKEN" not in k}, "MAILJET")
    return None


def _kind(item: dict) -> str:
    event = text(item["event"])
    if event in ("bounce", "blocked"):
        hard = item.get("hard_bounce") is True or text(item.get("hard_bounce")).lower() == "true"
        return "bounced" if event == "bounce" and hard else "soft_bounced"
    return {"sent": "delivered", "spam": "complained", "unsub": "unsubscribed"}.get(event, "other")


def _one(item: dict) -> WebhookEvent:
    require(item, "event", "email")
    provider_id = text(item.get("MessageID") or item.get("Message_GUID"))
    return WebhookEvent(
        NAME,
        _kind(item),
        synthetic_id(NAME, item["event"], provider_id, item["email"], item.get("time")),
        epoch(item.get("time")),
        provider_id,
        text(item["email"]),
        " ".join(filter(None, (text(item.get("error")), text(item.get("comment"))))),
        delivery_number(item.get("CustomID")),
        text(item.get("Message_GUID")),
    )


def parse(body: bytes, request: Request) -> list[WebhookEvent]:
    return [_one(item) for item in objects(load_json(body))]
