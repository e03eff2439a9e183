"""The English email is made from the release's content catalog (translate.localize)."""

from __future__ import annotations

import pytest

from newsdesk.core import Release, Workspace
from newsdesk.render import render_release
from newsdesk.translate import ContentCatalog, TranslationIncomplete, localize

TITLE = "Musterstadt awards its **Founders' Prize** 2026"
ENGLISH = {
    "Pressemitteilung": "Press release",
    "Musterstadt vergibt **Gründungspreis** 2026": TITLE,
    "Preisgeld für neue Ideen": "Prize money for new ideas",
    "Die Preisträgerinnen und Preisträger 2026": "The 2026 prize winners",
}


def _catalog(workspace: Workspace, release: Release, complete: bool) -> None:
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, f"releases/{release.slug}.md")
    for message in catalog.messages():
        if message.id in ENGLISH:
            catalog.set_translation(message.id, ENGLISH[message.id], fuzzy=False)
        elif complete:
            catalog.set_translation(message.id, f"EN {message.id}", fuzzy=False)
    catalog.save()


def test_english_email_from_the_catalog(full_release: Release, workspace: Workspace) -> None:
    _catalog(workspace, full_release, complete=True)
    email = render_release(localize(full_release, workspace, "en"), workspace)
    assert email.lang == "en"
    assert email.subject == "Musterstadt awards its Founders' Prize 2026"
    assert 'lang="en"' in email.html and "PRESS RELEASE" in email.html
    assert "Musterstadt awards its <strong>Founders' Prize</strong> 2026" in email.html
    assert "Prize money for new ideas" in email.html and "Preisgeld" not in email.html
    assert "The 2026 prize winners" in email.text


def test_missing_translation_stops_unless_fallback(
    full_release: Release, workspace: Workspace
) -> None:
    _catalog(workspace, full_release, complete=False)
    with pytest.raises(TranslationIncomplete):
        localize(full_release, workspace, "en")
    email = render_release(localize(full_release, workspace, "en", fallback=True), workspace)
    assert "Prize money for new ideas" in email.html
    assert "Die Wirtschaftsförderung Musterstadt hat am Freitag" in email.html
