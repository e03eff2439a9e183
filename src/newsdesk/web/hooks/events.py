"""The normalised webhook event every provider's payload becomes, and the helpers the
provider modules share to build one."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

#: Event types newsdesk knows; a provider's other events become ``other`` and are kept.
TYPES = ("delivered", "bounced", "soft_bounced", "deferred", "complained", "unsubscribed", "other")
#: The types that keep an address out of every later send.
SUPPRESSING = {"bounced": "bounced", "complained": "complained", "unsubscribed": "unsubscribed"}


class HookRefused(Exception):
    """The request is not authentic: 401 (no credentials) or 403 (wrong ones, a replay)."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class HookNotConfigured(Exception):
    """The environment lacks this provider's webhook secret: answered 503 so it retries."""


class BadPayload(Exception):
    """The body is not the provider's documented shape (answered 400)."""


@dataclass(frozen=True)
class WebhookEvent:
    provider: str
    type: str
    event_id: str
    timestamp: datetime | None
    message_id: str
    recipient: str
    reason: str = ""
    delivery_id: int | None = None
    other_message_id: str = ""


def load_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadPayload("the body is not JSON") from None


def objects(payload: Any) -> list[dict[str, Any]]:
    """A payload that is one event object or a list of them, as a list of dicts."""
    items = payload if isinstance(payload, list) else [payload]
    if not items or not all(isinstance(item, dict) for item in items):
        raise BadPayload("expected an event object or a list of event objects")
    return items


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def message_id(value: Any) -> str:
    """A provider message id without the angle brackets some providers keep."""
    return text(value).strip("<>")


def epoch(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def iso(value: Any) -> datetime | None:
    raw = text(value)
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def delivery_number(value: Any) -> int | None:
    """Our delivery id as carried in a provider's metadata (``123`` or ``delivery-123``)."""
    raw = text(value).removeprefix("delivery-")
    return int(raw) if raw.isdigit() else None


def synthetic_id(provider: str, *parts: Any) -> str:
    """An event id for providers that send none: the same event always hashes alike."""
    digest = hashlib.sha256("\x1f".join([provider, *map(text, parts)]).encode()).hexdigest()
    return f"sha256:{digest[:48]}"


def require(item: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if name not in item]
    if missing:
        raise BadPayload(f"event without {', '.join(missing)}")
