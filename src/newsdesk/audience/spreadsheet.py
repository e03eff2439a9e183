"""Reading and writing the spreadsheets staff have: CSV (any of the usual Excel
exports) and XLSX. Formula cells are read as their text and never evaluated;
cells written out are neutralised against formula injection, and read back as they were."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.files import write_atomic

if TYPE_CHECKING:
    from openpyxl import Workbook

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_A_TABLE = "is not a CSV or XLSX file; save the sheet as CSV (UTF-8) or Excel workbook (.xlsx)"


@dataclass
class Sheet:
    """The rows of a spreadsheet as text, numbered as Excel numbers them (from 1)."""

    rows: Iterator[tuple[int, list[str]]]
    delimiter: str
    name: str = ""  # the worksheet read from a workbook
    other_sheets: tuple[str, ...] = ()  # the workbook's other worksheets


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """Open a CSV or XLSX file by its content (and name); NewsdeskError for anything else.
    ``sheet_name`` picks a workbook's worksheet (default: the first)."""
    try:
        with path.open("rb") as stream:
            magic = stream.read(8)
    except FileNotFoundError:
        raise NewsdeskError("no such file", place=path) from None
    except IsADirectoryError:
        raise NewsdeskError("is a folder, not a CSV or XLSX file", place=path) from None
    suffix = path.suffix.lower()
    if magic.startswith(b"PK\x03\x04"):
        return _xlsx_sheet(path, sheet_name)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise NewsdeskError(
            "is an old Excel 97-2003 workbook; save it as .xlsx or CSV (UTF-8)", place=path
        )
    if suffix in XLSX_SUFFIXES:
        raise NewsdeskError("is not a valid XLSX workbook; save it again from Excel", place=path)
    if suffix not in CSV_SUFFIXES:
        raise NewsdeskError(_NOT_A_TABLE, place=path)
    if sheet_name is not None:
        raise NewsdeskError(
            f"--sheet {sheet_name!r}: a CSV file has no worksheets; leave --sheet out",
            place=path,
        )
    encoding = _encoding(path)
    delimiter = _sniff_delimiter(path, encoding)
    return Sheet(rows=_csv_rows(path, encoding, delimiter), delimiter=delimiter)


def _encoding(path: Path) -> str:
    """UTF-16 (by its BOM), UTF-8 (with or without BOM) if every line is UTF-8, else
    Windows-1252, the encoding of a German Excel's "CSV (Trennzeichen-getrennt)".

    A file with UTF-8 lines beyond ASCII and also lines that are not UTF-8 is refused, not
    guessed: either reading would garble the names in some rows. Windows-1252 text can
    look like UTF-8 ("Ã¼" is the bytes of a UTF-8 "ü"), but a whole line only rarely: any
    other umlaut on it gives it away. A byte Windows-1252 has no character for (a DOS or
    Mac file) is refused too, rather than read as "\ufffd"."""
    with path.open("rb") as stream:
        if stream.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        stream.seek(0)
        if _all_utf8(stream, path):
            return "utf-8-sig"
        stream.seek(0)
        first_utf8: int | None = None
        first_other: int | None = None
        first_undefined: int | None = None
        for number, line in enumerate(stream, 1):
            if b"\x00" in line:
                raise NewsdeskError(_NOT_A_TABLE, place=path)
            if line.isascii():
                continue
            if _decodes(line, "utf-8"):
                first_utf8 = first_utf8 or number
            else:
                first_other = first_other or number
                if first_undefined is None and not _decodes(line, "cp1252"):
                    first_undefined = number
            if first_utf8 and first_other:
                raise NewsdeskError(
                    f"mixes encodings: line {first_utf8} is UTF-8 but this line is not; "
                    "correct its special characters in an editor that saves UTF-8, or "
                    'export the whole list again as "CSV UTF-8"',
                    place=path,
                    line=first_other,
                )
    if first_other is None:
        return "utf-8-sig"
    if first_undefined is not None:
        raise NewsdeskError(
            "is neither UTF-8 nor Windows-1252 (a DOS or Mac export?); save it again "
            'as "CSV UTF-8" from the program that made it',
            place=path,
            line=first_undefined,
        )
    return "cp1252"


