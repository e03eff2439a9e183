"""The audience's commands end to end: db, lists, contacts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core import Workspace


class Run:
    def __init__(self, workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
        self.workspace = workspace
        self.capsys = capsys

    def __call__(self, *args: str, status: int = 0) -> str:
        """Run ``newsdesk ARGS`` in-process; returns stdout (stderr for failures)."""
        code = 0
        try:
            main(["--workspace", str(self.workspace.root), *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = self.capsys.readouterr()
        assert code == status, out + err
        return out if status == 0 else err


@pytest.fixture
def run(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(workspace, capsys)


def test_db_upgrade_says_what_it_applied(run: Run) -> None:
    assert "Applied 0000_base, 0001_audience" in run("db", "upgrade")
    assert "up to date" in run("db", "upgrade")


def test_lists_and_contacts_round_trip(run: Run, workspace: Workspace, tmp_path: Path) -> None:
    run("lists", "create", "mitglieder", "--title", "Mitgliedsunternehmen")
    run("lists", "create", "presse")
    source = tmp_path / "kontakte.csv"
    source.write_text(
        "Anrede;Titel;Vorname;Nachname;E-Mail;Sprache\n"
        "Frau;Dr.;Anna;Weber;anna.weber@example.de;Deutsch\n"
        "Herr;;Tom;Becker;tom@example.com;English\n"
        "Herr;;Kaputt;X;kaputt@@example.de;\n",
        encoding="utf-8",
    )
    report = json.loads(run("contacts", "import", str(source), "--list", "mitglieder", "--json"))
    assert (report["imported"], report["rejected"]) == (2, 1)
    assert report["rejected_rows"][0]["row"] == 4
    text = run("contacts", "import", str(source), "--list", "mitglieder")
    assert "imported 0, updated 0, unchanged 2, rejected 1" in text
    assert "row 4: kaputt@@example.de" in text

    assert "Added Lena@example.org on presse" in run(
        "contacts",
        "add",
        "Lena@Example.org",
        "--list",
        "presse",
        "--first-name",
        "Lena",
        "--gender",
        "f",
        "--lang",
        "en",
    )
    invited = run("contacts", "invite", "neu@example.org", "--list", "presse")
    assert f"{workspace.config.base_url}/confirm/" in invited
    shown = json.loads(run("lists", "show", "--json"))
    assert [
        (s["name"], s["members"], s["pending"], s["audience"], s["languages"]) for s in shown
    ] == [
        ("mitglieder", 2, 0, 2, {"de": 1, "en": 1}),
        ("presse", 2, 1, 1, {"en": 1}),
    ]
    assert "mitglieder (Mitgliedsunternehmen): 2 members" in run("lists", "show")

    assert "Suppressed tom@example.com" in run(
        "contacts", "suppress", "tom@example.com", "--reason", "bounced"
    )
    assert json.loads(run("lists", "show", "mitglieder", "--json"))[0]["suppressed"] == 1
    run("contacts", "unsubscribe", "anna.weber@example.de", "--list", "mitglieder")
    person = json.loads(run("contacts", "export", "anna.weber@example.de"))
    assert [e["kind"] for e in person["consent_events"]] == ["imported", "withdrawn"]

    out = tmp_path / "export.xlsx"
    assert "Wrote 2 contacts" in run(
        "contacts", "export", "--list", "mitglieder", "--out", str(out)
    )
    assert out.is_file()
    assert "Forgot tom@example.com" in run("contacts", "forget", "tom@example.com")
    assert "nothing is stored" not in run("contacts", "export", "tom@example.com")

    error = run("lists", "delete", "presse", status=2)
    assert "repeat with --yes" in error
    assert "Deleted list presse" in run("lists", "delete", "presse", "--yes")


def test_mistakes_are_one_line_and_exit_2(run: Run, tmp_path: Path) -> None:
    run("lists", "create", "mitglieder")
    cases = {
        "bericht.pdf": (b"%PDF-1.7", "not a CSV or XLSX file"),
        "namen.csv": (b"Vorname;Nachname\nAnna;Weber\n", "no email column"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        error = run("contacts", "import", str(path), "--list", "mitglieder", status=2)
        assert error.count("\n") == 1 and message in error and str(path) in error
    error = run("contacts", "import", str(tmp_path / "namen.csv"), "--list", "vorstand", status=2)
    assert "newsdesk lists create vorstand" in error
    assert "not a valid email" in run(
        "contacts", "add", "a@b@c.de", "--list", "mitglieder", status=2
    )


def test_a_bad_file_never_shows_a_traceback(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "--workspace",
            str(workspace.root),
            "contacts",
            "import",
            str(path),
            "--list",
            "mitglieder",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("newsdesk: error:")
    assert result.stderr.count("\n") == 1


def test_import_names_the_worksheet_and_takes_another(run: Run, tmp_path: Path) -> None:
    from openpyxl import Workbook

    run("lists", "create", "presse")
    book = Workbook()
    book.active.title = "Mitglieder"
    book.active.append(["E-Mail", "Nachname"])
    book.active.append(["mitglied@example.de", "Weber"])
    press = book.create_sheet("Presse")
    press.append(["E-Mail", "Nachname"])
    press.append(["redaktion@example.de", "Becker"])
    press.append(["chefin@example.de", "Yilmaz"])
    source = tmp_path / "verteiler.xlsx"
    book.save(source)

    text = run("contacts", "import", str(source), "--list", "presse")
    assert "read the worksheet 'Mitglieder'; not read: 'Presse' (pick with --sheet)" in text
    report = json.loads(
        run("contacts", "import", str(source), "--list", "presse", "--sheet", "Presse", "--json")
    )
    assert (report["sheet"], report["other_sheets"], report["imported"]) == (
        "Presse",
        ["Mitglieder"],
        2,
    )
    err = run("contacts", "import", str(source), "--list", "presse", "--sheet", "X", status=2)
    assert "no such worksheet" in err and "Traceback" not in err
