"""`contacts forget` also erases the address from the delivery ledger and the outbox."""

from __future__ import annotations

import csv
import json

import sqlalchemy as sa
from click.testing import CliRunner
from deliver_fakes.audience import people, release_file, seed
from deliver_fakes.ledger import campaign_with

from newsdesk.audience.addresses import address_hash
from newsdesk.cli import cli
from newsdesk.core.db import connect
from newsdesk.deliver.ledger import LedgerRow
from newsdesk.deliver.tables import deliveries

GONE = "kontakt00001@example.org"


def run(workspace, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def test_forget_blanks_the_ledger_and_deletes_outbox_messages(workspace) -> None:
    seed(workspace, "mitglieder", people(2, 1))
    path = release_file(workspace)
    campaign = json.loads(run(workspace, "send", str(path), "--list", "mitglieder", "--json"))
    outbox = workspace.root / "outbox"
    assert sum(GONE.encode() in f.read_bytes() for f in outbox.rglob("*.eml")) == 1

    output = run(workspace, "contacts", "forget", GONE.upper())
    assert "1 delivery records" in output and "1 outbox messages deleted" in output

    with connect(workspace.database_url).connect() as connection:
        rows = connection.execute(
            sa.select(deliveries.c.email, deliveries.c.name, deliveries.c.salutation)
        ).all()
    assert len(rows) == 3
    assert not any(GONE in " ".join(row).lower() for row in rows)
    assert sum(row.email.startswith("forgotten:") for row in rows) == 1
    files = list(outbox.rglob("*.eml"))
    assert len(files) == 2
    assert not any(GONE.encode() in f.read_bytes().lower() for f in files)

    shown = json.loads(run(workspace, "campaigns", "show", str(campaign["campaign"]), "--json"))
    assert shown["counts"] == {"de": {"sent": 2}, "en": {"sent": 1}}
    ledger_csv = workspace.root / "ledger.csv"
    run(workspace, "campaigns", "show", str(campaign["campaign"]), "--csv", str(ledger_csv))
    with ledger_csv.open(encoding="utf-8") as stream:
        exported = list(csv.DictReader(stream))
    assert len(exported) == 3 and GONE not in ledger_csv.read_text(encoding="utf-8")


def test_a_row_not_yet_sent_is_failed_not_sent_to_the_marker(workspace) -> None:
    from newsdesk.deliver import forget_deliveries

    ledger, campaign_id = campaign_with(
        workspace,
        [
            LedgerRow(None, "Anna@Example.org", "Anna", "Liebe Anna,", "de"),
            LedgerRow(None, "bernd@example.org", "Bernd", "", "de"),
        ],
    )
    assert forget_deliveries(workspace, " anna@example.org") == {
        "deliveries": 1,
        "outbox_files": 0,
    }
    rows = {row["id"]: row for row in ledger.rows(campaign_id)}
    erased = [row for row in rows.values() if row["email"].startswith("forgotten:")]
    assert len(erased) == 1 and erased[0]["status"] == "failed"
    assert ledger.counts(campaign_id) == {"de": {"failed": 1, "pending": 1}}
    assert ledger.languages(campaign_id) == ["de"]


def test_forget_finds_every_spelling_of_a_non_ascii_address(workspace) -> None:
    decomposed = "Jo\u0308rg.Mu\u0308ller@example.org"  # o and u each with a combining ¨
    for spelled in ("Jörg.MÜLLER@example.org", decomposed):
        campaign_with(
            workspace,
            [
                LedgerRow(42, spelled, "Jörg", "", "de"),
                LedgerRow(7, "bernd@example.org", "Bernd", "", "de"),
            ],
        )

    output = run(workspace, "contacts", "forget", "jörg.müller@example.org")
    assert "blanked in 2 delivery records" in output

    with connect(workspace.database_url).connect() as connection:
        rows = connection.execute(sa.select(deliveries.c.email, deliveries.c.name)).all()
    assert sorted(rows) == [
        ("bernd@example.org", "Bernd"),
        ("bernd@example.org", "Bernd"),
        ("forgotten:" + address_hash("jörg.müller@example.org"), ""),
        ("forgotten:" + address_hash("jörg.müller@example.org"), ""),
    ]


def test_forget_finds_the_outbox_message_of_an_internationalised_domain(workspace) -> None:
    """Stored as anna@müller.de, the message went to anna@xn--mller-kva.de."""
    rows = people(1, 0)
    rows.append({**rows[0], "E-Mail": "anna@müller.de"})
    seed(workspace, "mitglieder", rows)
    run(workspace, "send", str(release_file(workspace)), "--list", "mitglieder", "--json")
    outbox = workspace.root / "outbox"
    assert sum(b"anna@xn--mller-kva.de" in f.read_bytes() for f in outbox.rglob("*.eml")) == 1

    output = run(workspace, "contacts", "forget", "anna@müller.de")
    assert "1 delivery records" in output and "1 outbox messages deleted" in output
    assert not any(b"xn--mller-kva" in f.read_bytes() for f in outbox.rglob("*.eml"))
