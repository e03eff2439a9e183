from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from newsdesk.core import Block, Contact, Link
from newsdesk.ingest import read_release


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """python-docx writes no hyperlinks itself; this is the element Word writes."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


@pytest.fixture
def word_release(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Pressemitteilung")
    document.add_paragraph("Sperrfrist: 4. Dezember 2026, 11:00 Uhr")
    document.add_heading("Musterstadt baut Radwege aus", level=0)
    document.add_paragraph("Zwölf Kilometer bis 2028", style="Subtitle")
    lead = document.add_paragraph("Musterstadt, 2. Dezember 2026 – Die Stadt baut ")
    lead.add_run("zwölf Kilometer").bold = True
    lead.add_run(" neue Radwege, ")
    lead.add_run("schneller als geplant").italic = True
    lead.add_run(". Details im ")
    _hyperlink(lead, "Radwegeplan", "https://www.example.org/radwege")
    lead.add_run(".")
    document.add_paragraph("")
    document.add_heading("Die Strecken", level=2)
    document.add_paragraph("Hafenkante bis Altstadt", style="List Bullet")
    document.add_paragraph("Bahnhof bis Universität", style="List Bullet")
    document.add_paragraph(
        "„Wir machen Tempo beim Radverkehr“, sagt Erika Muster, Baudezernentin.", style="Quote"
    )
    document.add_paragraph("Mitarbeiter*innen der Stadt planen seit 2025.")
    document.add_paragraph("Pressekontakt:")
    contact = document.add_paragraph("Max Muster")
    contact.add_run().add_break()
    contact.add_run("Tel. 0123 456-7")
    document.add_paragraph("max.muster@example.org")
    document.add_paragraph("Über die Stadt Musterstadt")
    document.add_paragraph("Musterstadt ist eine Stadt mit 120.000 Einwohnerinnen und Einwohnern.")
    path = tmp_path / "radwege.de.docx"
    document.save(str(path))
    return path


def test_word_release_fields_and_blocks(word_release: Path) -> None:
    release = read_release(word_release)

    assert release.slug == "radwege"
    assert release.kind == "Pressemitteilung"
    assert release.embargo == datetime(2026, 12, 4, 11, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert release.title == "Musterstadt baut Radwege aus"
    assert release.subtitle == "Zwölf Kilometer bis 2028"
    assert release.dateline == "Musterstadt, 2. Dezember 2026 –"
    assert release.date == date(2026, 12, 2)
    assert release.blocks == [
        Block(
            type="paragraph",
            text="Die Stadt baut **zwölf Kilometer** neue Radwege, *schneller als geplant*. "
            "Details im [Radwegeplan](https://www.example.org/radwege).",
        ),
        Block(type="heading", text="Die Strecken", level=2),
        Block(type="list", items=["Hafenkante bis Altstadt", "Bahnhof bis Universität"]),
        Block(
            type="quote",
            text="Wir machen Tempo beim Radverkehr",
            speaker="Erika Muster",
            role="Baudezernentin",
        ),
        Block(type="paragraph", text="Mitarbeiter\\*innen der Stadt planen seit 2025."),
    ]
    assert release.contacts == [
        Contact(name="Max Muster", email="max.muster@example.org", phone="0123 456-7")
    ]
    assert release.boilerplate_title == "Über die Stadt Musterstadt"
    assert release.boilerplate.startswith("Musterstadt ist eine Stadt")
    assert release.links == [
        Link("https://www.example.org/radwege", "Radwegeplan"),
        Link("mailto:max.muster@example.org", "max.muster@example.org"),
    ]


def test_word_release_without_title_style_uses_the_first_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Ein Titel ohne Formatvorlage")
    document.add_paragraph("Der erste Absatz.")
    path = tmp_path / "ohne.docx"
    document.save(str(path))

    release = read_release(path)

    assert release.title == "Ein Titel ohne Formatvorlage"
    assert release.paragraphs() == ["Der erste Absatz."]


def test_a_label_set_as_heading_is_not_the_title(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Presseinformation", level=1)
    document.add_heading("Der eigentliche Titel", level=1)
    document.add_paragraph("Text.")
    path = tmp_path / "label.docx"
    document.save(str(path))

    release = read_release(path)

    assert (release.kind, release.title) == ("Presseinformation", "Der eigentliche Titel")
    assert release.paragraphs() == ["Text."]


def test_contact_laid_out_in_a_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Titel", level=1)
    document.add_paragraph("Der Text.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Pressekontakt:"
    table.cell(1, 0).text = "Erika Muster"
    table.cell(1, 1).text = "erika@example.org"
    path = tmp_path / "tabelle.docx"
    document.save(str(path))

    release = read_release(path)

    assert release.paragraphs() == ["Der Text."]
    assert release.contacts == [Contact(name="Erika Muster", email="erika@example.org")]


def test_pictures_are_saved_beside_the_word_file_with_alt_text_caption_and_credit(
    tmp_path: Path,
) -> None:
    from docx.shared import Inches

    from newsdesk.ingest.docx import EMU_PER_PIXEL

    photo = Path(__file__).resolve().parents[2] / "examples/demo/releases/media/preisverleihung.png"
    document = docx.Document()
    document.add_heading("Neues Gründerzentrum eröffnet", level=0)
    document.add_paragraph("Musterstadt, 2. Dezember 2026 – Das Zentrum hat 40 Plätze.")
    shape = document.add_paragraph().add_run().add_picture(str(photo), width=Inches(3))
    shape._inline.docPr.set("descr", "Die Gründerinnen vor dem neuen Zentrum")
    document.add_paragraph("Eröffnung am Hafen: das Team des Zentrums", style="Caption")
    document.add_paragraph("Foto: Stadt Musterstadt / Jana Beispiel")
    document.add_paragraph("Weitere Informationen folgen.")
    path = tmp_path / "gruenderzentrum.de.docx"
    document.save(str(path))

    release = read_release(path)
    (image,) = [block for block in release.blocks if block.type == "image"]
    assert image.src == "media/gruenderzentrum/bild-1.png"
    assert image.alt == "Die Gründerinnen vor dem neuen Zentrum"
    assert image.caption == "Eröffnung am Hafen: das Team des Zentrums"
    assert image.credit == "Stadt Musterstadt / Jana Beispiel"
    assert image.width == round(Inches(3) / EMU_PER_PIXEL) == 288
    saved = tmp_path / image.src
    assert saved.read_bytes() == photo.read_bytes()
    assert [b.type for b in release.blocks] == ["paragraph", "image", "paragraph"]

    stamp = saved.stat().st_mtime_ns
    read_release(path)
    assert saved.stat().st_mtime_ns == stamp  # an unchanged picture is not written again


def test_pictures_that_cannot_be_saved_are_one_clear_error(tmp_path: Path) -> None:
    from newsdesk.core import NewsdeskError

    photo = Path(__file__).resolve().parents[2] / "examples/demo/releases/media/preisverleihung.png"
    document = docx.Document()
    document.add_heading("Titel", level=0)
    document.add_paragraph().add_run().add_picture(str(photo))
    path = tmp_path / "bild.docx"
    document.save(str(path))
    (tmp_path / "media").write_text("a file where the folder would go", encoding="utf-8")
    with pytest.raises(NewsdeskError, match="cannot save the Word file's pictures to media/bild/"):
        read_release(path)
