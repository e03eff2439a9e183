"""Data subject rights: export a person, forget them for good, export a list safely."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from newsdesk.audience import (
    ContactStore,
    add_contact,
    export_list,
    export_person,
    forget,
    import_contacts,
)
from newsdesk.audience.addresses import address_hash
from newsdesk.audience.tables import consent_events, contacts, memberships, suppressions
from newsdesk.core.errors import NewsdeskError

Rows = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def filled(store: ContactStore) -> ContactStore:
    store.create_list("mitglieder")
    store.create_list("presse")
    details = {"first_name": "Max", "last_name": "Becker", "gender": "m", "organisation": "Acme"}
    add_contact(
        store,
        "Max.Becker@example.de",
        "mitglieder",
        details,
        default_language="de",
        note="Aufnahmeantrag 2026",
    )
    add_contact(store, "max.becker@example.de", "presse", {}, default_language="de")
    store.suppress("max.becker@example.de", "bounced", "mailgun webhook", list_name="presse")
    add_contact(
        store,
        "eva@example.de",
        "mitglieder",
        {
            "first_name": "=cmd|' /C calc'!A0",
            "last_name": "-Wolf",
            "organisation": "@Firma",
            "role": "+Leitung\tx",
        },
        default_language="de",
    )
    return store


def test_export_a_person_as_json(filled: ContactStore) -> None:
    data = export_person(filled, "MAX.BECKER@example.de")
    assert json.loads(json.dumps(data)) == data
    assert data["contact"]["email"] == "Max.Becker@example.de"
    assert (data["contact"]["last_name"], data["contact"]["gender"]) == ("Becker", "m")
    assert [(m["list"], m["status"]) for m in data["memberships"]] == [
        ("mitglieder", "subscribed"),
        ("presse", "subscribed"),
    ]
    assert [(e["list"], e["kind"], e["note"]) for e in data["consent_events"]] == [
        ("mitglieder", "imported", "Aufnahmeantrag 2026"),
        ("presse", "imported", ""),
    ]
    assert [(s["list"], s["reason"]) for s in data["suppressions"]] == [("presse", "bounced")]
    with pytest.raises(NewsdeskError, match="nothing is stored"):
        export_person(filled, "nobody@example.de")


def test_forget_erases_the_person_and_blocks_a_reimport(
    filled: ContactStore, rows: Rows, tmp_path: Path
) -> None:
    erased = forget(filled, "max.becker@EXAMPLE.de")
    assert erased == {"contacts": 1, "memberships": 2, "consent_events": 2, "suppressions": 1}
    assert [c["email"] for c in rows(contacts, "id")] == ["eva@example.de"]
    assert all(m["contact_id"] != 1 for m in rows(memberships, "contact_id"))
    assert len(rows(consent_events, "id")) == 1
    [kept] = rows(suppressions, "id")
    assert (kept["email_normalised"], kept["email_hash"], kept["reason"]) == (
        None,
        address_hash("max.becker@example.de"),
        "forgotten",
    )
    dump = json.dumps([rows(t, "id") for t in (contacts, suppressions)], default=str)
    assert "becker" not in dump.lower()

    source = tmp_path / "wieder.csv"
    source.write_text(
        "E-Mail;Nachname\nMax.Becker@example.de;Becker\nneu@example.de;Neu\n", encoding="utf-8"
    )
    report = import_contacts(filled, source, "mitglieder", languages=("de",), default_language="de")
    assert report.imported == 1
    assert [(n.row, n.email) for n in report.suppressed] == [(2, "Max.Becker@example.de")]
    assert filled.find("max.becker@example.de") is None
    with pytest.raises(NewsdeskError, match="suppressed"):
        add_contact(filled, "max.becker@example.de", "presse", {}, default_language="de")
    assert forget(filled, "max.becker@example.de")["contacts"] == 0
    assert len(rows(suppressions, "id")) == 1


def test_list_export_neutralises_formulas_in_csv(filled: ContactStore, tmp_path: Path) -> None:
    out = tmp_path / "mitglieder.csv"
    assert export_list(filled, "mitglieder", out) == 2
    with out.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream, delimiter=";"))
    assert table[0][:9] == [
        "E-Mail",
        "Anrede",
        "Titel",
        "Vorname",
        "Nachname",
        "Organisation",
        "Funktion",
        "Sprache",
        "Status",
    ]
    eva = table[1]
    assert eva[3:7] == ["'=cmd|' /C calc'!A0", "'-Wolf", "'@Firma", "'+Leitung\tx"]
    assert table[2][:2] == ["Max.Becker@example.de", "Herr"]
    assert table[2][8] == "subscribed"


def test_list_export_neutralises_formulas_in_xlsx(filled: ContactStore, tmp_path: Path) -> None:
    out = tmp_path / "mitglieder.xlsx"
    export_list(filled, "mitglieder", out)
    sheet = load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][3:7] == ["'=cmd|' /C calc'!A0", "'-Wolf", "'@Firma", "'+Leitung\tx"]
    with pytest.raises(NewsdeskError, match=r"\.csv or \.xlsx"):
        export_list(filled, "mitglieder", tmp_path / "mitglieder.ods")


def test_an_exported_list_imports_back_unchanged(filled: ContactStore, tmp_path: Path) -> None:
    out = tmp_path / "runde.xlsx"
    export_list(filled, "presse", out)
    report = import_contacts(filled, out, "presse", languages=("de", "en"), default_language="de")
    assert (report.rows, report.unchanged, report.imported, report.updated) == (1, 1, 0, 0)
