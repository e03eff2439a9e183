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


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        ("de", "de is the language of the release itself"),
        ("DE", "DE is the language of the release itself"),
        ("fr", "fr is not a target language of this workspace"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "draft"])
def test_only_target_languages_get_a_catalog(
    workspace: Workspace, release_file: Path, newsdesk: Any, command: str, lang: str, why: str
) -> None:
    run = newsdesk(
        "--workspace", str(workspace.root), "translate", command, str(release_file), "--lang", lang
    )
    assert run.code == 2
    assert run.err.startswith(f"newsdesk: error: {why}") and len(run.err.splitlines()) == 1
    assert "the targets (languages.targets in newsdesk.toml) are: en" in run.err
    assert "add a language there" in run.err
    assert not (workspace.root / "translations" / "releases" / "bronze-label").exists()


def test_import_refuses_a_language_that_is_no_target(
    workspace: Workspace, release_file: Path, newsdesk: Any
) -> None:
    ws = ("--workspace", str(workspace.root))
    source = DATA / "bronze-label.en.md"
    for lang in ("fr", "de"):
        run = newsdesk(*ws, "translate", "import", str(release_file), "--from", str(source),
                       "--lang", lang)  # fmt: skip
        assert run.code == 2 and "languages.targets in newsdesk.toml" in run.err
    assert not workspace.catalog_path("bronze-label", "en").exists()


def test_language_codes_ignore_case(
    workspace: Workspace, release_file: Path, newsdesk: Any
) -> None:
    ws = ("--workspace", str(workspace.root), "translate")
    assert newsdesk(*ws, "extract", str(release_file), "--lang", "en").code == 0
    run = newsdesk(*ws, "extract", str(release_file), "--lang", "EN", "-l", "en")
    assert run.code == 0, run.err
    assert run.out.count("en.po: 9 entries — 9 unchanged") == 1
    folder = workspace.catalog_path("bronze-label", "en").parent
    assert [path.name for path in folder.iterdir()] == ["en.po"]


@pytest.fixture
def namesake(workspace: Workspace, release_file: Path) -> Path:
    """A second release file with the slug of ``release_file``."""
    other = workspace.releases_dir / "bronze-label.md"
    other.write_text("Ein anderer Titel\n\nEin ganz anderer Absatz.\n", encoding="utf-8")
    return other


def test_commands_that_write_a_catalog_refuse_a_shared_slug(
    workspace: Workspace, release_file: Path, newsdesk: Any, tmp_path: Path
) -> None:
    ws = ("--workspace", str(workspace.root), "translate")
    assert newsdesk(*ws, "extract", str(release_file)).code == 0
    catalog = workspace.catalog_path("bronze-label", "en")
    before = catalog.read_bytes()
    other = workspace.releases_dir / "bronze-label.md"
    other.write_text("Ein anderer Titel\n\nEin ganz anderer Absatz.\n", encoding="utf-8")
    english = tmp_path / "other.en.md"
    english.write_text("Another title\n\nAnother paragraph.\n", encoding="utf-8")
    for args in (
        ("extract", str(other)),
        ("extract", str(release_file)),
        ("import", str(other), "--from", str(english)),
    ):
        run = newsdesk(*ws, *args)
        assert run.code == 2, args
        assert len(run.err.splitlines()) == 1
        assert "releases/bronze-label.de.txt" in run.err and "releases/bronze-label.md" in run.err
        assert "same slug 'bronze-label'" in run.err
        assert "give one a different `slug:` in its front matter, or remove it" in run.err
    assert catalog.read_bytes() == before


def test_draft_refuses_a_shared_slug_before_asking_deepl(
    workspace: Workspace, release_file: Path, namesake: Path, newsdesk: Any, fake_deepl: FakeDeepL
) -> None:
    run = newsdesk("--workspace", str(workspace.root), "translate", "draft", str(namesake))
    assert run.code == 2 and "same slug 'bronze-label'" in run.err
    assert fake_deepl.requests == []
    assert not workspace.catalog_path("bronze-label", "en").exists()


def test_status_reports_a_shared_slug_once(
    workspace: Workspace, release_file: Path, namesake: Path, newsdesk: Any
) -> None:
    ws = ("--workspace", str(workspace.root), "translate", "status")
    demo = Path(__file__).parents[2] / "examples" / "demo" / "releases"
    other = workspace.releases_dir / "innovationspreis-2026.de.md"
    other.write_bytes((demo / other.name).read_bytes())
    run = newsdesk(*ws)
    assert run.code == 2
    assert run.err.splitlines() == [
        "newsdesk: error: releases/bronze-label.de.txt and releases/bronze-label.md have the "
        "same slug 'bronze-label' and would share the catalogs in "
        "translations/releases/bronze-label/; give one a different `slug:` in its front "
        "matter, or remove it"
    ]
    assert "bronze-label en" not in run.out
    assert "innovationspreis-2026 en: incomplete" in run.out
    run = newsdesk(*ws, "--json")
    assert run.code == 2 and [s["release"] for s in json.loads(run.out)] == [
        "innovationspreis-2026"
    ]
    run = newsdesk(*ws, str(namesake))
    assert run.code == 2 and "same slug 'bronze-label'" in run.err and run.out == ""
