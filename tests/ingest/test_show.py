from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.core import Workspace

RELEASE_KEYS = {
    "slug", "lang", "kind", "title", "subtitle", "dateline", "date", "embargo", "teaser",
    "blocks", "boilerplate_title", "boilerplate", "contacts", "links", "tags", "status",
    "source_url", "path",
}  # fmt: skip


def test_show_json_of_the_seed_release(
    bronze_label: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no workspace here: show works without one
    monkeypatch.delenv("NEWSDESK_WORKSPACE", raising=False)

    result = CliRunner().invoke(cli, ["show", str(bronze_label), "--json"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == RELEASE_KEYS
    assert data["title"].startswith("Green Industry Cluster erhält")
    assert [block["type"] for block in data["blocks"]] == ["paragraph"] * 7
    assert all(set(block) >= {"type", "text"} for block in data["blocks"])
    assert data["blocks"][3]["speaker"] == "Thorsten Riehle"
    assert {"url": "https://www.cluster-analysis.org", "text": "www.cluster-analysis.org"} in (
        data["links"]
    )
    assert data["embargo"] is None and data["lang"] == "de"


def test_show_json_types_of_every_block(demo_workspace: Workspace) -> None:
    path = demo_workspace.release_files()[0]

    result = CliRunner().invoke(cli, ["--workspace", str(demo_workspace.root), "show", str(path),
                                      "--json"])  # fmt: skip

    data = json.loads(result.output)
    by_type = {block["type"]: block for block in data["blocks"]}
    assert set(by_type["quote"]) == {"type", "text", "speaker", "role"}
    assert set(by_type["image"]) == {"type", "text", "src", "alt", "caption", "credit", "width"}
    assert set(by_type["list"]) == {"type", "text", "items"}
    assert set(by_type["heading"]) == {"type", "text", "level"}
    assert set(by_type["link"]) == {"type", "text", "url"}
    assert data["embargo"] == "2026-11-20T10:00:00+01:00"
    assert data["date"] == "2026-11-20"
    assert set(data["contacts"][0]) == {"name", "role", "organisation", "email", "phone"}


def test_show_summary(demo_workspace: Workspace) -> None:
    path = demo_workspace.release_files()[0]

    result = CliRunner().invoke(cli, ["show", str(path)], terminal_width=200)

    assert result.exit_code == 0, result.output
    assert "Innovationspreis 2026 geht an" in result.output
    assert "Pressemitteilung" in result.output
    assert "Musterstadt, 20. November 2026 –" in result.output
    assert "2026-11-20T10:00:00+01:00" in result.output
    assert "1 quote" in result.output and "1 image" in result.output
    assert "Jana Beispiel" in result.output
    assert "mailto:jana.beispiel@example.org" in result.output


def test_show_uses_the_time_zone_of_the_workspace_around_the_file(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "ws")
    config = workspace.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Europe/Berlin", "Asia/Tokyo"),
        encoding="utf-8",
    )
    release = workspace.releases_dir / "tokio.txt"
    release.write_text("Sperrfrist: 1. Dezember 2026, 9:00 Uhr\nTitel\nText.\n", encoding="utf-8")

    result = CliRunner().invoke(cli, ["show", str(release), "--json"])

    assert json.loads(result.output)["embargo"] == "2026-12-01T09:00:00+09:00"


def test_show_uses_the_workspace_of_the_current_folder_for_a_file_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace.create(tmp_path / "ws")
    config = workspace.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Europe/Berlin", "Asia/Tokyo"),
        encoding="utf-8",
    )
    outside = tmp_path / "downloads" / "meldung.txt"
    outside.parent.mkdir()
    outside.write_text("Sperrfrist: 1. Dezember 2026, 9:00 Uhr\nTitel\nText.\n", encoding="utf-8")
    monkeypatch.chdir(workspace.releases_dir)
    monkeypatch.delenv("NEWSDESK_WORKSPACE", raising=False)

    inside = CliRunner().invoke(cli, ["show", str(outside), "--json"])
    monkeypatch.chdir(tmp_path)
    nowhere = CliRunner().invoke(cli, ["show", str(outside), "--json"])

    assert json.loads(inside.output)["embargo"] == "2026-12-01T09:00:00+09:00"
    assert json.loads(nowhere.output)["embargo"] == "2026-12-01T09:00:00+01:00"
