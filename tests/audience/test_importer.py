"""Importing staff spreadsheets as they really are, into SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from newsdesk.audience import ContactStore, add_contact, import_contacts
from newsdesk.audience.tables import consent_events, contacts, memberships
from newsdesk.core.errors import NewsdeskError

Rows = Callable[..., list[dict[str, Any]]]

HEADER = "Anrede;Titel;Vorname;Nachname;E-Mail;Firma;Funktion;Sprache;Telefon"
MESSY = [
    HEADER,
    "Frau;Dr.;Anna;Weber;Anna.Weber@Stadtwerke-Musterstadt.DE;Stadtwerke Musterstadt;"
    "Leiterin Kommunikation;Deutsch;0621 123",
    "Herr;;Jürgen;Müller;j.mueller@acme-analytik.de;Acme Analytik GmbH;Geschäftsführer;;",
    "Herr Prof.;;Özgür;Yilmaz;oezguer.yilmaz@hochschule-beispiel.de;Hochschule Beispielstadt;"
    "Professor;Englisch;",
    "Divers;;Alex;Schmidt;alex.schmidt@beispiel.org;;Referent*in;en;",
    "Frau;;Grete;Wolf;grete.wolf@@beispiel.de;;;;",
    ";;Max;Becker;max.becker@beispiel;;;;",
    "Frau;;Anna;Weber;anna.weber@stadtwerke-musterstadt.de;;Pressesprecherin;;0621 999",
    ";;;;;;;;",
    'Ms;;Lena;Kraus;lena.kraus@example.org;"=HYPERLINK(""http://evil.example"")";;English;',
    "Herr;;Tom;Nguyen;;Acme;;;",
    'Frau;;Ines;Becker;"=HYPERLINK(""mailto:ines@x.de"";""ines@x.de"")";;;;',
    "Familie;;Hans;Wurst;hans.wurst@example.org;;;;",
    "Herr;;Peter;Lang;peter.lang@example.org;;;Französisch;",
    ";;;Müller-Lüdenscheidt;MUELLER@Example.org;Straßenbauamt Süd;;;",
]


def write_messy(folder: Path, encoding: str, name: str = "mitglieder.csv") -> Path:
    path = folder / name
    path.write_bytes("\r\n".join(MESSY).encode(encoding) + b"\r\n")
    return path


def run(store: ContactStore, path: Path, **options: object):  # type: ignore[no-untyped-def]
    return import_contacts(
        store, path, "mitglieder", languages=("de", "en"), default_language="de", **options
    )


@pytest.fixture
def members(store: ContactStore) -> ContactStore:
    store.create_list("mitglieder", "Mitglieder")
    return store


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_a_messy_german_export_imports_what_is_valid_and_reports_the_rest(
    members: ContactStore, rows: Rows, tmp_path: Path, encoding: str
) -> None:
    source = write_messy(tmp_path, encoding)
    report = run(members, source, note="Mitgliederverzeichnis 2026")

    assert (report.rows, report.imported, report.updated, report.unchanged) == (13, 6, 0, 0)
    assert [(n.row, n.email) for n in report.duplicates] == [
        (8, "anna.weber@stadtwerke-musterstadt.de")
    ]
    assert "row 2" in report.duplicates[0].reason
    rejected = {n.row: n.reason for n in report.rejected}
    assert sorted(rejected) == [6, 7, 11, 12, 13, 14]
    assert "@" in rejected[6]
    assert "period" in rejected[7]
    assert "no email address" in rejected[11]
    assert "must have an @-sign" in rejected[12]
    assert "salutation 'Familie'" in rejected[13]
    assert "Französisch" in rejected[14]
    assert report.ignored_columns == ("Telefon",)

    stored = rows(contacts, "email_normalised")
    fields = [
        (
            c["email"],
            c["email_normalised"],
            c["gender"],
            c["title"],
            c["first_name"],
            c["last_name"],
            c["organisation"],
            c["role"],
            c["language"],
        )
        for c in stored
    ]
    assert fields == [
        (
            "alex.schmidt@beispiel.org",
            "alex.schmidt@beispiel.org",
            "d",
            "",
            "Alex",
            "Schmidt",
            "",
            "Referent*in",
            "en",
        ),
        (
            "Anna.Weber@stadtwerke-musterstadt.de",
            "anna.weber@stadtwerke-musterstadt.de",
            "f",
            "Dr.",
            "Anna",
            "Weber",
            "Stadtwerke Musterstadt",
            "Leiterin Kommunikation",
            "de",
        ),
        (
            "j.mueller@acme-analytik.de",
            "j.mueller@acme-analytik.de",
            "m",
            "",
            "Jürgen",
            "Müller",
            "Acme Analytik GmbH",
            "Geschäftsführer",
            "de",
        ),
        (
            "lena.kraus@example.org",
            "lena.kraus@example.org",
            "f",
            "",
            "Lena",
            "Kraus",
            '=HYPERLINK("http://evil.example")',
            "",
            "en",
        ),
        (
            "MUELLER@example.org",
            "mueller@example.org",
            "",
            "",
            "",
            "Müller-Lüdenscheidt",
            "Straßenbauamt Süd",
            "",
            "de",
        ),
        (
            "oezguer.yilmaz@hochschule-beispiel.de",
            "oezguer.yilmaz@hochschule-beispiel.de",
            "m",
            "Prof.",
            "Özgür",
            "Yilmaz",
            "Hochschule Beispielstadt",
            "Professor",
            "en",
        ),
    ]
    assert all(c["created_at"] == c["updated_at"] for c in stored)
    assert {m["status"] for m in rows(memberships, "contact_id")} == {"subscribed"}
    assert len(rows(memberships, "contact_id")) == 6
    events = rows(consent_events, "id")
    assert len(events) == 6
    assert {(e["kind"], e["source"], e["note"]) for e in events} == {
        ("imported", "import mitglieder.csv", "Mitgliederverzeichnis 2026")
    }

    rejected_file = tmp_path / "mitglieder.rejected.csv"
    assert report.rejected_file == str(rejected_file)
    with rejected_file.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream, delimiter=";"))
    assert table[0] == ["row", "reason", *HEADER.split(";")]
    assert [line[0] for line in table[1:]] == ["6", "7", "11", "12", "13", "14"]
    assert table[1][6] == "grete.wolf@@beispiel.de"
    assert table[4][6] == '\'=HYPERLINK("mailto:ines@x.de";"ines@x.de")'


def test_reimporting_the_same_file_changes_nothing(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = write_messy(tmp_path, "cp1252")
    run(members, source)
    before = (
        rows(contacts, "id"),
        rows(memberships, "contact_id"),
        rows(consent_events, "id"),
    )
    again = run(members, source)
    assert (again.imported, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 6, 6)
    after = (
        rows(contacts, "id"),
        rows(memberships, "contact_id"),
        rows(consent_events, "id"),
    )
    assert after == before


def test_changed_rows_and_other_lists_count_as_updated(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = tmp_path / "a.csv"
    source.write_text(
        "E-Mail,Vorname,Funktion\nanna@example.org,Anna,Referentin\nmax@example.org,Max,\n",
        encoding="utf-8",
    )
    run(members, source)
    source.write_text(
        "E-Mail,Vorname,Funktion\nANNA@example.org,Anna,Leiterin\n"
        "max@example.org,,\nneu@example.org,Neu,\n",
        encoding="utf-8",
    )
    report = run(members, source)
    assert (report.imported, report.updated, report.unchanged) == (1, 1, 1)
    anna = rows(contacts, "id")[0]
    assert (anna["email"], anna["role"]) == ("anna@example.org", "Leiterin")
    assert anna["updated_at"] > anna["created_at"]
    assert rows(contacts, "id")[1]["first_name"] == "Max"  # an empty cell keeps it

    members.create_list("presse")
    other = import_contacts(
        members, source, "presse", languages=("de", "en"), default_language="en"
    )
    assert (other.imported, other.updated, other.unchanged) == (0, 3, 0)
    assert len(rows(memberships, "contact_id")) == 6
    assert len(rows(consent_events, "id")) == 6


def test_an_xlsx_with_a_title_row_and_formula_cells(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mitgliederliste Stand November 2026"])
    sheet.append(["Salutation", "First name", "Last name", "Email", "Company", "Language", "PLZ"])
    sheet.append(["Mr", "Tom", "Becker", "Tom.Becker@Example.com", "Acme", "English", 68159])
    sheet.append(["Frau", "Ines", '=UPPER("becker")', "ines@example.de", None, "de", 68161])
    sheet.append(
        [
            "Frau",
            "Eva",
            "Link",
            '=HYPERLINK("mailto:eva@example.de","eva@example.de")',
            None,
            None,
            None,
        ]
    )
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["", "", "", "tom.becker@example.com", "Acme Ltd", "", ""])
    source = tmp_path / "liste.xlsx"
    book.save(source)

    report = run(members, source)
    assert (report.rows, report.imported, report.updated, report.unchanged) == (4, 2, 0, 0)
    assert [(n.row, n.reason.split(":")[0]) for n in report.rejected] == [
        (5, "email '=HYPERLINK(\"mailto")
    ]
    assert [n.row for n in report.duplicates] == [7]
    stored = rows(contacts, "email_normalised")
    assert [
        (c["email"], c["gender"], c["last_name"], c["organisation"], c["language"]) for c in stored
    ] == [
        ("ines@example.de", "f", '=UPPER("becker")', "", "de"),
        ("Tom.Becker@example.com", "m", "Becker", "Acme", "en"),
    ]
    assert (tmp_path / "liste.rejected.csv").is_file()


def test_50000_rows_with_3_bad_ones(members: ContactStore, rows: Rows, tmp_path: Path) -> None:
    source = tmp_path / "gross.csv"
    bad = {1234: "kein-at-zeichen.de", 25000: "doppelt@@example.de", 49999: "a@b"}
    with source.open("w", encoding="utf-8", newline="") as stream:
        stream.write("E-Mail;Vorname;Nachname\n")
        for i in range(50_000):
            stream.write(f"{bad.get(i, f'person{i}@example.de')};Vor{i};Nach{i}\n")
    report = run(members, source)
    assert (report.rows, report.imported, len(report.rejected)) == (50_000, 49_997, 3)
    assert [n.row for n in report.rejected] == [1236, 25002, 50001]
    assert len(rows(memberships, "contact_id")) == 49_997
    lines = (tmp_path / "gross.rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 4 and lines[1].startswith("1236;")
    assert run(members, source).unchanged == 49_997


def test_suppressed_addresses_are_not_imported(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    members.suppress("Grete.Wolf@example.de", "complained", "test")
    source = tmp_path / "s.csv"
    source.write_text("Mail;Name\ngrete.wolf@EXAMPLE.de;Wolf\nok@example.de;Ok\n", "utf-8")
    report = run(members, source)
    assert report.imported == 1
    assert [(n.row, n.email) for n in report.suppressed] == [(2, "grete.wolf@example.de")]
    assert [c["email"] for c in rows(contacts, "id")] == ["ok@example.de"]
    assert not (tmp_path / "s.rejected.csv").exists()


def test_a_stale_rejected_file_is_removed_when_all_rows_are_good(
    members: ContactStore, tmp_path: Path
) -> None:
    source = tmp_path / "x.csv"
    source.write_text("E-Mail\nkaputt@@x.de\n", "utf-8")
    run(members, source)
    assert (tmp_path / "x.rejected.csv").exists()
    source.write_text("E-Mail\nheil@x.de\n", "utf-8")
    run(members, source)
    assert not (tmp_path / "x.rejected.csv").exists()


def test_map_option_and_unknown_list(members: ContactStore, rows: Rows, tmp_path: Path) -> None:
    source = tmp_path / "m.csv"
    source.write_text("Kontakt,Rufname\nkim@example.de,Kim\n", "utf-8")
    with pytest.raises(NewsdeskError, match="no email column"):
        run(members, source)
    assert run(members, source, column_map="Kontakt=email,Rufname=first_name").imported == 1
    assert rows(contacts, "id")[0]["first_name"] == "Kim"
    with pytest.raises(NewsdeskError, match="lists create presse"):
        import_contacts(members, source, "presse", languages=("de",), default_language="de")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.pdf", b"%PDF-1.7 ...", "not a CSV or XLSX"),
        ("liste.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Excel 97-2003"),
        ("liste.xlsx", b"not a zip", "not a valid XLSX"),
        ("liste.csv", b"E-Mail\x00;Name\n\x00\x01", "not a CSV or XLSX"),
        ("leer.csv", b"", "has no rows"),
        ("namen.csv", b"Vorname;Nachname\nAnna;Weber\n", "no email column"),
        (
            "gemischt.csv",
            "E-Mail;Vorname\nj@x.de;Jürgen\n".encode() + "g@x.de;Jürgen\n".encode("cp1252"),
            ":3: mixes encodings: line 2 is UTF-8",
        ),
    ],
)
def test_files_that_cannot_be_imported_name_the_problem(
    members: ContactStore, rows: Rows, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(NewsdeskError, match=message) as error:
        run(members, source)
    assert str(error.value).startswith(str(source))
    assert rows(contacts, "id") == []


def test_no_import_without_its_report_of_rejected_rows(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = tmp_path / "liste.csv"
    source.write_text("E-Mail\ngut@example.de\nschlecht@@example.de\n", "utf-8")
    (tmp_path / "liste.rejected.csv").mkdir()  # cannot be replaced by a file
    with pytest.raises(NewsdeskError, match=r"cannot write the rejected rows.*is a folder"):
        run(members, source)
    assert rows(contacts, "id") == []


def test_a_row_with_more_cells_than_the_header_is_rejected_unless_they_are_empty(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = tmp_path / "extra.csv"
    source.write_text(
        "E-Mail;Anrede;Sprache;\n"
        "x5@x.example;Frau;de;Stadtwerke\n"
        "x6@x.example;Herr;en;;\n"
        "x7@x.example;Frau;de\n",
        "utf-8",
    )
    report = run(members, source)
    assert [(n.row, n.reason) for n in report.rejected] == [
        (
            2,
            "4 cells but the header has 3 columns; remove the extra cells or add a header for them",
        )
    ]
    stored = rows(contacts, "email")
    assert [(c["email"], c["gender"], c["language"]) for c in stored] == [
        ("x6@x.example", "m", "en"),
        ("x7@x.example", "f", "de"),
    ]
    assert all(
        not c[name]
        for c in stored
        for name in ("first_name", "last_name", "title", "organisation", "role")
    )


def test_a_map_naming_a_column_the_file_lacks_is_an_error(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = tmp_path / "m.csv"
    source.write_text("E-Mail;Vorname\nkim@example.de;Kim\n", "utf-8")
    with pytest.raises(NewsdeskError) as error:
        run(members, source, column_map="NichtDa=email")
    assert str(error.value) == (
        f"{source}: --map: the file has no column 'NichtDa'; its columns are: E-Mail, Vorname"
    )
    assert rows(contacts, "id") == []


def test_duplicate_rows_that_disagree_are_a_warning(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = tmp_path / "d.csv"
    source.write_text(
        "E-Mail;Vorname;Nachname;Firma\n"
        "d@x.example;Anna;;Acme\n"
        "D@x.example;Berta;Weber;ACME GmbH\n"
        "d@x.example;Anna;;\n",
        "utf-8",
    )
    report = run(members, source)
    assert [(n.row, n.reason) for n in report.duplicates] == [
        (
            3,
            "warning: same address as row 2 but a different first name 'Berta' (row 2: "
            "'Anna'), organisation 'ACME GmbH' (row 2: 'Acme'); kept row 2's, this row only "
            "filled its empty fields",
        ),
        (4, "same address as row 2; merged into it"),
    ]
    [stored] = rows(contacts, "id")
    assert (stored["first_name"], stored["last_name"], stored["organisation"]) == (
        "Anna",
        "Weber",
        "Acme",
    )


def test_a_non_ascii_address_is_a_rejected_row_saying_what_to_ask_for(
    members: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    source = tmp_path / "umlaute.csv"
    source.write_text(
        "E-Mail;Nachname\nmüller@example.org;Müller\nanna@müller.de;Weber\n", encoding="utf-8"
    )
    report = run(members, source)
    assert [(n.row, n.email) for n in report.rejected] == [(2, "müller@example.org")]
    assert "ask for the ASCII address" in report.rejected[0].reason
    assert [c["email"] for c in rows(contacts, "id")] == ["anna@müller.de"]


def test_a_language_the_reader_chose_survives_a_reimport(
    members: ContactStore, tmp_path: Path
) -> None:
    """The CRM's spreadsheet still says German after the reader picked English on the
    preferences page: a re-import keeps English, and updates everything else."""
    source = tmp_path / "crm.csv"
    source.write_text(
        "E-Mail,Vorname,Funktion,Sprache\nanna@example.org,Anna,Referentin,Deutsch\n"
        "max@example.org,Max,,Deutsch\n",
        encoding="utf-8",
    )
    run(members, source)
    anna = members.find("anna@example.org")
    assert anna is not None and anna.contact_id is not None
    members.set_language(anna.contact_id, "en", by_reader=True)

    source.write_text(
        source.read_text(encoding="utf-8").replace("Referentin", "Leiterin"), encoding="utf-8"
    )
    report = run(members, source)
    assert (report.updated, report.unchanged, report.languages_kept) == (1, 1, 1)
    assert report.as_dict()["languages_kept"] == 1
    kept = members.find("anna@example.org")
    assert kept is not None and kept.lang == "en"

    # staff who set the language of this one person take the choice back for the file
    add_contact(
        members, "anna@example.org", "mitglieder", {"language": "de"}, default_language="de"
    )
    source.write_text(
        source.read_text(encoding="utf-8").replace("Leiterin,Deutsch", "Leiterin,Englisch"),
        encoding="utf-8",
    )
    report = run(members, source)
    assert (report.updated, report.languages_kept) == (1, 0)
    again = members.find("anna@example.org")
    assert again is not None and again.lang == "en"
