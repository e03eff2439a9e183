"""A release with every kind of block, and a workspace whose templates a test may override."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from newsdesk.core import Block, Contact, Release


@pytest.fixture
def full_release() -> Release:
    return Release(
        slug="foerderpreis-2026",
        title="Musterstadt vergibt **Gründungspreis** 2026",
        subtitle="Zwölf Start-ups aus der Region im Finale",
        dateline="Musterstadt, 28. November 2026 –",
        date=date(2026, 11, 28),
        embargo=datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        blocks=[
            Block(
                "paragraph",
                text="Die Wirtschaftsförderung Musterstadt hat am Freitag zwölf Start-ups "
                "ausgezeichnet. Dr. Anna Weber überreichte die Urkunden im Rathaus.",
            ),
            Block("heading", text="Preisgeld für neue Ideen", level=2),
            Block(
                "quote",
                text="Diese Gründerinnen und Gründer zeigen, was in der Region steckt",
                speaker="Dr. Anna Weber",
                role="Oberbürgermeisterin",
            ),
            Block("list", items=["Kategorie Klima: 10.000 Euro", "Kategorie Digital & Daten"]),
            Block(
                "image",
                src="bilder/preistraeger.jpg",
                alt="Die Preisträgerinnen und Preisträger auf der Rathaustreppe",
                caption="Die Preisträgerinnen und Preisträger 2026",
                credit="Stadt Musterstadt/J. Beispiel",
                width=1200,
            ),
            Block("paragraph", text="Mehr über den Preis unter www.musterstadt.example/preis."),
            Block("link", url="https://www.musterstadt.example/preis", text="Zur Preisverleihung"),
        ],
        boilerplate_title="Über die Wirtschaftsförderung Musterstadt",
        boilerplate="Die Wirtschaftsförderung Musterstadt berät Unternehmen <und> Gründende.",
        contacts=[
            Contact(
                name="Max Beispiel",
                role="Pressesprecher",
                organisation="Stadt Musterstadt",
                email="presse@musterstadt.example",
                phone="0621 123-456",
            )
        ],
    )
