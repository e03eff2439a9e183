from __future__ import annotations

import logging

import pytest

from newsdesk.core import Release, Workspace
from newsdesk.translate import (
    ContentCatalog,
    TranslationIncomplete,
    localize,
    segments,
    translation_status,
)


def translated_catalog(workspace: Workspace, release: Release) -> ContentCatalog:
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, "releases/hafen-2026.md")
    for message in list(catalog.messages()):
        catalog.set_translation(message.id, f"EN {message.id}", fuzzy=False)
    catalog.save()
    return catalog


def test_source_language_is_unchanged(workspace: Workspace, release: Release) -> None:
    assert localize(release, workspace, "de") is release


def test_complete_catalog_gives_the_english_release(workspace: Workspace, release: Release) -> None:
    translated_catalog(workspace, release)
    english = localize(release, workspace, "en")
    assert english.lang == "en"
    assert english.title == f"EN {release.title}"
    assert all(
        segment.text.startswith("EN ") for segment in segments(english) if segment.kind != "kind"
    )
    (status,) = translation_status(workspace, release)
    assert status.complete and status.translated == len(segments(release))
    assert (status.fuzzy, status.untranslated, status.obsolete) == (0, 0, 0)


def test_no_catalog_is_incomplete(workspace: Workspace, release: Release) -> None:
    with pytest.raises(TranslationIncomplete) as caught:
        localize(release, workspace, "en")
    assert "newsdesk translate extract" in caught.value.message
    (status,) = translation_status(workspace, release)
    assert not status.exists and status.untranslated == len(segments(release))


def test_fuzzy_and_missing_are_named(
    workspace: Workspace, release: Release, caplog: pytest.LogCaptureFixture
) -> None:
    catalog = translated_catalog(workspace, release)
    catalog.set_translation(release.blocks[0].text, "EN old", fuzzy=True)
    catalog.set_translation(release.blocks[5].items[1], "", fuzzy=False)
    catalog.save()
    with pytest.raises(TranslationIncomplete) as caught:
        localize(release, workspace, "en")
    error = caught.value
    assert [str(p) for p in error.problems] == [
        "paragraph 1 (fuzzy)",
        "list 1 item 2 (untranslated)",
    ]
    assert "paragraph 1 (fuzzy), list 1 item 2 (untranslated)" in str(error)
    assert error.place == str(catalog.path)

    with caplog.at_level(logging.WARNING, logger="newsdesk.translate"):
        english = localize(release, workspace, "en", fallback=True)
    assert english.blocks[0].text == release.blocks[0].text  # German, not the stale English
    assert english.blocks[5].items == [f"EN {release.blocks[5].items[0]}", "Schüttgut: +4 %"]
    assert english.title == f"EN {release.title}"
    (record,) = [r for r in caplog.records if r.name == "newsdesk.translate"]
    assert record.levelno == logging.WARNING
    assert "paragraph 1 (fuzzy)" in record.getMessage()

    (status,) = translation_status(workspace, release)
    assert status.fuzzy_segments == ["paragraph 1"]
    assert status.untranslated_segments == ["list 1 item 2"]
    assert not status.complete


def test_a_dropped_link_is_reported(workspace: Workspace, release: Release) -> None:
    catalog = translated_catalog(workspace, release)
    catalog.set_translation(release.blocks[1].text, "The figures are on our website.", fuzzy=False)
    catalog.set_translation(
        release.boilerplate, "The port is an inland port. More: [www.hafen.example.org", fuzzy=False
    )
    catalog.save()
    (status,) = translation_status(workspace, release)
    assert status.link_problems == [
        "paragraph 2: link https://hafen.example.org/zahlen is missing",
        "boilerplate: broken markup: '[' shows as text",
    ]
    assert not status.complete
    with pytest.raises(TranslationIncomplete) as caught:
        localize(release, workspace, "en")
    assert "paragraph 2 (link https://hafen.example.org/zahlen is missing)" in str(caught.value)


def test_german_changed_since_extract(workspace: Workspace, release: Release) -> None:
    translated_catalog(workspace, release)
    release.blocks[2].text = "Ausblick auf 2027"
    (status,) = translation_status(workspace, release)
    assert status.outdated and status.untranslated_segments == ["heading 1"]
