from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from deepl_fake import FakeDeepL

from newsdesk.core import Workspace
from newsdesk.translate import ContentCatalog

DATA = Path(__file__).parent / "data"


@pytest.fixture
def release_file(workspace: Workspace, bronze_label: Path) -> Path:
    target = workspace.releases_dir / "bronze-label.de.txt"
    target.write_bytes(bronze_label.read_bytes())
    return target


def test_status_without_catalogs(workspace: Workspace, release_file: Path, newsdesk: Any) -> None:
    run = newsdesk("--workspace", str(workspace.root), "translate", "status")
    assert run.code == 1
    assert "bronze-label en: incomplete — 0 translated, 0 fuzzy, 9 untranslated" in run.out
    assert "no catalog yet: run `newsdesk translate extract FILE`" in run.out
    assert "untranslated: kind, title, paragraph 1, paragraph 2" in run.out


def test_status_of_an_empty_workspace(workspace: Workspace, newsdesk: Any) -> None:
    run = newsdesk("--workspace", str(workspace.root), "translate", "status", "--json")
    assert run.code == 0 and json.loads(run.out) == []


def test_a_broken_catalog_is_one_line(
    workspace: Workspace, release_file: Path, newsdesk: Any
) -> None:
    ws = ("--workspace", str(workspace.root))
    assert newsdesk(*ws, "translate", "extract", str(release_file)).code == 0
    catalog = workspace.catalog_path("bronze-label", "en")
    text = catalog.read_text(encoding="utf-8").replace(
        'msgstr ""\n\n#. title', 'msgstr "\n\n#. title'
    )
    catalog.write_text(text, encoding="utf-8")
    run = newsdesk(*ws, "translate", "status", str(release_file))
    assert run.code == 2
    assert run.err.startswith(f"newsdesk: error: {catalog}:")
    assert "unterminated string" in run.err and len(run.err.splitlines()) == 1
    # The extract refuses to overwrite it, so nothing the translator wrote is lost.
    assert newsdesk(*ws, "translate", "extract", str(release_file)).code == 2
    assert catalog.read_text(encoding="utf-8") == text


def test_draft_through_the_cli(
    workspace: Workspace, release_file: Path, newsdesk: Any, fake_deepl: FakeDeepL
) -> None:
    run = newsdesk(
        "--workspace",
        str(workspace.root),
        "translate",
        "draft",
        str(release_file),
        "--engine",
        "deepl",
        "--formality",
        "less",
        "--glossary",
        "gloss-1",
    )
    assert run.code == 0, run.err
    assert "9 machine drafts" in run.out and "marked fuzzy for review" in run.out
    body = fake_deepl.requests[0]["body"]
    assert (body["formality"], body["glossary_id"], body["target_lang"]) == (
        "prefer_less",  # DeepL rejects plain "less" for English
        "gloss-1",
        "EN-GB",
    )
    run = newsdesk("--workspace", str(workspace.root), "translate", "status", "--json")
    (status,) = json.loads(run.out)
    assert run.code == 1 and status["fuzzy"] == 9 and status["translated"] == 0


def test_draft_without_a_key(
    workspace: Workspace, release_file: Path, newsdesk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    run = newsdesk("--workspace", str(workspace.root), "translate", "draft", str(release_file))
    assert run.code == 2
    assert "no DeepL API key: set DEEPL_AUTH_KEY" in run.err
    assert not workspace.catalog_path("bronze-label", "en").exists()


def test_import_reports_what_it_could_not_place(
    workspace: Workspace, release_file: Path, newsdesk: Any, tmp_path: Path
) -> None:
    english = (DATA / "bronze-label.en.md").read_text(encoding="utf-8")
    # The agency merged paragraphs 5 and 6 and added one of its own at the end.
    paragraphs = english.split("\n\n")
    merged = [*paragraphs[:6], paragraphs[6] + " " + paragraphs[7], *paragraphs[8:]]
    merged.append("Photos of the award ceremony are available on request.\n")
    source = tmp_path / "bronze-label.en.md"
    source.write_text("\n\n".join(merged), encoding="utf-8")
    run = newsdesk(
        "--workspace", str(workspace.root), "translate", "import", str(release_file),
        "--from", str(source),
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "check (fuzzy): " in run.out
    assert "could not place paragraph" in run.out
    catalog = ContentCatalog.load(
        workspace.catalog_path("bronze-label", "en"), "bronze-label", "en"
    )
    title = next(m for m in catalog.messages() if m.auto_comments == ["title"])
    assert not title.fuzzy and title.string.startswith("Green Industry Cluster receives")


def test_draft_settings_from_newsdesk_toml(
    workspace: Workspace, release_file: Path, newsdesk: Any, fake_deepl: FakeDeepL
) -> None:
    config = workspace.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[translate]\nformality = "prefer_more"\ndeepl_targets = { en = "EN-US" }\n',
        encoding="utf-8",
    )
    run = newsdesk("--workspace", str(workspace.root), "translate", "draft", str(release_file))
    assert run.code == 0, run.err
    body = fake_deepl.requests[0]["body"]
    assert (body["formality"], body["target_lang"]) == ("prefer_more", "EN-US")
    assert "glossary_id" not in body


def test_status_of_all_goes_on_past_a_broken_catalog(
    workspace: Workspace, release_file: Path, newsdesk: Any
) -> None:
    ws = ("--workspace", str(workspace.root))
    demo = Path(__file__).parents[2] / "examples" / "demo"
    for name in ("releases/innovationspreis-2026.de.md", "releases/media/preisverleihung.png",
                 "translations/releases/innovationspreis-2026/en.po"):  # fmt: skip
        (workspace.root / name).parent.mkdir(parents=True, exist_ok=True)
        (workspace.root / name).write_bytes((demo / name).read_bytes())
    broken = workspace.catalog_path("bronze-label", "en")
    broken.parent.mkdir(parents=True)
    broken.write_text("kein PO\n", encoding="utf-8")
    run = newsdesk(*ws, "translate", "status")
    assert run.code == 2
    assert run.err.startswith(f"newsdesk: error: {broken}:1: ")
    assert "innovationspreis-2026 en: complete — 20 translated" in run.out
