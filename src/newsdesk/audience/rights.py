"""Data subject rights (DSGVO Art. 15, 17, 20): export everything about a person,
forget a person, and export a list for staff's spreadsheets."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newsdesk.audience.addresses import address_hash, normalise
from newsdesk.audience.spreadsheet import write_table
from newsdesk.audience.store import ContactStore
from newsdesk.audience.tables import consent_events, contacts, lists, memberships, suppressions
from newsdesk.core.errors import NewsdeskError

SALUTATIONS = {"f": "Frau", "m": "Herr", "d": "Divers", "": ""}
EXPORT_HEADERS = (
    "E-Mail",
    "Anrede",
    "Titel",
    "Vorname",
    "Nachname",
    "Organisation",
    "Funktion",
    "Sprache",
    "Status",
    "Eingetragen",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _rows(connection: sa.Connection, query: sa.Select) -> list[dict[str, Any]]:
    return [
        {key: _plain(value) for key, value in row._mapping.items()}
        for row in connection.execute(query)
    ]


def export_person(store: ContactStore, email: str) -> dict[str, Any]:
    """Everything stored about ``email``: contact, memberships, consent, suppressions."""
    key = normalise(email)
    with store.engine.connect() as connection:
        person = _rows(connection, sa.select(contacts).where(contacts.c.email_normalised == key))
        contact = person[0] if person else None
        result: dict[str, Any] = {"email": key, "contact": contact}
        contact_id = contact["id"] if contact else None
        result["memberships"] = _rows(
            connection,
            sa.select(lists.c.name.label("list"), memberships.c.status, memberships.c.created_at)
            .join(lists, lists.c.id == memberships.c.list_id)
            .where(memberships.c.contact_id == contact_id)
            .order_by(lists.c.name),
        )
        result["consent_events"] = _rows(
            connection,
            sa.select(
                lists.c.name.label("list"),
                consent_events.c.kind,
                consent_events.c.source,
                consent_events.c.note,
                consent_events.c.ip,
                consent_events.c.created_at,
            )
            .outerjoin(lists, lists.c.id == consent_events.c.list_id)
            .where(consent_events.c.contact_id == contact_id)
            .order_by(consent_events.c.id),
        )
        result["suppressions"] = _rows(
            connection,
            sa.select(
                lists.c.name.label("list"),
                suppressions.c.reason,
                suppressions.c.source,
                suppressions.c.created_at,
            )
            .outerjoin(lists, lists.c.id == suppressions.c.list_id)
            .where(suppressions.c.email_hash == address_hash(key))
            .order_by(suppressions.c.id),
        )
    if contact is None and not result["suppressions"]:
        raise NewsdeskError(f"nothing is stored about {email}")
    return result


def forget(store: ContactStore, email: str, source: str = "cli") -> dict[str, int]:
    """Erase the person, their memberships and consent records; keep only the hash of
    their address as a ``forgotten`` suppression so no import brings them back."""
    key = normalise(email)
    if "@" not in key:
        raise NewsdeskError(f"{email!r} is not an email address")
    digest = address_hash(key)
    with store.engine.begin() as connection:
        contact_id = connection.scalar(
            sa.select(contacts.c.id).where(contacts.c.email_normalised == key)
        )
        erased = {"contacts": 0, "memberships": 0, "consent_events": 0, "suppressions": 0}
        if contact_id is not None:
            erased["memberships"] = connection.execute(
                memberships.delete().where(memberships.c.contact_id == contact_id)
            ).rowcount
            erased["consent_events"] = connection.execute(
                consent_events.delete().where(consent_events.c.contact_id == contact_id)
            ).rowcount
            erased["contacts"] = connection.execute(
                contacts.delete().where(contacts.c.id == contact_id)
            ).rowcount
        erased["suppressions"] = connection.execute(
            suppressions.delete().where(suppressions.c.email_hash == digest)
        ).rowcount
        store.suppress(key, "forgotten", source, connection=connection)
    return erased


def export_list(store: ContactStore, list_name: str, out: Path) -> int:
    """Write a list's members to a CSV or XLSX file (German headers, as the importer
    reads them); returns the number of rows."""
    if out.suffix.lower() not in {".csv", ".xlsx"}:
        raise NewsdeskError("the output must end in .csv or .xlsx", place=out)
    suppressed = sa.exists().where(
        suppressions.c.email_normalised == contacts.c.email_normalised,
        sa.or_(suppressions.c.list_id.is_(None), suppressions.c.list_id == memberships.c.list_id),
    )
    with store.engine.connect() as connection:
        list_id = store.resolve_list(connection, list_name)
        query = (
            sa.select(contacts, memberships.c.status, suppressed.label("suppressed"))
            .join(memberships, memberships.c.contact_id == contacts.c.id)
            .where(memberships.c.list_id == list_id)
            .order_by(contacts.c.email_normalised)
        )
        rows = [
            [
                row.email,
                SALUTATIONS.get(row.gender, ""),
                row.title,
                row.first_name,
                row.last_name,
                row.organisation,
                row.role,
                row.language,
                "suppressed" if row.suppressed else row.status,
                _plain(row.created_at)[:10],
            ]
            for row in connection.execute(query)
        ]
    write_table(out, EXPORT_HEADERS, rows)
    return len(rows)
