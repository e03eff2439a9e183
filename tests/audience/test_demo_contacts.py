from __future__ import annotations

from newsdesk.audience import ContactStore, import_contacts
from newsdesk.core import Workspace


def test_the_demo_contacts_import_cleanly(demo_workspace: Workspace) -> None:
    store = ContactStore.for_workspace(demo_workspace)
    store.create_list("mitglieder")
    config = demo_workspace.config
    report = import_contacts(
        store,
        demo_workspace.root / "contacts.csv",
        "mitglieder",
        languages=config.languages,
        default_language=config.source_language,
    )
    assert (report.rows, report.imported, report.rejected, report.duplicates) == (8, 8, [], [])
    audience = list(store.audience(["mitglieder"]))
    assert {r.lang for r in audience} == {"de", "en"}
    assert {r.gender for r in audience} == {"f", "m", "d", ""}
    assert any(r.title == "Dr." for r in audience)
