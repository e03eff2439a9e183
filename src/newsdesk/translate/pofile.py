"""Reading and writing PO files strictly: every mistake is one error with file and line.

Babel's reader is lenient (an unterminated string is cut short, a repeated msgid
silently replaces the first), so each file is checked line by line first. Format
flags (``python-format``, ``python-brace-format``) are dropped on read and on
write: release text like "um 18 % gestiegen" is not a format string and must
never be checked as one.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, denormalize, read_po, write_po

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.files import write_atomic

FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+({_STRING})\s*$")
_CONTINUATION = re.compile(rf"^({_STRING})\s*$")


@dataclass
class PoFile:
    """A parsed PO file and the line numbers of what its callers check."""

    catalog: Catalog
    header_line: int
    entry_lines: dict[tuple[str | None, str], int]
    text: str

    def field_line(self, name: str) -> int:
        """The line of header field ``name`` (or of the header entry)."""
        marker = f'"{name.lower()}:'
        for number, line in enumerate(self.text.splitlines(), start=1):
            if number >= self.header_line and line.strip().lower().startswith(marker):
                return number
        return self.header_line


def read_catalog(path: Path) -> PoFile:
    """Read ``path`` as a PO file, refusing anything malformed or ambiguous."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NewsdeskError("no such catalog file", place=path) from None
    try:
        text = data.decode("utf-8-sig")  # a BOM from a Windows editor is harmless
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise NewsdeskError(
            "not a PO file: not UTF-8 text (save it as UTF-8)", place=path, line=line
        ) from None
    entry_lines, header_line = _scan(text, path)
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        raise NewsdeskError(
            f"not a valid PO file: {error}", place=path, line=error.lineno + 1
        ) from None
    except (ValueError, TypeError) as error:
        raise NewsdeskError(f"not a valid PO file: {error}", place=path) from None
    for message in (*catalog, *catalog.obsolete.values()):
        message.flags -= FORMAT_FLAGS
    return PoFile(catalog=catalog, header_line=header_line, entry_lines=entry_lines, text=text)


def _scan(text: str, path: Path) -> tuple[dict[tuple[str | None, str], int], int]:
    """Check every line's syntax; return where each (context, msgid) starts and
    the line of the header entry."""
    seen: dict[tuple[str | None, str], int] = {}
    header_line = 0
    context: str | None = None
    current: list[str] | None = None  # the string parts of the keyword being read
    keyword = ""
    start = 0
    waiting = 0  # the line of a msgid still without its msgstr

    def finish() -> None:
        nonlocal context, header_line
        if current is None:
            return
        value = denormalize("\n".join(current))
        if keyword == "msgctxt":
            context = value
        elif keyword == "msgid":
            key = (context, value)
            if value == "" and context is None:
                header_line = header_line or start
            if key in seen:
                raise NewsdeskError(
                    f"duplicate msgid (first at line {seen[key]}): merge the two entries into one",
                    place=path,
                    line=start,
                )
            seen[key] = start
            context = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            finish()
            current = None
            continue
        keyword_match = _KEYWORD_LINE.match(line)
        if keyword_match:
            finish()
            keyword, current, start = keyword_match.group(1), [keyword_match.group(2)], number
            if keyword in ("msgctxt", "msgid"):
                _need_no_msgstr(waiting, path)
                waiting = number if keyword == "msgid" else 0
            elif keyword.startswith("msgstr"):
                waiting = 0
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and current is not None:
            current.append(continuation.group(1))
            continue
        what = "an unterminated string" if line.count('"') % 2 else "a line that is not PO syntax"
        raise NewsdeskError(f"not a valid PO file: {what}: {line[:60]!r}", place=path, line=number)
    finish()
    _need_no_msgstr(waiting, path)
    if not header_line:
        raise NewsdeskError(
            'not a PO file: no header entry (msgid "" with Language and Project-Id-Version)',
            place=path,
            line=1,
        )
    return seen, header_line


def _need_no_msgstr(waiting: int, path: Path) -> None:
    if waiting:
        raise NewsdeskError(
            'not a valid PO file: this msgid has no msgstr (add msgstr "" below it)',
            place=path,
            line=waiting,
        )


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` atomically: one line per msgid, no format flags."""
    for message in (*catalog, *catalog.obsolete.values()):
        message.flags -= FORMAT_FLAGS
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False)
    write_atomic(path, buffer.getvalue())
