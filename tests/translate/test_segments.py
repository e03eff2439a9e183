from __future__ import annotations

from newsdesk.core import Release
from newsdesk.translate import apply, segments


def test_segments_are_named_in_reading_order(release: Release) -> None:
    names = [segment.name for segment in segments(release)]
    assert names == [
        "kind",
        "title",
        "subtitle",
        "dateline",
        "paragraph 1",
        "paragraph 2",
        "heading 1",
        "paragraph 3",
        "quote 1",
        "quote 1 role",
        "list 1 item 1",
        "list 1 item 2",
        "image 1 alt text",
        "image 1 caption",
        "link 1",
        "boilerplate title",
        "boilerplate",
        "contact 1 role",
    ]
    assert [segment.index for segment in segments(release)] == list(range(1, len(names) + 1))


def test_names_addresses_and_files_are_not_segments(release: Release) -> None:
    texts = " | ".join(segment.text for segment in segments(release))
    for fixed in ("Dr. Erika Beispiel", "Jonas Beispiel", "presse@hafen.example.org", "kran.jpg"):
        assert fixed not in texts
    assert "Foto: Hafen Musterstadt" not in texts  # the credit names the photographer


def test_apply_replaces_each_segment_and_sets_the_language(release: Release) -> None:
    english = apply(release, lambda segment: f"EN<{segment.name}>", "en")
    assert english.lang == "en"
    assert english.title == "EN<title>"
    assert english.blocks[4].text == "EN<quote 1>"
    assert english.blocks[4].speaker == "Dr. Erika Beispiel"
    assert english.blocks[5].items == ["EN<list 1 item 1>", "EN<list 1 item 2>"]
    assert english.blocks[6].src == "kran.jpg"
    assert english.contacts[0].role == "EN<contact 1 role>"
    assert english.contacts[0].email == "presse@hafen.example.org"
    assert english.links[0].text == "hafen.example.org/zahlen"  # no link in "EN<paragraph 2>"
    # The German release is untouched.
    assert release.lang == "de"
    assert release.blocks[5].items[0] == "Containerumschlag: +21 %"


def test_apply_keeps_german_where_the_mapping_has_nothing(release: Release) -> None:
    english = apply(release, {release.title: "Port of Musterstadt reports a **record year**"}, "en")
    assert english.title == "Port of Musterstadt reports a **record year**"
    assert english.subtitle == release.subtitle


def test_link_labels_follow_the_translated_text(release: Release) -> None:
    english = apply(
        release,
        {release.blocks[1].text: "See [the figures](https://hafen.example.org/zahlen)."},
        "en",
    )
    assert [(link.url, link.text) for link in english.links] == [
        ("https://hafen.example.org/zahlen", "the figures"),
        ("https://www.hafen.example.org", "www.hafen.example.org"),
    ]
    assert release.links[0].text == "hafen.example.org/zahlen"
