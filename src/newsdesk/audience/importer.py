"""``newsdesk contacts import``: a staff spreadsheet into a list, all or report.

Every row is checked first; then the valid rows are written in ONE transaction
(a crash or Ctrl-C leaves nothing behind) and the rejected ones go, with their row
number and reason, to ``<file>.rejected.csv`` beside the input for fixing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from sys import intern
from typing import Any

import sqlalchemy as sa

from newsdesk.audience.addresses import InvalidAddress, address_hash, clean_address
from newsdesk.audience.columns import (
    FIELDS,
    has_email_column,
    map_columns,
    missing_columns,
    parse_language,
    parse_map,
    parse_salutation,
)
from newsdesk.audience.spreadsheet import neutralise, read_sheet
from newsdesk.audience.store import ContactStore, now
from newsdesk.audience.tables import contacts, suppressions
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.files import write_atomic

IMPORT_CONSENT = ("imported", "confirmed")
HEADER_SEARCH_ROWS = 10
BATCH = 5000
# Positions in a parsed row: [row number, email, first_name, …, language]; "" = not given.
_DATA = FIELDS[1:]
_LABELS = {"gender": "salutation"}


@dataclass
class RowNote:
    row: int
    email: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "email": self.email, "reason": self.reason}


@dataclass
class ImportReport:
    file: str
    list_name: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    languages_kept: int = 0  # a reader's own choice, not the file's language
    rejected: list[RowNote] = field(default_factory=list)
    suppressed: list[RowNote] = field(default_factory=list)
    duplicates: list[RowNote] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    rejected_file: str | None = None
    sheet: str = ""  # the worksheet read, for a workbook
    other_sheets: tuple[str, ...] = ()  # the workbook's worksheets not read

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "list": self.list_name,
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "languages_kept": self.languages_kept,
            "rejected": len(self.rejected),
            "suppressed": len(self.suppressed),
            "duplicates": len(self.duplicates),
            "rejected_rows": [note.as_dict() for note in self.rejected],
            "suppressed_rows": [note.as_dict() for note in self.suppressed],
            "duplicate_rows": [note.as_dict() for note in self.duplicates],
            "ignored_columns": list(self.ignored_columns),
            "rejected_file": self.rejected_file,
            "sheet": self.sheet,
            "other_sheets": list(self.other_sheets),
        }


def rejected_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejected.csv")


def _find_header(
    rows: Iterator[tuple[int, list[str]]], overrides: dict[str, str], path: Path
) -> list[str]:
    first: list[str] | None = None
    seen = 0
    for _number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if has_email_column(cells, overrides):
            return cells
        first = first or cells
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise NewsdeskError("has no rows", place=path)
    raise NewsdeskError(
        f"no email column (first row: {_names(first)}); name it E-Mail or map it, "
        "e.g. --map 'Kontakt=email'",
        place=path,
    )


def _names(cells: list[str]) -> str:
    return ", ".join(cell.strip() for cell in cells if cell.strip())


def _check_map(headers: list[str], overrides: dict[str, str], path: Path) -> None:
    missing = missing_columns(headers, overrides)
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        raise NewsdeskError(
            f"--map: the file has no {noun} {', '.join(map(repr, missing))}; "
            f"its columns are: {_names(headers)}",
            place=path,
        )


def _filled(cells: list[str]) -> int:
    """How many cells a row has, not counting empty ones at its end (Excel's trailing ;)."""
    length = len(cells)
    while length and not cells[length - 1].strip():
        length -= 1
    return length


class _Parser:
    """Turns the cells of one row into ``[email, first_name, …, language]`` or a reason."""

    def __init__(self, index: dict[str, int], headers: list[str], languages: Sequence[str]) -> None:
        self.columns = _filled(headers)
        # Fields without a column read the always-empty cell ``columns`` of a fitted row.
        self.cells = itemgetter(*(index.get(name, self.columns) for name in FIELDS))
        self.email_position = index["email"]
        self.languages = tuple(languages)

    def fit(self, cells: list[str]) -> list[str]:
        """``cells`` cut or padded to the header's columns plus the empty one; ValueError
        when cells beyond the header's columns are filled."""
        if len(cells) > self.columns:
            filled = _filled(cells)
            if filled > self.columns:
                raise ValueError(
                    f"{filled} cells but the header has {self.columns} columns; remove the "
                    "extra cells or add a header for them"
                )
            return [*cells[: self.columns], ""]
        return cells + [""] * (self.columns + 1 - len(cells))

    def parse(self, cells: list[str]) -> list[str]:
        cells = self.fit(cells)
        values = [value.strip() for value in self.cells(cells)]
        if not values[0]:
            raise ValueError("no email address")
        try:
            values[0] = clean_address(values[0])
        except InvalidAddress as error:
            raise ValueError(f"email {values[0]!r}: {error}") from None
        if values[3]:
            gender, title = parse_salutation(values[3])
            values[3] = gender
            if title and not values[4]:
                values[4] = title
        if values[7]:
            values[7] = parse_language(values[7], self.languages)
        return values

    def email_cell(self, cells: list[str]) -> str:
        position = self.email_position
        return cells[position].strip() if position < len(cells) else ""


def _merged(first: tuple[Any, ...], values: list[str]) -> str:
    """Why a row with the address of an earlier one was merged into it, with a warning
    for each of its values that the merge dropped."""
    row = first[0]
    dropped = [
        f"{_LABELS.get(name, name).replace('_', ' ')} {new!r} (row {row}: {old!r})"
        for name, old, new in zip(_DATA, first[2:], values[1:], strict=True)
        if old and new and old != new
    ]
    if not dropped:
        return f"same address as row {row}; merged into it"
    return (
        f"warning: same address as row {row} but a different {', '.join(dropped)}; "
        f"kept row {row}'s, this row only filled its empty fields"
    )


def import_contacts(
    store: ContactStore,
    path: Path,
    list_name: str,
    *,
    languages: Sequence[str],
    default_language: str,
    column_map: str | None = None,
    consent: str = "imported",
    note: str = "",
    sheet_name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import ``path`` into ``list_name``; see the module docstring. ``sheet_name``
    picks a workbook's worksheet (default: the first)."""
    if consent not in IMPORT_CONSENT:
        raise NewsdeskError(f"--consent {consent!r}: use one of {', '.join(IMPORT_CONSENT)}")
    overrides = parse_map(column_map)
    store.list_id(list_name)
    sheet = read_sheet(path, sheet_name)
    headers = _find_header(sheet.rows, overrides, path)
    _check_map(headers, overrides, path)
    columns = map_columns(headers, overrides)
    parser = _Parser(columns.index, headers, languages)
    report = ImportReport(
        file=str(path),
        list_name=list_name,
        ignored_columns=columns.ignored,
        sheet=sheet.name,
        other_sheets=sheet.other_sheets,
    )

    valid: dict[str, tuple[Any, ...]] = {}
    rejected: list[tuple[int, str, list[str]]] = []
    for number, cells in sheet.rows:
        if not any(cells):
            continue
        report.rows += 1
        try:
            values = parser.parse(cells)
        except ValueError as error:
            rejected.append((number, str(error), cells))
            continue
        key = values[0].lower()
        first = valid.get(key)
        if first is None:
            valid[key] = (number, values[0], *map(intern, values[1:]))
            continue
        valid[key] = (
            *first[:2],
            *(old or new for old, new in zip(first[2:], values[1:], strict=True)),
        )
        report.duplicates.append(RowNote(number, values[0], _merged(first, values)))
    report.rejected = [
        RowNote(number, parser.email_cell(cells), why) for number, why, cells in rejected
    ]

    try:
        _write(
            store,
            report,
            valid,
            list_name,
            default_language,
            consent,
            note,
            path,
            progress,
            lambda: _write_rejected(path, headers, rejected, sheet.delimiter, report),
        )
    except sa.exc.IntegrityError:
        raise NewsdeskError(
            "the contacts changed while this import ran (another import?); nothing was "
            "imported, run it again",
            place=path,
        ) from None
    except sa.exc.OperationalError as error:
        raise NewsdeskError(
            f"the database refused the import, nothing was imported: {error.orig}", place=path
        ) from None
    except OSError as error:
        raise NewsdeskError(
            f"cannot write the rejected rows beside the input ({error.strerror}); "
            "nothing was imported",
            place=rejected_path(path),
        ) from None
    return report


class _Raw:
    """Plain DB-API executemany for the bulk writes: SQLAlchemy's per-row parameter
    processing would cost more than the database does (see benchmarks/import_bench.py)."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.qmark = connection.dialect.paramstyle == "qmark"
        column_type = contacts.c.created_at.type.dialect_impl(connection.dialect)
        processor = column_type.bind_processor(connection.dialect)
        stamp = now()
        self.stamp = processor(stamp) if processor else stamp

    def __enter__(self) -> _Raw:
        if self.connection.dialect.name == "sqlite":
            # A bigger page cache than SQLite's 2 MB keeps the index B-trees in memory.
            self.connection.exec_driver_sql("PRAGMA cache_size=-32768")
        return self

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        if error_type is None and self.connection.dialect.name == "sqlite":
            self.connection.exec_driver_sql("PRAGMA cache_size=-2000")

    def stored(self, keys: list[str], list_id: int) -> Iterator[dict[str, tuple[Any, ...] | None]]:
        """Stored contacts among ``keys``, 500 at a time: key → (id, first_name, …,
        language, language_chosen, membership status on the list or None), or None
        when new."""
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            sql = _STORED.format(",".join("?" * len(chunk)))
            if not self.qmark:
                sql = sql.replace("?", "%s")
            found = {
                row[0]: tuple(row[1:])
                for row in self.connection.exec_driver_sql(sql, (list_id, *chunk))
            }
            yield {key: found.get(key) for key in chunk}

    def run(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.qmark:
            self.connection.exec_driver_sql(sql, rows)
            return
        head, values, _group = sql.partition(" VALUES ")
        if not values:
            self.connection.exec_driver_sql(sql.replace("?", "%s"), rows)
            return
        # PostgreSQL: COPY is the bulk path; executemany costs a round trip per row.
        target = head.removeprefix("INSERT INTO ")
        cursor = self.connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        statement = f"COPY {target} FROM STDIN"
        dbapi = self.connection.dialect.dbapi
        try:
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except dbapi.Error as error:  # type: ignore[union-attr]
            # Raised by the driver itself: give it SQLAlchemy's class like every other error.
            raise sa.exc.DBAPIError.instance(statement, None, error, dbapi.Error) from None


_STORED = (
    "SELECT c.email_normalised, c.id, c.first_name, c.last_name, c.gender, c.title, "
    "c.organisation, c.role, c.language, c.language_chosen, m.status FROM contacts c "
    "LEFT JOIN memberships m ON m.contact_id = c.id AND m.list_id = ? "
    "WHERE c.email_normalised IN ({})"
)
_INSERT_CONTACT = (
    "INSERT INTO contacts (email, email_normalised, first_name, last_name, gender, title, "
    "organisation, role, language, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)
_UPDATE_CONTACT = (
    "UPDATE contacts SET first_name=?, last_name=?, gender=?, title=?, organisation=?, "
    "role=?, language=?, updated_at=? WHERE id=?"
)
_INSERT_MEMBERSHIP = (
    "INSERT INTO memberships (contact_id, list_id, status, created_at) VALUES (?,?,?,?)"
)
_INSERT_CONSENT = (
    "INSERT INTO consent_events (contact_id, list_id, kind, source, note, ip, created_at) "
    "VALUES (?,?,?,?,?,?,?)"
)


def _write(
    store: ContactStore,
    report: ImportReport,
    valid: dict[str, tuple[Any, ...]],
    list_name: str,
    default_language: str,
    consent: str,
    note: str,
    path: Path,
    progress: Callable[[str], None] | None,
    before_commit: Callable[[], None],
) -> None:
    source = f"import {path.name}"
    with store.engine.begin() as connection, _Raw(connection) as raw:
        stamp = raw.stamp
        list_id = store.resolve_list(connection, list_name)
        blocked = set(
            connection.scalars(
                sa.select(suppressions.c.email_hash).where(suppressions.c.list_id.is_(None))
            )
        )
        if blocked:
            for key in [key for key in valid if address_hash(key) in blocked]:
                row = valid.pop(key)
                report.suppressed.append(
                    RowNote(row[0], row[1], "suppressed (unsubscribed, bounced or forgotten)")
                )
        fresh: list[str] = []
        updates: list[tuple[Any, ...]] = []
        joins: list[int] = []
        for chunk in raw.stored(list(valid), list_id):
            for key, stored in chunk.items():
                if stored is None:
                    fresh.append(key)
                    continue
                row = valid[key]
                contact_id, *fields, language_chosen, status = stored
                merged = [new or old for new, old in zip(row[2:], fields, strict=True)]
                if language_chosen and merged[-1] != fields[-1]:
                    merged[-1] = fields[-1]  # the reader's own choice stands
                    report.languages_kept += 1
                changed = merged != fields
                if changed:
                    updates.append((*merged, stamp, contact_id))
                if status is None:
                    joins.append(contact_id)
                if changed or status is None:
                    report.updated += 1
                else:
                    report.unchanged += 1

        raw.run(_UPDATE_CONTACT, updates)
        first_new = connection.scalar(sa.select(sa.func.max(contacts.c.id))) or 0
        for start in range(0, len(fresh), BATCH):
            batch = [
                (row[1], key, *row[2:8], row[8] or default_language, stamp, stamp)
                for key in fresh[start : start + BATCH]
                for row in (valid[key],)
            ]
            raw.run(_INSERT_CONTACT, batch)
            report.imported += len(batch)
            if progress and len(fresh) > BATCH:
                progress(f"writing contacts: {report.imported:,} of {len(fresh):,}")
        inserted = connection.execute(
            sa.select(contacts.c.id, contacts.c.email_normalised).where(contacts.c.id > first_new)
        )
        joins.extend(contact_id for contact_id, key in inserted if key in valid)
        valid.clear()
        for start in range(0, len(joins), BATCH):
            ids = joins[start : start + BATCH]
            raw.run(_INSERT_MEMBERSHIP, [(i, list_id, "subscribed", stamp) for i in ids])
            raw.run(_INSERT_CONSENT, [(i, list_id, consent, source, note, "", stamp) for i in ids])
        # The report of rejected rows is written before the commit, so it exists for
        # every import that happened.
        before_commit()
        if progress and len(joins) > BATCH:
            progress("committing")


def _write_rejected(
    path: Path,
    headers: list[str],
    rejected: list[tuple[int, str, list[str]]],
    delimiter: str,
    report: ImportReport,
) -> None:
    target = rejected_path(path)
    if not rejected:
        target.unlink(missing_ok=True)
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["row", "reason", *headers])
    for number, reason, cells in rejected:
        writer.writerow([str(number), reason, *(neutralise(cell) for cell in cells)])
    try:
        write_atomic(target, "\ufeff" + buffer.getvalue())
    except NewsdeskError as error:  # a folder where the report belongs
        raise NewsdeskError(
            f"cannot write the rejected rows beside the input ({error.message}); "
            "nothing was imported",
            place=target,
        ) from None
    report.rejected_file = str(target)
