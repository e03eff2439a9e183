"""Erasing a person from what deliver keeps: ledger rows and outbox messages.

The ledger rows stay (campaign counts must not change); their address becomes
``forgotten:<sha256>`` — the hash the audience keeps as its own marker — and
name, salutation and any error text that quoted the address are blanked; a row
not yet sent is marked failed so no worker sends to the marker.
Outbox ``.eml`` files addressed to the person are deleted.

A row is the person's when its address is theirs once normalised, compared in Python
(SQL ``lower()`` leaves non-ASCII letters alone on SQLite: ``Jörg.MÜLLER@…``), or when it
names the same contact as such a row.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from email.parser import BytesHeaderParser
from email.policy import default
from pathlib import Path

import sqlalchemy as sa

from newsdesk.audience.addresses import address_hash, deliverable, normalise
from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.deliver.providers.base import Context
from newsdesk.deliver.providers.outbox import OutboxProvider
from newsdesk.deliver.tables import deliveries

MARKER = "forgotten:"


def marker_for(key: str) -> str:
    """What the normalised address ``key`` becomes when its person is forgotten."""
    return MARKER + address_hash(key)


def is_erased(address: str) -> bool:
    """True for an address ``forget_deliveries`` replaced with a marker."""
    return address.startswith(MARKER)


def sent_as(key: str) -> set[str]:
    """The normalised address ``key`` as it is stored and as messages carried it (an
    internationalised domain in its ``xn--`` form)."""
    return {key, normalise(deliverable(key))}


def forget_deliveries(
    workspace: Workspace, email: str, env: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Blank ``email`` in every delivery row and delete outbox messages to it:
    ``{"deliveries": rows changed, "outbox_files": files deleted}``."""
    key = normalise(email)
    if "@" not in key:
        raise NewsdeskError(f"{email!r} is not an email address")
    marker = marker_for(key)
    engine = connect(workspace.database_url)
    with engine.begin() as connection:
        changed = _forget_ledger(connection, key, marker)
    return {"deliveries": changed, "outbox_files": _forget_outbox(workspace, key, env)}


def _forget_ledger(connection: sa.Connection, key: str, marker: str) -> int:
    rows = _ledger_rows_of(connection, key)
    marked: set[int] = set()
    for row_id, campaign_id, stored, status, error in rows:
        values = {
            # (campaign, email) is unique: a second spelling in one campaign gets its id
            "email": marker if campaign_id not in marked else f"{marker}:{row_id}",
            "name": "",
            "salutation": "",
            "error": without_address(error, (stored, key), marker),
        }
        if status in ("pending", "sending"):
            # never send to the marker: a row not yet out ends here
            values.update(status="failed", error="the person was forgotten before sending")
        marked.add(campaign_id)
        connection.execute(deliveries.update().where(deliveries.c.id == row_id).values(values))
    return len(rows)


def _ledger_rows_of(connection: sa.Connection, key: str) -> list[sa.Row]:
    """The person's delivery rows: those addressed to ``key`` in any spelling, and the
    not yet erased rows of the contacts those rows name."""
    ids: set[int] = set()
    people: set[int] = set()
    everyone = sa.select(deliveries.c.id, deliveries.c.contact_id, deliveries.c.email)
    for row_id, contact_id, stored in connection.execute(
        everyone.execution_options(yield_per=1000)
    ):
        if normalise(stored) == key:
            ids.add(row_id)
            if contact_id is not None:
                people.add(contact_id)
    same_contact = sa.and_(
        deliveries.c.contact_id.in_(people), sa.not_(deliveries.c.email.startswith(MARKER))
    )
    return connection.execute(
        sa.select(
            deliveries.c.id,
            deliveries.c.campaign_id,
            deliveries.c.email,
            deliveries.c.status,
            deliveries.c.error,
        )
        .where(sa.or_(deliveries.c.id.in_(ids), same_contact))
        .order_by(deliveries.c.id)
    ).all()


def without_address(text: str, addresses: tuple[str, ...], marker: str) -> str:
    """``text`` (an error, a provider's reason), or a note in its place when it quotes
    one of ``addresses``."""
    lowered = text.lower()
    if not any(address.lower() in lowered for address in addresses):
        return text
    return f"(error text erased with the address; {marker})"


def _outbox_root(workspace: Workspace, env: Mapping[str, str] | None) -> Path:
    context = Context(env=dict(os.environ if env is None else env), workspace_root=workspace.root)
    return OutboxProvider(context).root


def _forget_outbox(workspace: Workspace, key: str, env: Mapping[str, str] | None) -> int:
    root = _outbox_root(workspace, env)
    if not root.is_dir():
        return 0
    parser = BytesHeaderParser(policy=default)
    deleted = 0
    for path in root.rglob("*.eml"):
        with path.open("rb") as stream:
            headers = parser.parse(stream)
        recipients = headers.get_all("To", []) + headers.get_all("Cc", [])
        addresses = {
            normalise(address.addr_spec)
            for field in recipients
            for address in getattr(field, "addresses", ())
        }
        if addresses & sent_as(key):
            path.unlink()
            deleted += 1
    return deleted
