"""The delivery ledger: every recipient is a row before the first message leaves.

A row moves ``pending → sending → sent | failed | unknown``. A worker claims rows
by reading the next pending ones and taking them with an update guarded by their
status (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two workers, on one host or
many, never claim one row twice (see :meth:`Ledger.claim`). Rows a dead worker left in
``sending`` become ``unknown`` on resume, unless the provider honours idempotency
keys: then their batch is sent again, whole, with the key it had.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.core.errors import NewsdeskError
from newsdesk.deliver.providers.base import FAILED, RETRY, SENT, UNKNOWN, SendResult
from newsdesk.deliver.tables import campaigns, deliveries

CHUNK = 1000
STALE_AFTER = timedelta(minutes=15)
DEPARTED = "not sent: unsubscribed, suppressed or taken off the lists after the campaign began"


def now() -> datetime:
    return datetime.now(UTC)


def worker_id() -> str:
    """Who claims rows: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _alive(worker: str, stale: bool) -> bool:
    """Whether the worker that claimed a row may still be sending it: a claim older than
    any request can take is dead; on this host, so is one whose process is gone."""
    if stale:
        return False
    host, _, rest = worker.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LedgerRow(NamedTuple):
    """A recipient as a campaign's ledger gets it (see ``campaign.ledger_rows``)."""

    contact_id: int | None
    email: str
    name: str
    salutation: str
    lang: str


class Delivery(NamedTuple):
    """A claimed row, as a message is built from it (a tuple: a batch makes hundreds)."""

    id: int
    email: str
    name: str
    salutation: str
    lang: str
    contact_id: int | None
    attempts: int
    batch_key: str


@dataclass(frozen=True)
class Campaign:
    id: int
    release_slug: str
    release_path: str
    title: str
    lists: tuple[str, ...]
    provider: str
    status: str
    fallback: bool
    is_test: bool
    created: datetime
    started: datetime | None
    finished: datetime | None
    error: str
    scheduled_at: datetime | None = None
    forced: str = ""
    forced_warnings: str = ""

    @classmethod
    def from_row(cls, row: sa.Row) -> Campaign:
        data = row._asdict()
        data["lists"] = tuple(name for name in data["lists"].split(",") if name)
        if data.get("scheduled_at") is not None:
            data["scheduled_at"] = _aware(data["scheduled_at"])
        return cls(**data)


DELIVERY_COLUMNS = (
    deliveries.c.id,
    deliveries.c.email,
    deliveries.c.name,
    deliveries.c.salutation,
    deliveries.c.lang,
    deliveries.c.contact_id,
    deliveries.c.attempts,
    deliveries.c.batch_key,
)
# what a claim reads of a row, in Delivery's order: the attempts and the batch key as
# the claim makes them, so that each row read is a whole Delivery
CLAIM_COLUMNS = ", ".join(column.name for column in DELIVERY_COLUMNS[:-2])
_as_delivery = functools.partial(tuple.__new__, Delivery)


