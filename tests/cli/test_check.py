"""``newsdesk check``: the table, the JSON list and the exit status."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.core import Workspace

CONFIG = """\
[organisation]
brand = "Wirtschaftsförderung Musterstadt"
imprint_url = "https://www.wifoe-musterstadt.de/impressum"
privacy_url = "https://www.wifoe-musterstadt.de/datenschutz"

[sender]
email = "presse@wifoe-musterstadt.de"

[languages]
source = "de"
targets = ["en"]

[web]
base_url = "https://newsletter.wifoe-musterstadt.de"
"""

RELEASE = """\
---
slug: gruenderpreis-2026
title: Musterstadt vergibt den Gründerpreis 2026
date: 2026-11-28
dateline: "Musterstadt, 28. November 2026 –"
teaser: Drei junge Firmen aus der Region teilen sich 30.000 Euro.
contacts:
  - name: Jana Muster
    email: presse@wifoe-musterstadt.de
---

Die Wirtschaftsförderung Musterstadt hat am Freitag drei Gründerteams ausgezeichnet.
"""


@pytest.fixture
def release(workspace: Workspace) -> Path:
    (workspace.root / "newsdesk.toml").write_text(CONFIG, encoding="utf-8")
    path = workspace.releases_dir / "gruenderpreis-2026.de.md"
    path.write_text(RELEASE, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_no_error_exits_0(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, release: Path
) -> None:
    code, out, _ = run(capsys, "-w", str(workspace.root), "check", str(release), "--lang", "de")
    assert code == 0
    assert "No problems found (de)" in out


def test_an_error_exits_1_and_the_table_names_it(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, release: Path
) -> None:
    code, out, _ = run(capsys, "-w", str(workspace.root), "check", str(release))
    assert code == 1
    assert "translation" in out and "1 error" in out


def test_json_lists_level_code_message_place(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, release: Path
) -> None:
    text = RELEASE.replace("contacts:", "embargo: 2026-12-01T10:00:00+01:00\ncontacts:")
    release.write_text(text, encoding="utf-8")
    args = ["-w", str(workspace.root), "check", str(release), "--lang", "de", "--json"]
    code, out, _ = run(capsys, *args, "--at", "2026-12-01T09:30")
    assert code == 1
    findings = json.loads(out)
    assert [(f["level"], f["code"]) for f in findings] == [("error", "embargo")]
    assert set(findings[0]) == {"level", "code", "message", "place", "accepted_by"}
    code, out, _ = run(capsys, *args, "--at", "2026-12-01T10:00")
    assert (code, json.loads(out)) == (0, [])


def test_fallback_source_turns_the_missing_translation_into_an_accepted_warning(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, release: Path
) -> None:
    args = ["-w", str(workspace.root), "check", str(release), "--lang", "en", "--json"]
    code, out, _ = run(capsys, *args)
    assert code == 1
    assert [(f["level"], f["accepted_by"]) for f in json.loads(out)] == [("error", "")]
    code, out, _ = run(capsys, *args, "--fallback", "source")
    assert code == 0
    [finding] = [f for f in json.loads(out) if f["code"] == "translation"]
    assert (finding["level"], finding["accepted_by"]) == ("warning", "--fallback source")
    assert "go out in de" in finding["message"]


def test_warnings_alone_exit_0(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, release: Path
) -> None:
    release.write_text(RELEASE.replace("teaser:", "subtitle:"), encoding="utf-8")
    code, out, _ = run(capsys, "-w", str(workspace.root), "check", str(release), "--lang", "de")
    assert code == 0 and "preheader" in out and "0 errors, 1 warning" in out


def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, release: Path
) -> None:
    root = str(workspace.root)
    for args, expected in (
        (["check", str(release.with_name("fehlt.md"))], "fehlt.md"),
        (["check", str(release), "--lang", "fr"], "--lang fr"),
        (["check", str(release), "--at", "morgen"], "--at 'morgen'"),
        (["check", str(release), "--at", "2027-03-28T02:30"], "does not exist"),
    ):
        code, _, err = run(capsys, "-w", root, *args)
        assert code == 2, args
        assert err.startswith("newsdesk: error:") and expected in err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_online_reports_a_dead_link(
    capsys: pytest.CaptureFixture[str],
    workspace: Workspace,
    release: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)

    class Gone(BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gone)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/programm"
        release.write_text(RELEASE + f"\nDas Programm: [hier]({url})\n", encoding="utf-8")
        args = ["-w", str(workspace.root), "check", str(release), "--lang", "de", "--json"]
        code, out, _ = run(capsys, *args)
        assert code == 1 and "link-dead" not in out
        code, out, _ = run(capsys, *args, "--online")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    dead = [f for f in json.loads(out) if f["code"] == "link-dead" and url in f["place"]]
    assert code == 1 and [f["level"] for f in dead] == ["error"]
    assert "HTTP 404" in dead[0]["message"]
