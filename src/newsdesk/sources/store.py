"""Configured sources and their memory, kept in the workspace database.

Definitions live in the database rather than ``newsdesk.toml`` so that
``newsdesk sources add`` never rewrites the staff's configuration file, and
because a source's state (ETag, Last-Modified, the items already seen with
their content hashes) has to survive between pulls anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.db import connect
from newsdesk.sources.tables import source_items, sources

KINDS = ("feed", "page", "folder")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
_INTERVAL = re.compile(r"(\d+)\s*([dhms])")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
MIN_INTERVAL = 60


def parse_interval(text: str) -> int:
    """``15m``, ``1h``, ``1h30m``, ``1d`` → seconds (at least one minute)."""
    compact = text.strip().lower().replace(" ", "")
    parts = _INTERVAL.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise NewsdeskError(f"--every {text!r} is not an interval; write it like 15m, 2h or 1d")
    seconds = sum(int(number) * _UNIT_SECONDS[unit] for number, unit in parts)
    if seconds < MIN_INTERVAL:
        raise NewsdeskError(f"--every {text!r} is too often; pull a source at most once a minute")
    return seconds


def format_interval(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        size = _UNIT_SECONDS[unit]
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@dataclass(frozen=True)
class Source:
    """One configured source: a feed URL, a newsroom listing page or a drop folder."""

    id: int
    name: str
    kind: str
    location: str
    every_seconds: int
    local: bool
    etag: str | None = None
    last_modified: str | None = None
    last_pulled_at: datetime | None = None
    last_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "location": self.location,
            "every": format_interval(self.every_seconds),
            "every_seconds": self.every_seconds,
            "local": self.local,
            "last_pulled_at": self.last_pulled_at.isoformat() if self.last_pulled_at else None,
            "last_error": self.last_error,
        }


@dataclass(frozen=True)
class Item:
    """Something a source delivered before, and the draft it became."""

    key: str
    url: str
    content_hash: str
    draft: str
    etag: str | None = None
    last_modified: str | None = None
    entry_hash: str | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _check_location(kind: str, location: str) -> str:
    if kind == "folder":
        folder = Path(location).expanduser().resolve()
        if not folder.is_dir():
            raise NewsdeskError(f"--folder {location!r} is not a folder; create it first")
        return str(folder)
    parts = urlsplit(location)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NewsdeskError(
            f"--{kind} {location!r} is not an http(s) URL; write it like https://www.example.org/presse"
        )
    return location


class SourceStore:
    """The ``sources`` and ``source_items`` tables of one workspace's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> SourceStore:
        return cls(connect(workspace.database_url))

    def add(self, name: str, kind: str, location: str, every_seconds: int, local: bool) -> Source:
        if not NAME.match(name):
            raise NewsdeskError(
                f"source name {name!r} must be lower-case letters, digits, - or _ "
                "(like stadt-presse)"
            )
        if kind not in KINDS:
            raise NewsdeskError(f"unknown source kind {kind!r}; use one of {', '.join(KINDS)}")
        location = _check_location(kind, location)
        with self.engine.begin() as connection:
            exists = connection.execute(
                sa.select(sources.c.id).where(sources.c.name == name)
            ).first()
            if exists:
                raise NewsdeskError(
                    f"a source named {name!r} exists already; "
                    f"`newsdesk sources remove {name}` first to change it"
                )
            connection.execute(
                sources.insert().values(
                    name=name,
                    kind=kind,
                    location=location,
                    every_seconds=every_seconds,
                    local=local,
                    created_at=_now(),
                )
            )
        return self.get(name)

    def remove(self, name: str) -> None:
        with self.engine.begin() as connection:
            source = self._get(connection, name)
            connection.execute(source_items.delete().where(source_items.c.source_id == source.id))
            connection.execute(sources.delete().where(sources.c.id == source.id))

    def get(self, name: str) -> Source:
        with self.engine.connect() as connection:
            return self._get(connection, name)

    def list(self) -> list[Source]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(sources).order_by(sources.c.name)).mappings()
            return [_source(row) for row in rows]

    def _get(self, connection: Connection, name: str) -> Source:
        row = (
            connection.execute(sa.select(sources).where(sources.c.name == name)).mappings().first()
        )
        if row is None:
            raise NewsdeskError(
                f"no source named {name!r}; `newsdesk sources list` shows the configured ones"
            )
        return _source(row)

    def items(self, source: Source, limit: int | None = None) -> list[Item]:
        """The source's items, the most recently seen first."""
        query = (
            sa.select(source_items)
            .where(source_items.c.source_id == source.id)
            .order_by(source_items.c.first_seen.desc(), source_items.c.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [_item(row) for row in connection.execute(query).mappings()]

    def item(self, source: Source, key: str) -> Item | None:
        with self.engine.connect() as connection:
            row = (
                connection.execute(
                    sa.select(source_items).where(
                        source_items.c.source_id == source.id, source_items.c.key == key
                    )
                )
                .mappings()
                .first()
            )
        return _item(row) if row else None

    def item_by_url(self, source: Source, url: str) -> Item | None:
        with self.engine.connect() as connection:
            row = (
                connection.execute(
                    sa.select(source_items)
                    .where(source_items.c.source_id == source.id, source_items.c.url == url)
                    .limit(1)
                )
                .mappings()
                .first()
            )
        return _item(row) if row else None

    @contextmanager
    def remembering(self, source: Source, item: Item) -> Iterator[None]:
        """Record ``item`` as seen; the ``with`` body writes its draft. If the body fails,
        nothing is recorded, so the next pull tries again."""
        now = _now()
        values = {
            "url": item.url,
            "content_hash": item.content_hash,
            "entry_hash": item.entry_hash,
            "draft": item.draft,
            "etag": item.etag,
            "last_modified": item.last_modified,
            "updated_at": now,
        }
        with self.engine.begin() as connection:
            updated = connection.execute(
                source_items.update()
                .where(source_items.c.source_id == source.id, source_items.c.key == item.key)
                .values(**values)
            )
            if updated.rowcount == 0:
                connection.execute(
                    source_items.insert().values(
                        source_id=source.id, key=item.key, first_seen=now, **values
                    )
                )
            yield

    def update_validators(
        self,
        source: Source,
        key: str,
        etag: str | None,
        last_modified: str | None,
        entry_hash: str | None = None,
    ) -> None:
        """New ETag/Last-Modified (and feed-entry hash) for an item whose content is the same."""
        with self.engine.begin() as connection:
            connection.execute(
                source_items.update()
                .where(source_items.c.source_id == source.id, source_items.c.key == key)
                .values(etag=etag, last_modified=last_modified, entry_hash=entry_hash)
            )

    def finish_pull(
        self,
        source: Source,
        *,
        etag: str | None,
        last_modified: str | None,
        error: str | None,
    ) -> None:
        values: dict[str, Any] = {"last_pulled_at": _now(), "last_error": error}
        if error is None:
            values.update(etag=etag, last_modified=last_modified)
        with self.engine.begin() as connection:
            connection.execute(sources.update().where(sources.c.id == source.id).values(**values))

    def drafts(self) -> set[str]:
        """Every draft file name any source has written (so slugs stay unique)."""
        with self.engine.connect() as connection:
            return set(connection.execute(sa.select(source_items.c.draft)).scalars()) - {""}


def list_sources(workspace: Workspace) -> list[Source]:
    """The workspace's sources by name, each with its interval (``every_seconds``)."""
    return SourceStore.for_workspace(workspace).list()


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _source(row: Any) -> Source:
    return Source(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        location=row["location"],
        every_seconds=row["every_seconds"],
        local=bool(row["local"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_pulled_at=_aware(row["last_pulled_at"]),
        last_error=row["last_error"],
    )


def _item(row: Any) -> Item:
    return Item(
        key=row["key"],
        url=row["url"],
        content_hash=row["content_hash"],
        draft=row["draft"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        entry_hash=row["entry_hash"],
    )
