"""The contact store: lists, contacts, suppressions and the audience of a campaign."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.audience.addresses import address_hash, checked, normalise
from newsdesk.audience.tables import (
    SUPPRESSION_REASONS,
    consent_events,
    contacts,
    lists,
    memberships,
    suppressions,
)
from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.recipient import Recipient
from newsdesk.core.workspace import Workspace

_LIST_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
RECIPIENT_COLUMNS = (
    contacts.c.id,
    contacts.c.email,
    contacts.c.language,
    contacts.c.first_name,
    contacts.c.last_name,
    contacts.c.gender,
    contacts.c.title,
    contacts.c.organisation,
)


def now() -> datetime:
    return datetime.now(UTC)


def recipient(row: sa.Row) -> Recipient:
    """A row of :data:`RECIPIENT_COLUMNS` as a Recipient. Unpacked rather than read by
    name: a campaign reads its whole audience, and named access costs several times more."""
    contact_id, email, language, first_name, last_name, gender, title, organisation = row
    return Recipient(
        email=email,
        lang=language,
        first_name=first_name,
        last_name=last_name,
        gender=gender,
        title=title,
        organisation=organisation,
        contact_id=contact_id,
    )


@dataclass
class ListSummary:
    """A list and how many of its members a campaign would reach."""

    name: str
    title: str
    members: int = 0
    subscribed: int = 0
    pending: int = 0
    unsubscribed: int = 0
    suppressed: int = 0
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def audience(self) -> int:
        return self.subscribed - self.suppressed


class ContactStore:
    """Contacts, lists, consent and suppressions in the workspace's database."""

    def __init__(self, engine: Engine, *, secret_root: Path | None = None) -> None:
        self.engine = engine
        self.secret_root = secret_root

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> ContactStore:
        return cls(connect(workspace.database_url), secret_root=workspace.root)

    # lists -------------------------------------------------------------

    def create_list(self, name: str, title: str = "") -> int:
        if not _LIST_NAME.fullmatch(name):
            raise NewsdeskError(
                f"list name {name!r}: use lower-case letters, digits, - and _ (like mitglieder)"
            )
        with self.engine.begin() as connection:
            if connection.scalar(sa.select(lists.c.id).where(lists.c.name == name)) is not None:
                raise NewsdeskError(f"list {name!r} exists already; nothing changed")
            return connection.execute(
                lists.insert().values(name=name, title=title, created_at=now())
            ).inserted_primary_key[0]

    def delete_list(self, name: str) -> int:
        """Delete a list and its memberships (contacts stay); the number of memberships."""
        with self.engine.begin() as connection:
            list_id = self.resolve_list(connection, name)
            count = connection.scalar(
                sa.select(sa.func.count()).where(memberships.c.list_id == list_id)
            )
            connection.execute(memberships.delete().where(memberships.c.list_id == list_id))
            connection.execute(suppressions.delete().where(suppressions.c.list_id == list_id))
            connection.execute(lists.delete().where(lists.c.id == list_id))
            return int(count or 0)

    def list_id(self, name: str) -> int:
        with self.engine.connect() as connection:
            return self.resolve_list(connection, name)

    @staticmethod
    def resolve_list(connection: Connection, name: str) -> int:
        """The id of the list ``name``; NewsdeskError naming the lists there are."""
        found = connection.scalar(sa.select(lists.c.id).where(lists.c.name == name))
        if found is None:
            known = connection.scalars(sa.select(lists.c.name).order_by(lists.c.name)).all()
            raise NewsdeskError(
                f"no list {name!r} (lists: {', '.join(known) or 'none'}); "
                f"create it with `newsdesk lists create {name}`"
            )
        return found

    def _resolve_lists(self, connection: Connection, names: Sequence[str]) -> list[int]:
        if not names:
            raise NewsdeskError("name at least one list")
        return [self.resolve_list(connection, name) for name in dict.fromkeys(names)]

    def summaries(self, names: Sequence[str] | None = None) -> list[ListSummary]:
        """Counts per list: members by status, suppressed subscribers, audience languages."""
        with self.engine.connect() as connection:
            query = sa.select(lists.c.id, lists.c.name, lists.c.title).order_by(lists.c.name)
            if names:
                ids = self._resolve_lists(connection, names)
                query = query.where(lists.c.id.in_(ids))
            found = {row.id: ListSummary(row.name, row.title) for row in connection.execute(query)}
            blocked = sa.exists().where(
                suppressions.c.email_normalised == contacts.c.email_normalised,
                sa.or_(
                    suppressions.c.list_id.is_(None),
                    suppressions.c.list_id == memberships.c.list_id,
                ),
            )
            counts = connection.execute(
                sa.select(
                    memberships.c.list_id,
                    memberships.c.status,
                    contacts.c.language,
                    blocked.label("blocked"),
                    sa.func.count().label("n"),
                )
                .join(contacts, contacts.c.id == memberships.c.contact_id)
                .where(memberships.c.list_id.in_(list(found)))
                .group_by(memberships.c.list_id, memberships.c.status, contacts.c.language, blocked)
            )
            for row in counts:
                summary = found[row.list_id]
                summary.members += row.n
                setattr(summary, row.status, getattr(summary, row.status) + row.n)
                if row.status == "subscribed" and row.blocked:
                    summary.suppressed += row.n
                elif row.status == "subscribed":
                    summary.languages[row.language] = summary.languages.get(row.language, 0) + row.n
            return list(found.values())

    # the audience --------------------------------------------------------

    def _audience_query(self, list_ids: list[int]) -> sa.Select:
        per_list = (
            sa.select(suppressions.c.id)
            .where(
                suppressions.c.list_id == memberships.c.list_id,
                suppressions.c.email_normalised == contacts.c.email_normalised,
            )
            .correlate(memberships, contacts)
            .exists()
        )
        subscribed = sa.exists().where(
            memberships.c.contact_id == contacts.c.id,
            memberships.c.list_id.in_(list_ids),
            memberships.c.status == "subscribed",
            ~per_list,
        )
        suppressed = sa.exists().where(
            suppressions.c.list_id.is_(None),
            suppressions.c.email_normalised == contacts.c.email_normalised,
        )
        return sa.select(*RECIPIENT_COLUMNS).where(subscribed, ~suppressed)

    def audience(self, list_names: Sequence[str]) -> Iterator[Recipient]:
        """Everyone subscribed to any of the lists, once, minus suppressions; streamed."""
        return map(recipient, self.audience_rows(list_names))

    def audience_rows(
        self, list_names: Sequence[str], *, by_language: bool = False
    ) -> Iterator[sa.Row]:
        """:meth:`audience` as rows of :data:`RECIPIENT_COLUMNS`, for a campaign's ledger;
        ``by_language``: the readers of one language together, as the ledger is sent."""
        order = (contacts.c.language, contacts.c.id) if by_language else (contacts.c.id,)
        with self.engine.connect() as connection:
            query = self._audience_query(self._resolve_lists(connection, list_names))
            yield from connection.execution_options(yield_per=1000).execute(query.order_by(*order))

    def audience_languages(self, list_names: Sequence[str]) -> set[str]:
        """The languages of the audience, as the contacts wrote them: of the few
        languages contacts have, those the audience has someone of. Each is looked for
        until its first reader is found, not through the whole audience."""
        with self.engine.connect() as connection:
            query = self._audience_query(self._resolve_lists(connection, list_names))
            written = connection.scalars(sa.select(contacts.c.language).distinct()).all()
            reader = query.with_only_columns(contacts.c.id).limit(1)
            return {
                lang
                for lang in written
                if connection.scalar(reader.where(contacts.c.language == lang)) is not None
            }

    def audience_ids(self, list_names: Sequence[str]) -> set[int]:
        """The contact ids of the audience of those of ``list_names`` that still exist
        (see :meth:`audience`): a list deleted since a campaign began reaches nobody."""
        with self.engine.connect() as connection:
            ids = list(
                connection.scalars(sa.select(lists.c.id).where(lists.c.name.in_(list_names)))
            )
            if not ids:
                return set()
            query = self._audience_query(ids)
            return set(connection.scalars(query.with_only_columns(contacts.c.id)))

    def count_audience(self, list_names: Sequence[str]) -> int:
        with self.engine.connect() as connection:
            query = self._audience_query(self._resolve_lists(connection, list_names))
            return int(connection.scalar(sa.select(sa.func.count()).select_from(query.subquery())))

    # contacts ------------------------------------------------------------

    def contact(self, contact_id: int) -> Recipient | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(*RECIPIENT_COLUMNS).where(contacts.c.id == contact_id)
            ).first()
        return recipient(row) if row else None

    def find(self, email: str) -> Recipient | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(*RECIPIENT_COLUMNS).where(contacts.c.email_normalised == normalise(email))
            ).first()
        return recipient(row) if row else None

    def greeting_fields(self, contact_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """``{contact id: (language, first name, last name, gender, title)}`` of those of
        ``contact_ids`` that still exist, a thousand at a time."""
        columns = (
            contacts.c.id,
            contacts.c.language,
            contacts.c.first_name,
            contacts.c.last_name,
            contacts.c.gender,
            contacts.c.title,
        )
        found: dict[int, tuple[str, ...]] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(contact_ids), 1000):
                chunk = contact_ids[start : start + 1000]
                for row in connection.execute(sa.select(*columns).where(contacts.c.id.in_(chunk))):
                    found[row[0]] = tuple(row[1:])
        return found

    def set_language(self, contact_id: int, lang: str, *, by_reader: bool = False) -> None:
        """Set a contact's language; ``by_reader``: the person chose it themselves, and
        a spreadsheet import will not change it (staff can, with ``contacts add``)."""
        with self.engine.begin() as connection:
            changed = connection.execute(
                contacts.update()
                .where(contacts.c.id == contact_id)
                .values(language=lang, language_chosen=by_reader, updated_at=now())
            ).rowcount
        if not changed:
            raise NewsdeskError(f"no contact with id {contact_id}")

    # suppression ---------------------------------------------------------

    def suppress(
        self,
        email: str,
        reason: str,
        source: str = "",
        *,
        list_name: str | None = None,
        connection: Connection | None = None,
    ) -> bool:
        """Keep ``email`` out of every audience (or one list's); False if it already was."""
        if reason not in SUPPRESSION_REASONS:
            raise NewsdeskError(
                f"suppression reason {reason!r}: use one of {', '.join(SUPPRESSION_REASONS)}"
            )
        if connection is None:
            with self.engine.begin() as connection:
                return self.suppress(
                    email, reason, source, list_name=list_name, connection=connection
                )
        key = normalise(email)
        if "@" not in key:
            raise NewsdeskError(f"{email!r} is not an email address")
        list_id = self.resolve_list(connection, list_name) if list_name else None
        digest = address_hash(key)
        same = sa.select(suppressions.c.id).where(
            suppressions.c.email_hash == digest,
            suppressions.c.reason == reason,
            suppressions.c.list_id.is_(None)
            if list_id is None
            else suppressions.c.list_id == list_id,
        )
        if connection.execute(same).first():
            return False
        connection.execute(
            suppressions.insert().values(
                email_normalised=None if reason == "forgotten" else key,
                email_hash=digest,
                reason=reason,
                list_id=list_id,
                source=source,
                created_at=now(),
            )
        )
        return True

    def is_suppressed(self, email: str, list_name: str | None = None) -> bool:
        """Whether mail to ``email`` is suppressed everywhere (or on ``list_name``)."""
        with self.engine.connect() as connection:
            scope = suppressions.c.list_id.is_(None)
            if list_name:
                scope = sa.or_(
                    scope, suppressions.c.list_id == self.resolve_list(connection, list_name)
                )
            query = sa.select(suppressions.c.id).where(
                suppressions.c.email_hash == address_hash(normalise(email)), scope
            )
            return connection.execute(query).first() is not None

    def unsubscribe(self, contact_id: int, list_name: str | None = None, source: str = "") -> None:
        """The contact leaves one list, or every list (a global suppression); consent
        is recorded as withdrawn."""
        with self.engine.begin() as connection:
            email = connection.scalar(
                sa.select(contacts.c.email_normalised).where(contacts.c.id == contact_id)
            )
            if email is None:
                raise NewsdeskError(f"no contact with id {contact_id}")
            list_id = self.resolve_list(connection, list_name) if list_name else None
            scope = memberships.c.contact_id == contact_id
            if list_id is not None:
                scope = sa.and_(scope, memberships.c.list_id == list_id)
            connection.execute(memberships.update().where(scope).values(status="unsubscribed"))
            self.suppress(email, "unsubscribed", source, list_name=list_name, connection=connection)
            connection.execute(
                consent_events.insert().values(
                    contact_id=contact_id,
                    list_id=list_id,
                    kind="withdrawn",
                    source=source or "unsubscribe",
                    note="",
                    ip="",
                    created_at=now(),
                )
            )

    def check_address(self, email: str) -> tuple[str, str]:
        """``(stored, normalised)`` for a typed address; refused when suppressed."""
        stored, key = checked(email)
        if self.is_suppressed(key):
            raise NewsdeskError(f"{stored} is suppressed (unsubscribed, bounced or forgotten)")
        return stored, key
