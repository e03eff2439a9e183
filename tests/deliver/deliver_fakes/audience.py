"""Contacts for the delivery tests, imported the way staff import them (a CSV file)."""

from __future__ import annotations

import csv
from pathlib import Path

from newsdesk.audience import ContactStore
from newsdesk.audience.importer import import_contacts
from newsdesk.core import Workspace


def people(count_de: int, count_en: int, domain: str = "example.org") -> list[dict[str, str]]:
    rows = []
    for number in range(count_de + count_en):
        lang = "de" if number < count_de else "en"
        rows.append(
            {
                "E-Mail": f"kontakt{number:05d}@{domain}",
                "Vorname": f"Vorname{number}",
                "Nachname": f"Nachname{number}",
                "Anrede": "f" if number % 2 else "m",
                "Titel": "Dr." if number % 5 == 0 else "",
                "Sprache": lang,
            }
        )
    return rows


def seed(workspace: Workspace, list_name: str, rows: list[dict[str, str]]) -> ContactStore:
    """Create ``list_name`` and import ``rows`` into it."""
    path = workspace.root / f"{list_name}.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    store = ContactStore.for_workspace(workspace)
    store.create_list(list_name)
    import_contacts(
        store,
        Path(path),
        list_name,
        languages=workspace.config.languages,
        default_language="de",
        consent="confirmed",
    )
    return store


# A release the pre-send checks pass without a warning (teaser, press contact), so a
# send needs no --force; tests of --force add a warning of their own.
RELEASE = """\
---
title: Neue Förderung für Gründerinnen und Gründer
slug: foerderung-2026
dateline: Musterstadt, 2. Dezember 2026 –
teaser: Zwei Millionen Euro für Gründungen im Hafenviertel, Anträge ab sofort.
---
Die Stadt Musterstadt fördert **junge Unternehmen** mit zwei Millionen Euro.

Anträge sind ab sofort unter www.wirtschaft-musterstadt.de/foerderung möglich.

Pressekontakt:
Jana Beispiel, Pressesprecherin
presse@wirtschaft-musterstadt.de
"""


def release_file(workspace: Workspace, english: bool = True, text: str = RELEASE) -> Path:
    """A release (``text``) in the workspace; with ``english`` its whole English catalog,
    prefixed "EN:"."""
    from newsdesk.ingest import read_release
    from newsdesk.translate import ContentCatalog
    from newsdesk.translate.catalog import location_file

    path = workspace.releases_dir / "foerderung-2026.de.md"
    path.write_text(text, encoding="utf-8")
    if english:
        release = read_release(path)
        catalog = ContentCatalog.for_release(workspace, release, "en")
        catalog.update(release, location_file(workspace, release))
        for message in list(catalog.messages()):
            catalog.set_translation(message.id, f"EN: {message.id}", fuzzy=False)
        catalog.save()
    return path
