"""The recognition every reader shares, shown through plain-text files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdesk.core import Contact, Release
from newsdesk.ingest import read_release

BERLIN = ZoneInfo("Europe/Berlin")

SAMPLE = Path(__file__).parent / "samples" / "gruendungszentrum.de.txt"
FULL_RELEASE = SAMPLE.read_text(encoding="utf-8")


def _read(tmp_path: Path, text: str, name: str = "zentrum.de.txt") -> Release:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_release(path)


def test_label_embargo_title_and_subtitle(tmp_path: Path) -> None:
    release = _read(tmp_path, FULL_RELEASE)

    assert release.kind == "Presseinformation"
    assert release.embargo == datetime(2026, 12, 1, 10, 30, tzinfo=BERLIN)
    assert release.embargo.utcoffset().total_seconds() == 3600
    assert release.title == "Neues Gründungszentrum öffnet im Hafenviertel"
    assert release.subtitle == "Platz für 40 junge Unternehmen"


def test_dateline_is_taken_off_the_lead(tmp_path: Path) -> None:
    release = _read(tmp_path, FULL_RELEASE)

    assert release.dateline == "Musterstadt, 28. November 2026 –"
    assert release.date == date(2026, 11, 28)
    assert release.blocks[0].text.startswith("Die Stadt Musterstadt eröffnet")


def test_quotes_whole_inside_and_speaker_first(tmp_path: Path) -> None:
    blocks = _read(tmp_path, FULL_RELEASE).blocks

    assert blocks[1].to_dict() == {
        "type": "quote",
        "text": "Hier entsteht der Mittelstand von morgen",
        "speaker": "Dr. Anna Beispiel",
        "role": "Oberbürgermeisterin",
    }
    assert blocks[2].type == "paragraph"
    assert blocks[2].text.startswith("Das Zentrum bietet") and "in Planung." in blocks[2].text
    assert (blocks[2].speaker, blocks[2].role) == ("Max Mustermann", "Leiter des Zentrums")
    assert (blocks[3].type, blocks[3].text) == ("quote", "Endlich haben wir einen Ort.")
    assert (blocks[3].speaker, blocks[3].role) == ("Paula Probst", "Sprecherin der Gründerinnen")


def test_bildmaterial_becomes_an_image_with_caption_and_credit(tmp_path: Path) -> None:
    image = _read(tmp_path, FULL_RELEASE).blocks[4]

    assert image.type == "image"
    assert image.src == "hafenkante.jpg"
    assert image.caption == "Das neue Gründungszentrum an der Hafenkante."
    assert image.credit == "Stadt Musterstadt"


def test_boilerplate_and_contacts(tmp_path: Path) -> None:
    release = _read(tmp_path, FULL_RELEASE)

    assert len(release.blocks) == 5
    assert release.boilerplate_title == "Über die Wirtschaftsförderung Musterstadt"
    assert release.boilerplate.startswith("Die Wirtschaftsförderung berät Unternehmen")
    assert release.contacts == [
        Contact(
            name="Jana Beispiel",
            role="Pressesprecherin",
            organisation="Stadt Musterstadt",
            email="jana.beispiel@example.org",
            phone="+49 123 4567-0",
        ),
        Contact(
            name="Max Muster",
            role="Referent Öffentlichkeitsarbeit",
            email="max.muster@example.org",
            phone="0123 4567-89",
        ),
    ]


def test_links_from_every_field_deduplicated(tmp_path: Path) -> None:
    release = _read(
        tmp_path,
        FULL_RELEASE.replace("Weitere Flächen", "Siehe www.example.org. Weitere Flächen"),
    )

    assert [link.url for link in release.links] == [
        "https://www.example.org",
        "mailto:jana.beispiel@example.org",
        "mailto:max.muster@example.org",
    ]


def test_one_line_per_paragraph_layout_with_contact_and_boilerplate(tmp_path: Path) -> None:
    release = _read(
        tmp_path,
        "Pressemitteilung\n"
        "Sperrfrist bis 03.12.2026, 9 Uhr\n"
        "Titel der Meldung\n"
        "Heidelberg, 02.12.2026 – Der Lead steht hier.\n"
        "Ein zweiter Absatz mit genug Worten, damit er kein Kontakt ist.\n"
        "Über das Netzwerk Beispiel\n"
        "Das Netzwerk verbindet Unternehmen der Region seit vielen Jahren miteinander.\n"
        "Rückfragen bitte an:\n"
        "Erika Muster\n"
        "Netzwerk Beispiel e.V.\n"
        "erika@example.org\n",
    )

    assert release.kind == "Pressemitteilung"
    assert release.embargo == datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN)
    assert release.title == "Titel der Meldung"
    assert (release.dateline, release.date) == ("Heidelberg, 02.12.2026 –", date(2026, 12, 2))
    assert [block.text for block in release.blocks] == [
        "Der Lead steht hier.",
        "Ein zweiter Absatz mit genug Worten, damit er kein Kontakt ist.",
    ]
    assert release.boilerplate_title == "Über das Netzwerk Beispiel"
    assert release.contacts == [
        Contact(
            name="Erika Muster", organisation="Netzwerk Beispiel e.V.", email="erika@example.org"
        )
    ]


def test_a_paragraph_starting_with_ueber_and_a_number_is_body_text(tmp_path: Path) -> None:
    release = _read(
        tmp_path,
        "Titel\n\nErster Absatz.\n\nÜber 200 Unternehmen nehmen teil\n\nLetzter Absatz.\n",
    )

    assert release.boilerplate == ""
    assert [block.text for block in release.blocks][1] == "Über 200 Unternehmen nehmen teil"


def test_embargo_uses_the_workspace_time_zone(tmp_path: Path) -> None:
    (tmp_path / "newsdesk.toml").write_text(
        '[languages]\ntimezone = "America/New_York"\n', encoding="utf-8"
    )
    (tmp_path / "releases").mkdir()
    text = "Sperrfrist: 1. Dezember 2026, 10:00 Uhr\nTitel\nText.\n"
    release = _read(tmp_path / "releases", text)

    assert release.embargo == datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def test_no_embargo_line(tmp_path: Path) -> None:
    release = _read(tmp_path, "Sperrfrist: keine\nTitel\nText.\n")

    assert release.embargo is None
    assert release.title == "Titel"


def test_sperrfrist_written_as_a_sentence_and_a_bold_dateline(tmp_path: Path) -> None:
    release = _read(
        tmp_path,
        "Titel\n\nSperrfrist für diese Meldung ist der 2. Dezember 2026, 14 Uhr.\n\n"
        "**Musterstadt, 1. Dezember 2026** – Der Lead.\n",
        name="fett.md",
    )

    assert release.embargo == datetime(2026, 12, 2, 14, 0, tzinfo=BERLIN)
    assert release.dateline == "Musterstadt, 1. Dezember 2026 –"
    assert release.paragraphs() == ["Der Lead."]


def test_role_before_name_and_department_lines(tmp_path: Path) -> None:
    release = _read(
        tmp_path,
        "Titel\n\n"
        "„Das ist gut für alle“, so der Leiter des Umweltamts, Dr. Hans Beispiel.\n\n"
        "Bürgermeisterin Erika Muster erklärt: „Wir handeln jetzt.“\n\n"
        "Pressekontakt\nStadt Musterstadt\nPresse- und Öffentlichkeitsarbeit\nAnna Sprecher\n"
        "Rathausplatz 1\n12345 Musterstadt\nTel.: 0123 456-1234\nFax: 0123 456-1299\n"
        "presse@example.org\nwww.example.org\n",
    )

    assert [(b.type, b.speaker, b.role) for b in release.blocks] == [
        ("quote", "Dr. Hans Beispiel", "Leiter des Umweltamts"),
        ("quote", "Erika Muster", "Bürgermeisterin"),
    ]
    assert release.contacts == [
        Contact(
            name="Anna Sprecher",
            role="Presse- und Öffentlichkeitsarbeit",
            organisation="Stadt Musterstadt",
            email="presse@example.org",
            phone="0123 456-1234",
        )
    ]


def test_paragraph_lines_with_a_blank_line_only_before_the_contact(tmp_path: Path) -> None:
    long = "Ein langer Absatz, der auf einer einzigen Zeile steht und weit über hundertzwanzig " * 2
    release = _read(
        tmp_path,
        f"Titel der Meldung\n{long}Zeichen lang ist.\n"
        f"Zweiter {long}Zeichen lang ist.\n- erster Punkt\n- zweiter Punkt\n\n"
        "Pressekontakt: Jana Beispiel, Tel. 0123 456-78, jana@example.org\n",
    )

    assert release.title == "Titel der Meldung"
    assert release.subtitle == ""
    assert [block.type for block in release.blocks] == ["paragraph", "paragraph", "list"]
    assert release.blocks[2].items == ["erster Punkt", "zweiter Punkt"]
    assert release.contacts == [
        Contact(name="Jana Beispiel", phone="0123 456-78", email="jana@example.org")
    ]


def test_a_long_sentence_about_sperrfristen_is_body_text(tmp_path: Path) -> None:
    sentence = (
        "Sperrfrist ist ein Begriff aus der Pressearbeit: Eine Meldung darf vor dem genannten "
        "Zeitpunkt nicht veröffentlicht werden, auch wenn sie schon vorliegt."
    )
    release = _read(tmp_path, f"Titel\n\n{sentence}\n")

    assert release.embargo is None
    assert release.paragraphs() == [sentence]
