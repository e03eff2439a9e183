from __future__ import annotations

from pathlib import Path

from newsdesk.audience import ContactStore, import_contacts
from newsdesk.core import Workspace

DEMO_CONTACTS = Path(__file__).resolve().parents[2] / "examples" / "demo" / "contacts.csv"


def test_the_demo_contacts_import_cleanly(workspace: Workspace) -> None:
    store = ContactStore.for_workspace(workspace)
    store.create_list("mitglieder")
    report = import_contacts(
        store, DEMO_CONTACTS, "mitglieder", languages=("de", "en"), default_language="de"
    )
    assert (report.rows, report.imported, report.rejected, report.duplicates) == (8, 8, [], [])
    audience = list(store.audience(["mitglieder"]))
    assert {r.lang for r in audience} == {"de", "en"}
    assert {r.gender for r in audience} == {"f", "m", "d", ""}
    assert any(r.title == "Dr." for r in audience)
