"""Adding single contacts with the consent they gave; double opt-in invitations.

An invited contact stays ``pending`` on the list (and out of every audience) until
they follow the signed link in the confirmation mail; the confirmation is recorded
with its time and IP address, as proof of consent (DSGVO, UWG §7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsdesk.audience.addresses import address_hash
from newsdesk.audience.columns import FIELDS
from newsdesk.audience.store import ContactStore, now
from newsdesk.audience.tables import (
    GENDERS,
    consent_events,
    contacts,
    lists,
    memberships,
    suppressions,
)
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.signing import Signer, secret_key

CONFIRM_PURPOSE = "confirmation"
CONFIRM_MAX_AGE = 14 * 24 * 3600
ADD_CONSENT = ("imported", "confirmed")


@dataclass(frozen=True)
class Added:
    contact_id: int
    email: str
    created: bool
    status: str  # the membership's status after the call
    changed: bool


def _upsert_contact(
    connection: Connection, stored: str, key: str, details: Mapping[str, str], language: str
) -> tuple[int, bool, bool]:
    """``(contact_id, created, changed)``; given details overwrite stored ones."""
    given = {name: value for name, value in details.items() if value and name in FIELDS}
    if given.get("gender", "") not in GENDERS:
        raise NewsdeskError(f"gender {given['gender']!r}: use f, m, d or leave it out")
    row = connection.execute(sa.select(contacts).where(contacts.c.email_normalised == key)).first()
    stamp = now()
    if row is None:
        values = {name: given.get(name, "") for name in FIELDS[1:]}
        values["language"] = given.get("language") or language
        contact_id = connection.execute(
            contacts.insert().values(
                email=stored, email_normalised=key, created_at=stamp, updated_at=stamp, **values
            )
        ).inserted_primary_key[0]
        return contact_id, True, True
    changes: dict[str, Any] = {
        name: value for name, value in given.items() if getattr(row, name) != value
    }
    if "language" in changes:
        changes["language_chosen"] = False  # given for this one person: staff know better
    if changes:
        connection.execute(
            contacts.update().where(contacts.c.id == row.id).values(updated_at=stamp, **changes)
        )
    return row.id, False, bool(changes)


def _record(
    connection: Connection,
    contact_id: int,
    list_id: int | None,
    kind: str,
    source: str,
    note: str = "",
    ip: str = "",
) -> None:
    connection.execute(
        consent_events.insert().values(
            contact_id=contact_id,
            list_id=list_id,
            kind=kind,
            source=source,
            note=note,
            ip=ip,
            created_at=now(),
        )
    )


def _join(
    connection: Connection, contact_id: int, list_id: int, status: str
) -> tuple[str | None, str]:
    """Put the contact on the list with ``status`` unless already on it; (before, after)."""
    before = connection.scalar(
        sa.select(memberships.c.status).where(
            memberships.c.contact_id == contact_id, memberships.c.list_id == list_id
        )
    )
    if before is None:
        connection.execute(
            memberships.insert().values(
                contact_id=contact_id, list_id=list_id, status=status, created_at=now()
            )
        )
        return None, status
    if before == "unsubscribed" and status == "subscribed":
        raise NewsdeskError(
            "this contact unsubscribed from the list; only they can join again "
            "(send them an invitation: newsdesk contacts invite)"
        )
    if before == "unsubscribed" or (before == "pending" and status == "subscribed"):
        connection.execute(
            memberships.update()
            .where(memberships.c.contact_id == contact_id, memberships.c.list_id == list_id)
            .values(status=status)
        )
        return before, status
    return before, before


def add_contact(
    store: ContactStore,
    email: str,
    list_name: str,
    details: Mapping[str, str],
    *,
    default_language: str,
    consent: str = "imported",
    note: str = "",
    source: str = "cli",
) -> Added:
    """Add (or update) one contact on a list, subscribed, with the declared consent."""
    if consent not in ADD_CONSENT:
        raise NewsdeskError(f"--consent {consent!r}: use one of {', '.join(ADD_CONSENT)}")
    stored, key = store.check_address(email)
    with store.engine.begin() as connection:
        list_id = store.resolve_list(connection, list_name)
        contact_id, created, changed = _upsert_contact(
            connection, stored, key, details, default_language
        )
        before, after = _join(connection, contact_id, list_id, "subscribed")
        if before != after:
            _record(connection, contact_id, list_id, consent, source, note)
    return Added(contact_id, stored, created, after, changed or before != after)


def _fingerprint(key: str) -> str:
    return address_hash(key)[:16]


def _signer(store: ContactStore) -> Signer:
    return Signer(secret_key(store.secret_root), CONFIRM_PURPOSE)


@dataclass(frozen=True)
class Invitation:
    contact_id: int
    list_name: str
    token: str
    status: str

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}/confirm/{self.token}"


def invite(
    store: ContactStore,
    email: str,
    list_name: str,
    details: Mapping[str, str],
    *,
    default_language: str,
    source: str = "cli",
    note: str = "",
) -> Invitation:
    """Put the contact on the list as ``pending`` with a double-opt-in event and return a
    signed confirmation token; the confirmation mail itself goes out through delivery."""
    stored, key = store.check_address(email)
    with store.engine.begin() as connection:
        list_id = store.resolve_list(connection, list_name)
        contact_id, _created, _changed = _upsert_contact(
            connection, stored, key, details, default_language
        )
        _before, after = _join(connection, contact_id, list_id, "pending")
        if after == "pending":
            _record(connection, contact_id, list_id, "double-opt-in", source, note)
    # The address itself stays out of the link (it is signed, not encrypted).
    token = _signer(store).sign({"c": contact_id, "l": list_id, "e": _fingerprint(key)})
    return Invitation(contact_id, list_name, token, after)


@dataclass(frozen=True)
class Confirmation:
    contact_id: int
    email: str
    list_name: str
    newly_confirmed: bool


def confirm_invitation(
    store: ContactStore, token: str, ip: str, *, max_age: int = CONFIRM_MAX_AGE
) -> Confirmation:
    """Record the confirmation of a double opt-in (time and IP); subscribes the contact."""
    payload = _signer(store).unsign(token, max_age=max_age)
    with store.engine.begin() as connection:
        row = connection.execute(
            sa.select(contacts.c.email_normalised, lists.c.name, memberships.c.status)
            .select_from(memberships)
            .join(contacts, contacts.c.id == memberships.c.contact_id)
            .join(lists, lists.c.id == memberships.c.list_id)
            .where(memberships.c.contact_id == payload["c"], memberships.c.list_id == payload["l"])
        ).first()
        if row is None or _fingerprint(row.email_normalised) != payload["e"]:
            raise NewsdeskError(
                "this confirmation link is no longer valid (the invitation is gone)"
            )
        if row.status != "pending":
            return Confirmation(payload["c"], row.email_normalised, row.name, False)
        connection.execute(
            memberships.update()
            .where(memberships.c.contact_id == payload["c"], memberships.c.list_id == payload["l"])
            .values(status="subscribed")
        )
        connection.execute(
            suppressions.delete().where(
                suppressions.c.list_id == payload["l"],
                suppressions.c.email_normalised == row.email_normalised,
            )
        )
        _record(connection, payload["c"], payload["l"], "confirmed", "confirmation link", ip=ip)
    return Confirmation(payload["c"], row.email_normalised, row.name, True)
