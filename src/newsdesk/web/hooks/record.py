"""What a verified webhook does: each event stored once (by provider and event id),
matched to the delivery ledger, and bounces, complaints and unsubscribes suppressed;
and what ``contacts forget`` erases of the events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.audience import ContactStore
from newsdesk.audience.addresses import normalise
from newsdesk.deliver.erasure import marker_for, sent_as, without_address
from newsdesk.deliver.tables import deliveries
from newsdesk.web.hooks.events import SUPPRESSING, WebhookEvent
from newsdesk.web.tables import webhook_events, webhook_tokens


@dataclass
class HookReport:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    suppressed: int = 0
    matched: int = 0


def _match(connection: Connection, event: WebhookEvent) -> sa.Row | None:
    """The delivery row the event is about: by our delivery id, else the provider's id."""
    columns = (
        deliveries.c.id,
        deliveries.c.campaign_id,
        deliveries.c.contact_id,
        deliveries.c.email,
    )
    if event.delivery_id is not None:
        row = connection.execute(
            sa.select(*columns).where(deliveries.c.id == event.delivery_id)
        ).first()
        if row is not None and (
            not event.recipient or row.email.lower() == event.recipient.lower()
        ):
            return row
    ids = [i for i in (event.message_id, event.other_message_id) if i]
    if not ids:
        return None
    return connection.execute(
        sa.select(*columns).where(
            deliveries.c.provider_message_id.in_(ids + [f"<{i}>" for i in ids])
        )
    ).first()


def _seen(connection: Connection, event: WebhookEvent) -> bool:
    query = sa.select(webhook_events.c.id).where(
        webhook_events.c.provider == event.provider, webhook_events.c.event_id == event.event_id
    )
    return connection.execute(query).first() is not None


def record_events(
    engine: Engine,
    store: ContactStore,
    provider: str,
    events: list[WebhookEvent],
    replay_token: str | None = None,
) -> HookReport:
    """Store and act on ``events`` in one transaction (all or nothing, so a failure
    lets the provider retry the whole request)."""
    report = HookReport(received=len(events))
    now = datetime.now(UTC)
    with engine.begin() as connection:
        if replay_token is not None:
            connection.execute(
                webhook_tokens.insert().values(provider=provider, token=replay_token, seen_at=now)
            )
        for event in events:
            if _seen(connection, event):
                report.duplicates += 1
                continue
            row = _match(connection, event)
            report.matched += row is not None
            reason = SUPPRESSING.get(event.type)
            address = event.recipient or (row.email if row is not None else "")
            if reason and "@" in address:
                source = f"{provider} webhook: {event.reason}".strip(": ")[:200]
                if store.suppress(address, reason, source, connection=connection):
                    report.suppressed += 1
            connection.execute(
                webhook_events.insert().values(
                    provider=provider,
                    event_id=event.event_id[:200],
                    type=event.type,
                    occurred_at=event.timestamp,
                    message_id=event.message_id,
                    recipient=address[:320],
                    reason=event.reason[:2000],
                    delivery_id=row.id if row is not None else None,
                    campaign_id=row.campaign_id if row is not None else None,
                    received_at=now,
                )
            )
            report.stored += 1
    return report


def token_seen(engine: Engine, provider: str, token: str) -> bool:
    with engine.connect() as connection:
        query = sa.select(webhook_tokens.c.id).where(
            webhook_tokens.c.provider == provider, webhook_tokens.c.token == token
        )
        return connection.execute(query).first() is not None


def forget_events(engine: Engine, email: str) -> int:
    """Put the forgotten-person marker in place of ``email`` in every stored webhook
    event (and blank a reason that quotes it); returns how many events changed. Compared
    in Python: SQL ``lower()`` leaves non-ASCII letters alone on SQLite."""
    key = normalise(email)
    marker = marker_for(key)
    spellings = sent_as(key)
    with engine.begin() as connection:
        events = sa.select(webhook_events.c.id, webhook_events.c.recipient, webhook_events.c.reason)
        found = [
            row
            for row in connection.execute(events.execution_options(yield_per=1000))
            if normalise(row.recipient) in spellings
        ]
        for row in found:
            connection.execute(
                webhook_events.update()
                .where(webhook_events.c.id == row.id)
                .values(
                    recipient=marker,
                    reason=without_address(row.reason, (row.recipient, key), marker),
                )
            )
    return len(found)