def _all_utf8(stream: BinaryIO, path: Path) -> bool:
    """Whether the whole file is UTF-8: the common case, decoded a megabyte at a time
    without looking at its lines."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while chunk := stream.read(1 << 20):
            if b"\x00" in chunk:
                raise NewsdeskError(_NOT_A_TABLE, place=path)
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return path.open(encoding=encoding, newline="")


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    with _open_text(path, encoding) as stream:
        try:
            for number, row in enumerate(csv.reader(stream, delimiter=delimiter), 1):
                yield number, _restored(row)
        except csv.Error as error:
            raise NewsdeskError(f"not readable as CSV: {error}", place=path) from None
        except UnicodeDecodeError:
            raise NewsdeskError(_NOT_A_TABLE, place=path) from None


def _sniff_delimiter(path: Path, encoding: str) -> str:
    """The delimiter of the first non-empty line: ``;`` (German Excel), ``,`` or tab."""
    with _open_text(path, encoding) as stream:
        lines = [line for _, line in zip(range(20), stream, strict=False)]
    for line in lines:
        if line.strip():
            counts = {delimiter: line.count(delimiter) for delimiter in (";", ",", "\t")}
            best = max(counts, key=lambda delimiter: counts[delimiter])
            return best if counts[best] else ","
    return ","


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_sheet(path: Path, sheet_name: str | None) -> Sheet:
    # openpyxl is imported where a workbook is read or written: every command, a send
    # among them, would wait for it at start.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # A file object, so that an .xlsx saved under another name still opens.
    stream = path.open("rb")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        stream.close()
        raise NewsdeskError(
            "is not a valid XLSX workbook; save it again from Excel", place=path
        ) from None
    names = workbook.sheetnames
    chosen = _sheet_named(names, sheet_name) if sheet_name is not None else names[0]
    if chosen is None:
        workbook.close()
        stream.close()
        raise NewsdeskError(
            f"--sheet {sheet_name!r}: the workbook has no such worksheet; it has "
            + ", ".join(repr(name) for name in names),
            place=path,
        )
    return Sheet(
        rows=_iterate_workbook(workbook, chosen, stream),
        delimiter=";",
        name=chosen,
        other_sheets=tuple(name for name in names if name != chosen),
    )


def _sheet_named(names: Sequence[str], wanted: str) -> str | None:
    """``wanted`` among ``names``: exactly, else ignoring case and outer spaces."""
    if wanted in names:
        return wanted
    folded = wanted.strip().casefold()
    return next((name for name in names if name.strip().casefold() == folded), None)


def _iterate_workbook(
    workbook: Workbook, sheet_name: str, stream: BinaryIO
) -> Iterator[tuple[int, list[str]]]:
    try:
        sheet = workbook[sheet_name]
        for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, _restored([_cell_text(value) for value in row])
    finally:
        workbook.close()
        stream.close()


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text: a leading ``'`` before ``= + - @`` etc."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def restore(value: str) -> str:
    """A cell as it was before :func:`neutralise`: an export read back (a phone number
    ``+49 621 …`` written as ``'+49 621 …``) gives what was exported."""
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS) else value


def _restored(cells: list[str]) -> list[str]:
    """A row's cells through :func:`restore`; most rows hold no ``'`` at all."""
    return [restore(cell) for cell in cells] if "'" in "".join(cells) else cells


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a CSV (UTF-8 with BOM, ``;`` as German Excel expects) or XLSX, atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([neutralise(header) for header in headers])
        writer.writerows([neutralise(cell) for cell in row] for row in rows)
        write_atomic(path, "\ufeff" + buffer.getvalue())
    elif suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(list(headers))
        for row in rows:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", neutralise(cell)) for cell in row])
        buffer_bytes = io.BytesIO()
        workbook.save(buffer_bytes)
        write_atomic(path, buffer_bytes.getvalue())
    else:
        raise NewsdeskError("the output must end in .csv or .xlsx", place=path)