def _mark(connection: Connection) -> str:
    """The driver's placeholder for one parameter (sqlite3 ``?``, psycopg ``%s``)."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _marks(connection: Connection, count: int) -> str:
    return ", ".join([_mark(connection)] * count)


# the members of a JSON object as rows (key, value), rows' values as one JSON array,
# and values as a JSON array, in each database's words
_JSON_OBJECT = {"sqlite": "json_each({mark})", "postgresql": "jsonb_each_text({mark}::jsonb)"}
_JSON_AGGREGATE = {"sqlite": "json_group_array({})", "postgresql": "json_agg({})"}
_JSON_ARRAY = {"sqlite": "json_array({})", "postgresql": "json_build_array({})"}


def _stamp(connection: Connection, stamp: datetime) -> Any:
    """``stamp`` as the driver takes it for a DateTime column (SQLite stores text)."""
    dialect = connection.dialect
    to_db = deliveries.c.updated.type.dialect_impl(dialect).bind_processor(dialect)
    return to_db(stamp) if to_db else stamp


def insert_deliveries(
    connection: Connection, campaign_id: int, rows: Iterable[LedgerRow], stamp: datetime
) -> int:
    """Add ``rows`` to a campaign's ledger, ``CHUNK`` at a time; returns how many.
    Written through the driver's executemany: for a whole audience, SQLAlchemy's per-row
    parameter handling costs more than the inserts themselves."""
    sql = (
        "INSERT INTO deliveries (campaign_id, contact_id, email, name, salutation, lang, "
        f"created, updated) VALUES ({_marks(connection, 8)})"
    )
    when = _stamp(connection, stamp)
    total = 0
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append((campaign_id, *row, when, when))  # in LedgerRow's order
        if len(chunk) >= CHUNK:
            connection.exec_driver_sql(sql, chunk)
            total += len(chunk)
            chunk = []
    if chunk:
        connection.exec_driver_sql(sql, chunk)
        total += len(chunk)
    return total


class Ledger:
    """Campaigns and their deliveries in the workspace's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Threads of one process write one at a time: SQLite would make the second
        # writer sleep in its busy handler for milliseconds at a time.
        self._writing = threading.Lock()

    # campaigns ---------------------------------------------------------

    def create(
        self,
        *,
        release_slug: str,
        release_path: str,
        title: str,
        lists: Sequence[str],
        provider: str,
        fallback: bool,
        recipients: Iterable[LedgerRow],
        is_test: bool = False,
        forced: str = "",
        forced_warnings: Sequence[str] = (),
    ) -> tuple[int, int]:
        """A new campaign and all its delivery rows, in one transaction: (id, rows)."""
        stamp = now()
        with self.engine.begin() as connection:
            campaign_id = connection.execute(
                campaigns.insert()
                .values(
                    release_slug=release_slug,
                    release_path=release_path,
                    title=title,
                    lists=",".join(lists),
                    provider=provider,
                    status="sending",
                    fallback=fallback,
                    is_test=is_test,
                    created=stamp,
                    started=stamp,
                    forced=forced,
                    forced_warnings="\n".join(forced_warnings),
                )
                .returning(campaigns.c.id)
            ).scalar_one()
            total = insert_deliveries(connection, campaign_id, recipients, stamp)
        return campaign_id, total

    def campaign(self, campaign_id: int) -> Campaign:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(campaigns).where(campaigns.c.id == campaign_id)
            ).first()
        if row is None:
            raise NewsdeskError(
                f"no campaign {campaign_id}; `newsdesk campaigns list` shows the campaigns"
            )
        return Campaign.from_row(row)

    def campaigns(self) -> list[Campaign]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(campaigns).order_by(campaigns.c.id)).all()
        return [Campaign.from_row(row) for row in rows]

    def set_status(self, campaign_id: int, status: str, error: str | None = None) -> None:
        values: dict[str, Any] = {"status": status}
        if error is not None:
            values["error"] = error
        if status in ("sent", "failed", "cancelled"):
            values["finished"] = now()
        if status == "sending":
            values["finished"] = None
        with self.engine.begin() as connection:
            connection.execute(
                campaigns.update().where(campaigns.c.id == campaign_id).values(**values)
            )

    def add_forced(self, campaign: Campaign, reason: str, warnings: Sequence[str]) -> None:
        """Keep with ``campaign`` the warnings of the checks that ``reason`` (``--force``)
        overrode when it resumed, after those it overrode before; the reason is the
        latest. Nothing overridden, nothing changes."""
        if not reason:
            return
        known = campaign.forced_warnings.splitlines()
        added = [warning for warning in warnings if warning not in known]
        with self.engine.begin() as connection:
            connection.execute(
                campaigns.update()
                .where(campaigns.c.id == campaign.id)
                .values(forced=reason, forced_warnings="\n".join([*known, *added]))
            )

    # claiming ----------------------------------------------------------

    def claim(
        self, campaign_id: int, lang: str, limit: int, worker: str
    ) -> tuple[str, list[Delivery]]:
        """Up to ``limit`` pending rows of ``lang``, now ``sending`` and ours: (batch key, rows).

        The rows are read through the pending-rows index, then taken by id with a
        guard on their status, in one transaction (``FOR UPDATE SKIP LOCKED`` on
        PostgreSQL: another worker skips them). Should a worker of another process
        take some in between on SQLite, the guard leaves them to it, and the ids we
        got are read back by batch key."""
        batch_key = str(uuid.uuid4())
        ours: set[int] | None = None
        with self._writing, self.engine.begin() as connection:
            dialect = connection.dialect.name
            mark = _mark(connection)
            skip = " FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
            # Through the driver, and the ids and the rows as two JSON values: building
            # these statements with SQLAlchemy cost a sixth of the claim, and on SQLite
            # each row fetched on its own was a wait for the GIL while the other lane
            # encodes. Only the ids are read before the update; the rows are read once
            # the transaction is over, while the other lane may write.
            whole_row = f"{CLAIM_COLUMNS}, attempts + 1, CAST({mark} AS TEXT)"
            found_ids, found_rows = connection.exec_driver_sql(
                f"SELECT {_JSON_AGGREGATE[dialect].format('id')}, "
                f"{_JSON_AGGREGATE[dialect].format(_JSON_ARRAY[dialect].format(whole_row))} "
                f"FROM (SELECT {CLAIM_COLUMNS}, attempts FROM deliveries "
                f"WHERE campaign_id = {mark} AND lang = {mark} AND status = 'pending' "
                f"ORDER BY id LIMIT {mark}{skip}) AS claimable",
                (batch_key, campaign_id, lang, limit),
            ).one()
            ids = _json_value(found_ids)
            if not ids:
                return batch_key, []
            taken = connection.exec_driver_sql(
                f"UPDATE deliveries SET status = 'sending', claimed_by = {mark}, "
                f"batch_key = {mark}, attempts = attempts + 1, updated = {mark} "
                f"WHERE id IN ({_marks(connection, len(ids))}) AND status = 'pending'",
                (worker, batch_key, _stamp(connection, now()), *ids),
            ).rowcount
            if taken != len(ids):
                ours = set(
                    connection.exec_driver_sql(
                        f"SELECT id FROM deliveries WHERE id IN ({_marks(connection, len(ids))}) "
                        f"AND batch_key = {mark}",
                        (*ids, batch_key),
                    ).scalars()
                )
        rows = sorted(_json_value(found_rows))
        if ours is not None:
            rows = [row for row in rows if row[0] in ours]
        return batch_key, list(map(_as_delivery, rows))

    def record(self, results: Sequence[SendResult], worker: str) -> None:
        """Store what the provider said about each claimed row (only rows this worker
        still holds in ``sending`` change)."""
        stamp = now()
        sent = [r for r in results if r.status == SENT]
        others = [r for r in results if r.status != SENT]
        with self._writing, self.engine.begin() as connection:
            if sent:
                self._record_sent(connection, sent, worker, stamp)
            if others:
                self._record_others(connection, others, worker, stamp)

    @staticmethod
    def _record_sent(
        connection: Connection, sent: Sequence[SendResult], worker: str, stamp: datetime
    ) -> None:
        # Hundreds of rows at once, written through the driver: SQLAlchemy's per-row
        # parameter handling costs more than SQLite's update itself.
        mark = _mark(connection)
        when = _stamp(connection, stamp)
        by_provider_id: dict[str, list[int]] = {}
        for result in sent:
            by_provider_id.setdefault(result.provider_id, []).append(result.delivery_id)
        if len(by_provider_id) == len(sent):
            # An id per message (Postmark): one statement joining the rows to a JSON
            # object of their ids. Row by row (executemany), each row was a round trip
            # through the driver, and a wait for the GIL while the other lane encodes.
            ids = json.dumps({r.delivery_id: r.provider_id for r in sent})
            connection.exec_driver_sql(
                f"UPDATE deliveries SET status = 'sent', provider_message_id = sent.value, "
                f"sent_at = {mark}, updated = {mark}, error = '' "
                f"FROM {_JSON_OBJECT[connection.dialect.name].format(mark=mark)} AS sent "
                "WHERE deliveries.id = CAST(sent.key AS INTEGER) "
                f"AND claimed_by = {mark} AND status = 'sending'",
                (when, when, ids, worker),
            )
            return
        # an id per request (Mailgun, SendGrid): one statement for all its rows
        for provider_id, ids in by_provider_id.items():
            connection.exec_driver_sql(
                f"UPDATE deliveries SET status = 'sent', provider_message_id = {mark}, "
                f"sent_at = {mark}, updated = {mark}, error = '' "
                f"WHERE id IN ({_marks(connection, len(ids))}) AND claimed_by = {mark} "
                "AND status = 'sending'",
                (provider_id, when, when, *ids, worker),
            )

    @staticmethod
    def _record_others(
        connection: Connection, results: Sequence[SendResult], worker: str, stamp: datetime
    ) -> None:
        guard = (
            deliveries.c.id == sa.bindparam("row_id"),
            deliveries.c.claimed_by == worker,
            deliveries.c.status == "sending",
        )
        by_status: dict[str, list[dict[str, Any]]] = {}
        for result in results:
            by_status.setdefault(result.status, []).append(
                {"row_id": result.delivery_id, "message": result.error[:1000]}
            )
        for status, params in by_status.items():
            values: dict[str, Any] = {"updated": stamp, "error": sa.bindparam("message")}
            if status in (FAILED, UNKNOWN):
                values["status"] = status
            elif status == RETRY:
                values.update(status="pending", claimed_by="", batch_key="")
            else:
                raise ValueError(f"unknown result status {status!r}")
            connection.execute(deliveries.update().where(*guard).values(**values), params)

    def drop_departed(self, campaign_id: int, audience: set[int]) -> int:
        """Pending rows whose contact is no longer in ``audience`` (contact ids: they
        unsubscribed, were suppressed or taken off the lists since the campaign began)
        become ``failed`` with that reason; returns how many."""
        with self._writing, self.engine.begin() as connection:
            pending = connection.execute(_pending_of_contacts(campaign_id)).all()
            gone = [row.id for row in pending if row.contact_id not in audience]
            for start in range(0, len(gone), CHUNK):
                connection.execute(
                    deliveries.update()
                    .where(
                        deliveries.c.id.in_(gone[start : start + CHUNK]),
                        deliveries.c.status == "pending",
                    )
                    .values(status=FAILED, error=DEPARTED, updated=now())
                )
        return len(gone)

    def pending(self, campaign_id: int) -> list[tuple[int, int, str]]:
        """The campaign's pending rows of contacts: (row id, contact id, language)."""
        with self.engine.connect() as connection:
            rows = connection.execute(_pending_of_contacts(campaign_id)).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def relabel(self, changes: Sequence[tuple[int, str, str]]) -> None:
        """Give pending rows another language and greeting: (row id, language, greeting)."""
        if not changes:
            return
        stamp = now()
        with self._writing, self.engine.begin() as connection:
            connection.execute(
                deliveries.update()
                .where(deliveries.c.id == sa.bindparam("row_id"), deliveries.c.status == "pending")
                .values(
                    lang=sa.bindparam("lang"), salutation=sa.bindparam("greeting"), updated=stamp
                ),
                [{"row_id": i, "lang": lang, "greeting": text} for i, lang, text in changes],
            )

    def release(self, rows: Sequence[Delivery], worker: str, error: str = "") -> None:
        """Give claimed rows back unsent (the campaign paused before sending them)."""
        self.record([SendResult(row.id, RETRY, error=error) for row in rows], worker)

    def recover(self, campaign_id: int, worker: str, *, idempotent: bool) -> tuple[int, list[str]]:
        """Rows left in ``sending`` by dead workers: ``unknown`` (count), or — with
        idempotency keys — taken over by ``worker`` to be resent (their batch keys)."""
        stale_before = now() - STALE_AFTER
        with self.engine.begin() as connection:
            claims = connection.execute(
                sa.select(
                    deliveries.c.claimed_by,
                    deliveries.c.batch_key,
                    sa.func.min(deliveries.c.updated),
                )
                .where(deliveries.c.campaign_id == campaign_id, deliveries.c.status == "sending")
                .group_by(deliveries.c.claimed_by, deliveries.c.batch_key)
            ).all()
            unknown = 0
            keys: list[str] = []
            for claimed_by, batch_key, updated in claims:
                stale = updated is not None and _aware(updated) < stale_before
                if _alive(claimed_by, stale):
                    continue
                where = (
                    deliveries.c.campaign_id == campaign_id,
                    deliveries.c.status == "sending",
                    deliveries.c.claimed_by == claimed_by,
                    deliveries.c.batch_key == batch_key,
                )
                if idempotent:
                    connection.execute(
                        deliveries.update().where(*where).values(claimed_by=worker, updated=now())
                    )
                    keys.append(batch_key)
                else:
                    unknown += connection.execute(
                        deliveries.update()
                        .where(*where)
                        .values(
                            status=UNKNOWN,
                            error="the sending process stopped while this was in flight",
                            updated=now(),
                        )
                    ).rowcount
        return unknown, keys

    def batch(self, campaign_id: int, batch_key: str, worker: str) -> list[Delivery]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(*DELIVERY_COLUMNS)
                .where(
                    deliveries.c.campaign_id == campaign_id,
                    deliveries.c.batch_key == batch_key,
                    deliveries.c.claimed_by == worker,
                    deliveries.c.status == "sending",
                )
                .order_by(deliveries.c.id)
            ).all()
        return [Delivery(*row) for row in rows]

    # reporting ---------------------------------------------------------

    def counts(
        self, campaign_id: int, connection: Connection | None = None
    ) -> dict[str, dict[str, int]]:
        """``{lang: {status: n}}``."""
        query = (
            sa.select(deliveries.c.lang, deliveries.c.status, sa.func.count())
            .where(deliveries.c.campaign_id == campaign_id)
            .group_by(deliveries.c.lang, deliveries.c.status)
        )
        with self.engine.connect() as own:
            rows = (connection or own).execute(query).all()
        out: dict[str, dict[str, int]] = {}
        for lang, status, count in rows:
            out.setdefault(lang, {})[status] = int(count)
        return out

    def languages(self, campaign_id: int, statuses: Sequence[str] = ("pending",)) -> list[str]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(deliveries.c.lang)
                .where(deliveries.c.campaign_id == campaign_id, deliveries.c.status.in_(statuses))
                .distinct()
            ).all()
        return sorted(row[0] for row in rows)

    def rows(self, campaign_id: int, status: str | None = None) -> Iterator[dict[str, Any]]:
        """The ledger rows, for export (streamed)."""
        query = sa.select(
            deliveries.c.id,
            deliveries.c.contact_id,
            deliveries.c.email,
            deliveries.c.lang,
            deliveries.c.status,
            deliveries.c.attempts,
            deliveries.c.provider_message_id,
            deliveries.c.error,
            deliveries.c.created,
            deliveries.c.updated,
            deliveries.c.sent_at,
        ).where(deliveries.c.campaign_id == campaign_id)
        if status:
            query = query.where(deliveries.c.status == status)
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=1000).execute(
                query.order_by(deliveries.c.id)
            )
            for row in result:
                yield row._asdict()


def _json_value(value: Any) -> Any:
    """A JSON value as the driver gives it: text from SQLite, decoded by psycopg; NULL
    for an aggregate of no rows."""
    return json.loads(value) if isinstance(value, str) else value or []


def _pending_of_contacts(campaign_id: int) -> sa.Select:
    """A campaign's pending rows that are a contact's: id, contact id, language."""
    return sa.select(deliveries.c.id, deliveries.c.contact_id, deliveries.c.lang).where(
        deliveries.c.campaign_id == campaign_id,
        deliveries.c.status == "pending",
        deliveries.c.contact_id.is_not(None),
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
