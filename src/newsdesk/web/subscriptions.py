"""What the public pages read about the person behind a token: their delivery row and
the lists they are on. Read-only; every change goes through ``ContactStore``."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsdesk.audience.tables import contacts, lists, memberships
from newsdesk.deliver.erasure import is_erased
from newsdesk.deliver.tables import deliveries


@dataclass(frozen=True)
class Addressee:
    """Who a token names: the delivery's address and language, the contact if still known.
    A forgotten person has neither address (``""``) nor contact."""

    delivery_id: int
    email: str
    lang: str
    contact_id: int | None


def addressee(
    engine: Engine, delivery_id: int, contact_id: int | None, campaign_id: int
) -> Addressee | None:
    """Who the token of ``delivery_id`` in ``campaign_id`` names. The campaign must match:
    a test send's copies number their deliveries from 0 without ledger rows, and must not
    reach the contact behind another campaign's delivery of the same number."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(deliveries.c.email, deliveries.c.lang, deliveries.c.contact_id).where(
                deliveries.c.id == delivery_id, deliveries.c.campaign_id == campaign_id
            )
        ).first()
        known = contact_id if contact_id is not None else (row.contact_id if row else None)
        if known is not None:
            exists = connection.scalar(sa.select(contacts.c.id).where(contacts.c.id == known))
            known = exists
    if row is None:
        return None
    if is_erased(row.email):
        return Addressee(delivery_id, "", row.lang, None)
    return Addressee(delivery_id, row.email, row.lang, known)


@dataclass(frozen=True)
class Membership:
    name: str
    title: str
    status: str


def memberships_of(engine: Engine, contact_id: int) -> list[Membership]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(lists.c.name, lists.c.title, memberships.c.status)
            .select_from(memberships)
            .join(lists, lists.c.id == memberships.c.list_id)
            .where(memberships.c.contact_id == contact_id)
            .order_by(lists.c.name)
        ).all()
    return [Membership(row.name, row.title or row.name, row.status) for row in rows]
