from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from newsdesk.cli import main
from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.release import require_approved
from newsdesk.ingest import read_release

from .server import Site


def run(capsys: pytest.CaptureFixture[str], ws: Workspace, *args: str) -> tuple[int, str, str]:
    try:
        main(["--workspace", str(ws.root), *args])
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sources_add_list_remove(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = site.url("/presse/rss.xml")
    code, out, _ = run(
        capsys, ws, "sources", "add", "stadt", "--feed", feed, "--every", "30m", "--local"
    )
    assert code == 0 and "Added feed source stadt" in out
    (tmp_path / "eingang").mkdir()
    assert (
        run(capsys, ws, "sources", "add", "eingang", "--folder", str(tmp_path / "eingang"))[0] == 0
    )

    code, out, _ = run(capsys, ws, "sources", "list", "--json")
    listed = json.loads(out)
    assert [(s["name"], s["kind"], s["every"], s["local"]) for s in listed] == [
        ("eingang", "folder", "15m", False),
        ("stadt", "feed", "30m", True),
    ]
    assert listed[1]["location"] == feed

    code, out, _ = run(capsys, ws, "sources", "remove", "eingang")
    assert code == 0
    code, out, _ = run(capsys, ws, "sources", "list")
    assert "stadt" in out and "eingang" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--feed", "ftp://example.org/feed"], "is not an http(s) URL"),
        (["x", "--feed", "https://a.example/f", "--page", "https://a.example/"], "exactly one"),
        (["Stadt Presse", "--feed", "https://a.example/f"], "lower-case letters"),
        (["x", "--feed", "https://a.example/f", "--every", "10s"], "at most once a minute"),
        (["x", "--feed", "https://a.example/f", "--every", "bald"], "not an interval"),
        (["x", "--folder", "/nicht/da"], "is not a folder"),
    ],
)
def test_sources_add_refuses_bad_input_in_one_line(
    ws: Workspace, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(capsys, ws, "sources", "add", *args)
    assert code == 2
    assert err.startswith("newsdesk: error: ") and message in err
    assert err.count("\n") == 1
    assert json.loads(run(capsys, ws, "sources", "list", "--json")[1]) == []


def test_adding_a_name_twice_and_removing_an_unknown_one(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, ws, "sources", "add", "stadt", "--feed", "https://a.example/f")
    code, _, err = run(capsys, ws, "sources", "add", "stadt", "--feed", "https://b.example/f")
    assert code == 2 and "exists already" in err
    code, _, err = run(capsys, ws, "sources", "remove", "dorf")
    assert code == 2 and "no source named 'dorf'" in err
    code, _, err = run(capsys, ws, "pull", "dorf")
    assert code == 2 and "no source named 'dorf'" in err


def test_pull_json_then_approve(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")
    site.put("/fehler.xml", "kaputt", status=500)
    run(capsys, ws, "sources", "add", "fehler", "--feed", site.url("/fehler.xml"), "--local")

    code, out, err = run(capsys, ws, "pull", "--json")
    reports = {report["source"]: report for report in json.loads(out)}
    assert code == 1  # one source failed; the other was pulled all the same
    assert reports["fehler"]["ok"] is False and "answered 500" in reports["fehler"]["errors"][0]
    assert len(reports["stadt"]["created"]) == 2
    assert err == ""

    draft = ws.releases_dir / reports["stadt"]["created"][0]
    with pytest.raises(NewsdeskError, match="newsdesk approve"):
        require_approved(read_release(draft))
    before = draft.read_text(encoding="utf-8")
    code, out, _ = run(capsys, ws, "approve", str(draft))
    assert code == 0 and "Approved" in out
    after = draft.read_text(encoding="utf-8")
    assert read_release(draft).status == "approved"
    require_approved(read_release(draft))
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [("status: draft", "status: approved")]
    assert run(capsys, ws, "approve", str(draft))[1].strip().endswith("is approved already")

    code, out, err = run(capsys, ws, "pull", "stadt")
    assert code == 0 and "stadt: 0 new, 0 updated" in out and err == ""


def test_pull_prints_a_warning_line_per_failed_source(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, ws, "sources", "add", "heimlich", "--feed", site.url("/presse/rss.xml"))
    code, _out, err = run(capsys, ws, "pull")
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("newsdesk: warning: source heimlich: ") and "--local" in err


def test_approve_a_file_without_front_matter_or_missing(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ws.releases_dir / "eigene.txt"
    text.write_text("Eigene Meldung\n\nSchon freigegeben.\n", encoding="utf-8")
    code, out, _ = run(capsys, ws, "approve", str(text))
    assert code == 0 and "approved already" in out
    assert text.read_text(encoding="utf-8") == "Eigene Meldung\n\nSchon freigegeben.\n"
    code, _, err = run(capsys, ws, "approve", str(ws.releases_dir / "fehlt.md"))
    assert code == 2 and "no such release file" in err
    broken = ws.releases_dir / "kaputt.md"
    broken.write_text("---\ntitle: Kaputt\nstatus: draft\n", encoding="utf-8")
    code, _, err = run(capsys, ws, "approve", str(broken))
    assert code == 2 and "front matter opened with --- is never closed" in err
    assert broken.read_text(encoding="utf-8") == "---\ntitle: Kaputt\nstatus: draft\n"


def test_draft_translation_is_skipped_with_a_note_when_unavailable(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    config = ws.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[sources]\n", "[sources]\ndraft_translation = true\n"
        ),
        encoding="utf-8",
    )
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")
    code, out, err = run(capsys, ws, "pull")
    assert code == 0
    assert "stadt: 2 new" in out
    assert "draft translation" in err and "skipped" in err


def test_draft_translation_after_a_pull(
    ws: Workspace,
    site: Site,
    shared: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    deepl_fake: ModuleType,
) -> None:
    fake_module = deepl_fake
    config = ws.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[sources]\n", "[sources]\ndraft_translation = true\n"
        ),
        encoding="utf-8",
    )
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")
    with fake_module.running(shared / "specs" / "deepl.yaml") as fake:
        monkeypatch.setenv("DEEPL_AUTH_KEY", fake_module.GOOD_KEY)
        monkeypatch.setenv("NEWSDESK_DEEPL_URL", fake.url)
        code, out, err = run(capsys, ws, "pull")
    assert code == 0, err
    assert "machine draft  neues-gruenderzentrum-am-hafen-eroeffnet.md → en" in out
    assert fake.problems == []
    catalog = ws.catalog_path("neues-gruenderzentrum-am-hafen-eroeffnet", "en")
    text = catalog.read_text(encoding="utf-8")
    assert "EN-GB: Die Wirtschaftsförderung Musterstadt hat am Freitag" in text
    assert "#, fuzzy" in text
