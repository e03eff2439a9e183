from __future__ import annotations

import pytest

from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.translate.catalog import extract
from newsdesk.translate.targets import shared_slugs, target_languages


def with_targets(workspace: Workspace, targets: str) -> Workspace:
    config = workspace.root / "newsdesk.toml"
    text = config.read_text(encoding="utf-8").replace('targets = ["en"]', f"targets = {targets}")
    config.write_text(text, encoding="utf-8")
    return Workspace.open(workspace.root)


def test_languages_are_those_of_newsdesk_toml_in_any_case(
    workspace: Workspace, release: Release
) -> None:
    workspace = with_targets(workspace, '["EN", "fr", "de"]')
    assert target_languages(workspace, release) == ["en", "fr"]
    assert target_languages(workspace, release, ["En", "FR", "fr"]) == ["en", "fr"]
    with pytest.raises(NewsdeskError, match="de is the language of the release itself"):
        target_languages(workspace, release, ["de"])
    with pytest.raises(NewsdeskError, match=r"it is not a target .* are: en, fr —"):
        target_languages(workspace, release, ["it"])


def test_a_release_built_in_code_cannot_take_the_catalog_of_a_file(
    workspace: Workspace, release: Release
) -> None:
    (workspace.releases_dir / "hafen.de.md").write_text(
        "---\nslug: hafen-2026\n---\n# Hafen\n\nEin Absatz.\n", encoding="utf-8"
    )
    with pytest.raises(NewsdeskError, match=r"a release built in code and releases/hafen\.de\.md"):
        extract(workspace, release, "en")
    assert not workspace.catalog_path("hafen-2026", "en").exists()


def test_shared_slugs(release: Release) -> None:
    other = Release(slug="anders", title="Anders")
    assert shared_slugs([release, other]) == {}
    assert shared_slugs([release, other, release]) == {"hafen-2026": [release, release]}
