"""Reading the spreadsheets staff have, writing ones that are safe to open."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from newsdesk.audience.spreadsheet import neutralise, read_sheet, write_table
from newsdesk.core.errors import NewsdeskError

ROWS = [["E-Mail", "Nachname"], ["anna@example.de", "Müller-Lüdenscheidt"], ["b@x.de", "Groß"]]


def table(path: Path) -> tuple[list[list[str]], str]:
    sheet = read_sheet(path)
    return [cells for _number, cells in sheet.rows], sheet.delimiter


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("cp1252", ";"),
        ("utf-8-sig", ";"),
        ("utf-8", ","),
        ("utf-16", "\t"),
        ("cp1252", ","),
    ],
)
def test_excel_csv_exports_in_their_encodings(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes("\r\n".join(delimiter.join(row) for row in ROWS).encode(encoding))
    assert table(path) == (ROWS, delimiter)


def test_quoted_cells_and_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "liste.txt"
    path.write_text('E-Mail;Notiz\n"a@b.de";"Zeile mit ; und\nUmbruch"\n\nc@d.de;x\n', "utf-8")
    numbered = list(read_sheet(path).rows)
    assert [number for number, _ in numbered] == [1, 2, 3, 4]
    assert numbered[1][1] == ["a@b.de", "Zeile mit ; und\nUmbruch"]


def test_xlsx_formulas_are_text_and_numbers_plain(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["E-Mail", "Name", "PLZ", "Anteil"])
    sheet.append(['=HYPERLINK("mailto:a@b.de","a@b.de")', "=1+1", 68159, 0.5])
    path = tmp_path / "liste.xlsx"
    book.save(path)
    rows, _delimiter = table(path)
    assert rows == [
        ["E-Mail", "Name", "PLZ", "Anteil"],
        ['=HYPERLINK("mailto:a@b.de","a@b.de")', "=1+1", "68159", "0.5"],
    ]


def test_an_xlsx_by_content_even_when_named_csv(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["E-Mail"])
    path = tmp_path / "export.csv"
    book.save(path)
    assert table(path)[0] == [["E-Mail"]]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NewsdeskError, match="no such file"):
        read_sheet(tmp_path / "fehlt.csv")


@pytest.mark.parametrize("value", ["=1+1", "+49 621", "-Wolf", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("Anna") == "Anna"


def test_write_table_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [["=2+3", "Anna"], ["@x", "-1"]]
    write_table(tmp_path / "a.csv", ["E-Mail", "Name"], rows)
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream, delimiter=";")) == [
            ["E-Mail", "Name"],
            ["'=2+3", "Anna"],
            ["'@x", "'-1"],
        ]
    write_table(tmp_path / "a.xlsx", ["E-Mail", "Name"], rows)
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["E-Mail", "Name"],
        ["'=2+3", "Anna"],
        ["'@x", "'-1"],
    ]
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reads_back_as_it_was(tmp_path: Path, suffix: str) -> None:
    rows = [["=2+3", "+49 621 123", "Anna"], ["@x", "-1", "'quoted'"]]
    write_table(tmp_path / f"a{suffix}", ["E-Mail", "Telefon", "Name"], rows)
    read = [cells for _, cells in read_sheet(tmp_path / f"a{suffix}").rows]
    assert read == [["E-Mail", "Telefon", "Name"], *rows]


def test_a_worksheet_is_picked_by_name(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Mitglieder"
    book.active.append(["E-Mail"])
    book.active.append(["mitglied@example.de"])
    press = book.create_sheet("Presse")
    press.append(["E-Mail"])
    press.append(["redaktion@example.de"])
    path = tmp_path / "verteiler.xlsx"
    book.save(path)

    first = read_sheet(path)
    assert (first.name, first.other_sheets) == ("Mitglieder", ("Presse",))
    assert [cells for _n, cells in first.rows] == [["E-Mail"], ["mitglied@example.de"]]
    chosen = read_sheet(path, " presse ")
    assert (chosen.name, chosen.other_sheets) == ("Presse", ("Mitglieder",))
    assert [cells for _n, cells in chosen.rows] == [["E-Mail"], ["redaktion@example.de"]]
    with pytest.raises(NewsdeskError, match="no such worksheet; it has 'Mitglieder', 'Presse'"):
        read_sheet(path, "Partner")
    csv_path = tmp_path / "liste.csv"
    csv_path.write_text("E-Mail\na@b.de\n", encoding="utf-8")
    with pytest.raises(NewsdeskError, match="a CSV file has no worksheets"):
        read_sheet(csv_path, "Presse")


def test_a_file_mixing_utf8_and_windows_1252_lines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gemischt.csv"
    lines = [
        b"E-Mail;Vorname;Nachname",
        "j@x.de;Jürgen;Müller".encode(),
        "g@x.de;Grete;Wölf".encode("cp1252"),
        "l@x.de;Łukasz;Nowak".encode(),
    ]
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(NewsdeskError) as error:
        read_sheet(path)
    assert str(error.value).startswith(f"{path}:3: mixes encodings: line 2 is UTF-8")
    assert '"CSV UTF-8"' in str(error.value)

    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join([lines[0], lines[2]]))  # a BOM is UTF-8
    with pytest.raises(NewsdeskError, match="mixes encodings: line 1 is UTF-8"):
        read_sheet(path)


def test_windows_1252_that_looks_like_utf8_in_places(tmp_path: Path) -> None:
    # "Ã¼" in Windows-1252 is the bytes of a UTF-8 "ü"; with another umlaut on its line it
    # is still read as Windows-1252.
    path = tmp_path / "alt.csv"
    rows = [["E-Mail", "Nachname"], ["m@x.de", "MÃ¼ller-Lüdenscheidt"], ["g@x.de", "Groß"]]
    path.write_bytes("\r\n".join(";".join(row) for row in rows).encode("cp1252"))
    assert table(path) == (rows, ";")

    # Alone on its line it cannot be told from UTF-8: refused, not guessed.
    rows[1] = ["m@x.de", "MÃ¼ller"]
    path.write_bytes("\r\n".join(";".join(row) for row in rows).encode("cp1252"))
    with pytest.raises(NewsdeskError, match=r"alt\.csv:3: mixes encodings: line 2 is UTF-8"):
        read_sheet(path)


def test_a_byte_windows_1252_does_not_define_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dos.csv"
    path.write_bytes(b"E-Mail;Nachname\r\nm@x.de;M\x81ller\r\n")  # "ü" in DOS code page 850
    with pytest.raises(NewsdeskError) as error:
        read_sheet(path)
    assert str(error.value).startswith(f"{path}:2: is neither UTF-8 nor Windows-1252")
