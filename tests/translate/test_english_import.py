from __future__ import annotations

import copy

import pytest

from newsdesk.core import Block, NewsdeskError, Release, Workspace
from newsdesk.translate import ContentCatalog, apply, localize, segments
from newsdesk.translate.importer import import_translation

ENGLISH_PARAGRAPHS = [
    "In 2026 the Port of Musterstadt handled more goods than ever before.",
    "The detailed figures are available at [hafen.example.org/zahlen]"
    "(https://hafen.example.org/zahlen).",
    "For 2027 the port plans {new} berths.",
]


def english_version(release: Release) -> Release:
    paragraphs = iter(ENGLISH_PARAGRAPHS)

    def translate(segment: object) -> str:
        if getattr(segment, "kind", "") == "paragraph":
            return next(paragraphs)
        return f"EN {getattr(segment, 'text', '')}"

    return apply(release, translate, "en")


def test_same_structure_places_everything(workspace: Workspace, release: Release) -> None:
    report = import_translation(workspace, release, english_version(release), "en")
    assert report.placed == [s.name for s in segments(release)]
    assert not (report.uncertain or report.untranslated or report.unplaced or report.kept)
    english = localize(release, workspace, "en")
    assert english.blocks[3].text == "For 2027 the port plans {new} berths."
    assert english.blocks[1].text == ENGLISH_PARAGRAPHS[1]


def test_different_counts_are_aligned_fuzzy_and_reported(
    workspace: Workspace, release: Release
) -> None:
    english = english_version(release)
    # The English version left out the first paragraph and added one of its own.
    del english.blocks[0]
    english.blocks.insert(3, Block("paragraph", text="Shipping lines welcomed the news."))
    report = import_translation(workspace, release, english, "en")
    assert report.untranslated == ["paragraph 1"]
    assert report.unplaced == [
        "paragraph 3 of the translation: 'Shipping lines welcomed the news.'"
    ]
    assert report.uncertain == ["paragraph 2", "paragraph 3"]
    catalog = ContentCatalog.for_release(workspace, release, "en")
    second = catalog.get(release.blocks[1].text)
    assert second is not None and second.fuzzy and second.string == ENGLISH_PARAGRAPHS[1]
    third = catalog.get(release.blocks[3].text)
    assert third is not None and third.fuzzy and third.string == ENGLISH_PARAGRAPHS[2]
    assert catalog.get(release.blocks[0].text).string == ""  # type: ignore[union-attr]
    assert "title" in report.placed


def test_reviewed_translations_are_kept(workspace: Workspace, release: Release) -> None:
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, "releases/hafen-2026.md")
    catalog.set_translation(release.title, "Port of Musterstadt: a **record year**", fuzzy=False)
    catalog.save()
    english = english_version(copy.deepcopy(release))
    report = import_translation(workspace, release, english, "en")
    assert report.kept == ["title"]
    kept = ContentCatalog.for_release(workspace, release, "en").translation(release.title)
    assert kept == "Port of Musterstadt: a **record year**"
    report = import_translation(workspace, release, english, "en", replace=True)
    assert "title" in report.placed


def test_a_lost_link_makes_the_pair_fuzzy(workspace: Workspace, release: Release) -> None:
    english = english_version(release)
    english.blocks[1].text = "The detailed figures are on our website."
    report = import_translation(workspace, release, english, "en")
    assert report.uncertain == ["paragraph 2"]


def test_the_german_file_itself_is_refused(workspace: Workspace, release: Release) -> None:
    with pytest.raises(NewsdeskError, match="mostly the same text as the release itself"):
        import_translation(workspace, release, copy.deepcopy(release), "en")
    assert not workspace.catalog_path(release.slug, "en").exists()
