from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdesk.core import Block, Contact, Link
from newsdesk.ingest import read_release

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

BERLIN = ZoneInfo("Europe/Berlin")

EVERY_FIELD = """\
---
title: Fachkräftetag 2026
subtitle: Unternehmen und Schulen im Gespräch
kind: Newsletter
slug: Fachkraefte-Tag
lang: de
dateline: Musterstadt, 3. Dezember 2026 –
date: 2026-12-03
embargo: 2026-12-02T18:00:00
teaser: Kurz gesagt, worum es geht.
tags: [Fachkräfte, Schule]
status: draft
source_url: https://www.example.org/quelle
contacts:
  - name: Jana Beispiel
    role: Pressesprecherin
    organisation: Stadt Musterstadt
    email: jana@example.org
    phone: "+49 123 4567"
boilerplate_title: Über die Stadt
boilerplate: |-
  Erster Absatz.

  Zweiter Absatz.
links:
  - url: https://www.example.org/extra
    text: Extra
---

Erster Absatz mit **fett**, *kursiv* und [einem Link](https://www.example.org/link).
Er geht auf einer zweiten Zeile weiter.

## Programm

1. Begrüßung
2. Podium

> „Wir brauchen jede Hand.“
>
> — Dr. Anna Beispiel, Oberbürgermeisterin

![Podium im Ratssaal](media/podium.jpg "Das Podium am Nachmittag"){width=480}
Foto: Stadt Musterstadt

![Zweites Bild](media/zwei.png)

© Tomasz Lewandowski

[Jetzt anmelden](https://www.example.org/anmeldung)
"""


def test_every_field_from_front_matter_and_body(tmp_path: Path) -> None:
    path = tmp_path / "fachkraefte.de.md"
    path.write_text(EVERY_FIELD, encoding="utf-8")

    release = read_release(path)

    assert release.title == "Fachkräftetag 2026"
    assert release.subtitle == "Unternehmen und Schulen im Gespräch"
    assert release.kind == "Newsletter"
    assert release.slug == "fachkraefte-tag"
    assert release.lang == "de"
    assert release.dateline == "Musterstadt, 3. Dezember 2026 –"
    assert release.date == date(2026, 12, 3)
    assert release.embargo == datetime(2026, 12, 2, 18, 0, tzinfo=BERLIN)
    assert release.teaser == "Kurz gesagt, worum es geht."
    assert release.tags == ["Fachkräfte", "Schule"]
    assert release.status == "draft"
    assert release.source_url == "https://www.example.org/quelle"
    assert release.contacts == [
        Contact(
            "Jana Beispiel",
            "Pressesprecherin",
            "Stadt Musterstadt",
            "jana@example.org",
            "+49 123 4567",
        )
    ]
    assert release.boilerplate_title == "Über die Stadt"
    assert release.boilerplate == "Erster Absatz.\n\nZweiter Absatz."
    assert release.blocks == [
        Block(
            type="paragraph",
            text="Erster Absatz mit **fett**, *kursiv* und [einem Link]"
            "(https://www.example.org/link). Er geht auf einer zweiten Zeile weiter.",
        ),
        Block(type="heading", text="Programm", level=2),
        Block(type="list", items=["Begrüßung", "Podium"]),
        Block(
            type="quote",
            text="Wir brauchen jede Hand.",
            speaker="Dr. Anna Beispiel",
            role="Oberbürgermeisterin",
        ),
        Block(
            type="image",
            src="media/podium.jpg",
            alt="Podium im Ratssaal",
            caption="Das Podium am Nachmittag",
            credit="Stadt Musterstadt",
            width=480,
        ),
        Block(
            type="image", src="media/zwei.png", alt="Zweites Bild", credit="© Tomasz Lewandowski"
        ),
        Block(type="link", text="Jetzt anmelden", url="https://www.example.org/anmeldung"),
    ]
    assert release.links == [
        Link("https://www.example.org/link", "einem Link"),
        Link("https://www.example.org/anmeldung", "Jetzt anmelden"),
        Link("mailto:jana@example.org", "jana@example.org"),
        Link("https://www.example.org/extra", "Extra"),
    ]


def test_title_from_the_first_heading_and_recognition_in_the_body(tmp_path: Path) -> None:
    path = tmp_path / "kurz.md"
    path.write_text(
        "Pressemitteilung\n\n# Der Titel\n\n"
        "Musterstadt, 1. Dezember 2026 – Der Lead.\n\n"
        "„Ein Satz“, sagt Max Muster, Bürgermeister.\n\n"
        "Pressekontakt:  \nErika Muster  \nerika@example.org\n",
        encoding="utf-8",
    )

    release = read_release(path)

    assert (release.kind, release.title, release.slug) == ("Pressemitteilung", "Der Titel", "kurz")
    assert release.dateline == "Musterstadt, 1. Dezember 2026 –"
    assert [block.type for block in release.blocks] == ["paragraph", "quote"]
    assert release.blocks[1].speaker == "Max Muster"
    assert release.contacts == [Contact(name="Erika Muster", email="erika@example.org")]


def test_the_demo_release_has_every_part(tmp_path: Path) -> None:
    release = read_release(EXAMPLES / "demo" / "releases" / "innovationspreis-2026.de.md")

    types = [block.type for block in release.blocks]
    assert {"paragraph", "quote", "heading", "list", "image", "link"} <= set(types)
    assert release.kind == "Pressemitteilung"
    assert release.embargo is not None and release.embargo < datetime.now(BERLIN)
    assert release.dateline.startswith("Musterstadt, 20. November 2026")
    quote = release.blocks[types.index("quote")]
    assert quote.speaker and quote.role
    image = release.blocks[types.index("image")]
    assert image.alt and image.caption and image.credit
    src = EXAMPLES / "demo" / "releases" / image.src
    assert src.is_file() and src.stat().st_size < 30_000
    assert release.contacts[0].email and release.contacts[0].phone
    assert release.boilerplate_title.startswith("Über ")
    texts = [release.title, release.boilerplate, *(b.text for b in release.blocks)]
    texts += [item for block in release.blocks for item in block.items]
    words = sum(len(text.split()) for text in texts)
    assert 250 <= words <= 500


def test_bold_first_line_title_and_german_embargo_in_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "fett.md"
    path.write_text(
        "---\nembargo: 20. November 2026, 10:00 Uhr\n---\n**Ein fetter Titel**\n\n*Neu*: Text.\n",
        encoding="utf-8",
    )

    release = read_release(path)

    assert release.title == "Ein fetter Titel"
    assert release.embargo == datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)
    assert release.paragraphs() == ["*Neu*: Text."]
