from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import Release
from newsdesk.ingest import read_release

FIRST_WORDS = [
    "Das Green Industry Cluster ist",
    "Im Mittelpunkt des Green",
    "Gegründet wurde das Cluster 2022",
    "Die Auszeichnung mit dem Bronzelabel",
    "Im Benchmarking konnte das",
    "Die Cluster Management Excellence",
    "Weiterführende Informationen über das",
]


def test_bronze_label_title_paragraphs_and_link(bronze_label: Path) -> None:
    release = read_release(bronze_label)

    assert release.title == (
        "Green Industry Cluster erhält europäische Auszeichnung für Cluster-Exzellenz"
    )
    assert release.slug == "bronze-label"
    assert release.lang == "de"
    assert [block.type for block in release.blocks] == ["paragraph"] * 7
    for block, words in zip(release.blocks, FIRST_WORDS, strict=True):
        assert block.text.startswith(words)
    assert release.blocks[-1].text.endswith("gibt es unter: www.cluster-analysis.org")
    assert "https://www.cluster-analysis.org" in [link.url for link in release.links]
    assert release.dateline == "" and release.contacts == [] and release.boilerplate == ""


def test_bronze_label_quote_paragraph_stays_whole_and_names_the_speaker(
    bronze_label: Path,
) -> None:
    quote_paragraph = read_release(bronze_label).blocks[3]

    assert quote_paragraph.type == "paragraph"
    assert quote_paragraph.text.startswith("Die Auszeichnung mit dem Bronzelabel würdigte")
    assert "„Das Cluster bringt transformative Unternehmen" in quote_paragraph.text
    assert quote_paragraph.text.endswith("die Netzwerkleistung des Clusters.")
    assert quote_paragraph.speaker == "Thorsten Riehle"
    assert quote_paragraph.role == "Wirtschaftsbürgermeister der Stadt Mannheim"
    assert quote_paragraph.to_dict()["speaker"] == "Thorsten Riehle"


def _same_content(release: Release) -> dict[str, object]:
    data = release.to_dict()
    data.pop("path")
    return data


@pytest.mark.parametrize("variant", ["utf-8-sig", "cp1252", "crlf", "cp1252-crlf"])
def test_encodings_and_line_ends_give_the_same_release(
    bronze_label: Path, tmp_path: Path, variant: str
) -> None:
    text = bronze_label.read_text(encoding="utf-8")
    encoding = "cp1252" if variant.startswith("cp1252") else "utf-8-sig"
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    copy = tmp_path / "bronze-label.de.txt"
    copy.write_bytes(text.encode(encoding))

    assert _same_content(read_release(copy)) == _same_content(read_release(bronze_label))


def test_blank_line_paragraphs_title_subtitle_and_wrapped_lines(tmp_path: Path) -> None:
    path = tmp_path / "Stadtfest_Ärger.txt"
    path.write_text(
        "Stadtfest zieht Bilanz\n"
        "Mehr Besucher als je zuvor\n"
        "\n"
        "Der erste Absatz ist\n"
        "über zwei Zeilen umbrochen.\n"
        "\n"
        "- Bühne am Markt\n"
        "- Kinderprogramm\n"
        "\n"
        "Bürger*innen und Besucher*innen waren zufrieden.\n\n\n",
        encoding="utf-8",
    )

    release = read_release(path)

    assert release.slug == "stadtfest-aerger"
    assert release.title == "Stadtfest zieht Bilanz"
    assert release.subtitle == "Mehr Besucher als je zuvor"
    assert release.blocks[0].text == "Der erste Absatz ist über zwei Zeilen umbrochen."
    assert release.blocks[1].type == "list"
    assert release.blocks[1].items == ["Bühne am Markt", "Kinderprogramm"]
    # the gender star stays text, it does not become italic markup
    assert release.blocks[2].text == "Bürger\\*innen und Besucher\\*innen waren zufrieden."
