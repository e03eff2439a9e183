from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsdesk.core import Block, Contact, Link, Release
from newsdesk.ingest import dump_markdown, read_release

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _round_trip(release: Release, tmp_path: Path) -> Release:
    path = tmp_path / f"{release.slug}.{release.lang}.md"
    path.write_text(dump_markdown(release), encoding="utf-8")
    return read_release(path)


@pytest.mark.parametrize(
    "source",
    [
        EXAMPLES / "demo" / "releases" / "innovationspreis-2026.de.md",
        Path(__file__).resolve().parents[2].parent / "shared/fixtures/releases/bronze-label.de.txt",
        Path(__file__).parent / "samples" / "gruendungszentrum.de.txt",
    ],
    ids=["demo", "bronze-label", "text-sample"],
)
def test_read_releases_round_trip(source: Path, tmp_path: Path) -> None:
    if not source.is_file():
        pytest.skip(f"{source} is missing")
    release = read_release(source)

    assert _round_trip(release, tmp_path).replace(path=None) == release.replace(path=None)


def test_a_built_release_with_awkward_text_round_trips(tmp_path: Path) -> None:
    release = Release(
        slug="awkward",
        title="Titel: mit Doppelpunkt # und 'Zeichen'",
        lang="en",
        kind="Newsletter",
        subtitle="yes",
        dateline="Musterstadt, 1. Dezember 2026 –",
        date=date(2026, 12, 1),
        embargo=datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")),
        teaser="no",
        blocks=[
            Block(type="paragraph", text="1. FC Musterstadt gewinnt das Stadtderby."),
            Block(type="paragraph", text="# keine Überschrift und - kein Strich"),
            Block(type="paragraph", text="> auch kein Zitat"),
            Block(type="heading", text="Überschrift", level=3),
            Block(type="list", items=["- Strich am Anfang", "2. Punkt", "normal *kursiv*"]),
            Block(type="quote", text="Nur ein Zitat ohne Sprecher."),
            Block(type="quote", text="Mit Sprecher", speaker="Erika Muster"),
            Block(
                type="image",
                src="media/ein bild.png",
                alt="Alt [mit] Klammern",
                caption='Caption mit "Anführungszeichen"',
                credit="© Erika Muster",
                width=320,
            ),
            Block(type="link", text="Mehr", url="https://www.example.org/mehr"),
        ],
        boilerplate_title="Über uns",
        boilerplate="Zeile eins.\n\nZeile zwei: mit Doppelpunkt.",
        contacts=[Contact(name="Erika Muster", phone="+49 1")],
        tags=["a", "2026"],
        status="draft",
        source_url="https://www.example.org/q",
    )
    release.links = [
        Link("https://www.example.org/mehr", "Mehr"),
        Link("https://www.example.org/nur-im-modell", "Extra"),
    ]

    again = _round_trip(release, tmp_path)

    assert again.replace(path=None) == release
