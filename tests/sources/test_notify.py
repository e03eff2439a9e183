"""``[sources] notify``: a pull with new drafts emails one summary to the communications team."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage
from pathlib import Path
from types import ModuleType

import pytest

from newsdesk.core import Workspace
from newsdesk.deliver.notify import Draft, build_summary

from .server import Site
from .test_cli import run

TITLES = ("Neues Gründerzentrum am Hafen eröffnet", "Radschnellweg in den Norden")


def configure(ws: Workspace, web: str = "") -> None:
    config = ws.root / "newsdesk.toml"
    text = config.read_text(encoding="utf-8").replace(
        "[sources]\n", '[sources]\nnotify = ["presse@example.org"]\n'
    )
    assert "[web]\n" in text
    config.write_text(text.replace("[web]\n", f"[web]\n{web}"), encoding="utf-8")


def outbox_messages(ws: Workspace) -> list[EmailMessage]:
    found = sorted((ws.root / "outbox").rglob("*.eml"))
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for path in found
    ]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def test_a_pull_with_new_drafts_sends_one_summary_and_a_quiet_pull_none(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(ws)
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")

    code, out, err = run(capsys, ws, "pull")
    assert code == 0, err
    assert "notified       1 address" in out
    messages = outbox_messages(ws)
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "presse@example.org"
    assert "2 neue oder geänderte Entwürfe" in message["Subject"]
    assert message["List-Unsubscribe"] is None  # staff mail, no newsletter headers
    text = text_of(message)
    for title in TITLES:
        assert f"* {title} (neu)" in text
    assert "http://127.0.0.1:8025/preview/neues-gruenderzentrum-am-hafen-eroeffnet/" in text
    assert "Datei: releases/neues-gruenderzentrum-am-hafen-eroeffnet.md" in text
    html_part = message.get_body(preferencelist=("html",))
    assert html_part is not None
    assert 'href="http://127.0.0.1:8025/preview/radschnellweg-in-den-norden/"' in (
        html_part.get_content()
    )

    # the link is the staff app's preview of that draft
    from newsdesk.web.app import create_app

    client = create_app(Workspace.open(ws.root)).test_client()
    page = client.get("/preview/neues-gruenderzentrum-am-hafen-eroeffnet/")
    assert page.status_code == 200 and TITLES[0] in page.get_data(as_text=True)

    code, out, err = run(capsys, ws, "pull")
    assert code == 0 and "stadt: 0 new, 0 updated" in out and err == ""
    assert "notified" not in out
    assert len(outbox_messages(ws)) == 1


def test_the_source_urls_and_staff_url_are_in_the_summary(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(ws, web='staff_url = "https://redaktion.example.org/"\n')
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")
    code, out, err = run(capsys, ws, "pull", "--json")
    assert code == 0, err
    assert "notified       1 address" in err  # not in the JSON on stdout
    assert out.startswith("[")
    text = text_of(outbox_messages(ws)[0])
    from newsdesk.ingest import read_release

    for path in ws.releases_dir.glob("*.md"):
        release = read_release(path)
        assert release.source_url.startswith("http://127.0.0.1:")
        assert f"Quelle: {release.source_url}" in text
        assert f"https://redaktion.example.org/preview/{release.slug}/" in text


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_failed_notification_is_one_warning_and_the_pull_still_succeeds(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(ws)
    config = ws.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('provider = "outbox"', 'provider = "smtp"'),
        encoding="utf-8",
    )
    assert 'provider = "smtp"' in config.read_text(encoding="utf-8")
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(_closed_port()))
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")

    code, out, err = run(capsys, ws, "pull")
    assert code == 0
    assert "stadt: 2 new" in out
    assert err.count("\n") == 1
    assert err.startswith("newsdesk: warning: notification not sent to 1 of 1 addresses: ")
    assert "cannot connect to 127.0.0.1" in err
    assert len(list(ws.releases_dir.glob("*.md"))) == 2


def test_a_provider_that_cannot_be_set_up_is_a_warning_too(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(ws)
    config = ws.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('provider = "outbox"', 'provider = "postmark"'),
        encoding="utf-8",
    )
    monkeypatch.delenv("POSTMARK_SERVER_TOKEN", raising=False)
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")
    code, out, err = run(capsys, ws, "pull")
    assert code == 0 and "stadt: 2 new" in out
    assert err.count("\n") == 1 and "POSTMARK_SERVER_TOKEN" in err
    assert err.startswith("newsdesk: warning: notification not sent: ")


def test_bad_notify_setting_is_named_in_the_warning(
    ws: Workspace, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    config = ws.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[sources]\n", '[sources]\nnotify = ["presse"]\n'
        ),
        encoding="utf-8",
    )
    run(capsys, ws, "sources", "add", "stadt", "--feed", site.url("/presse/rss.xml"), "--local")
    code, out, err = run(capsys, ws, "pull")
    assert code == 0 and "stadt: 2 new" in out
    assert "newsdesk.toml" in err and "sources.notify must be a list of email addresses" in err
    assert not (ws.root / "outbox").exists()


def test_the_summary_follows_the_source_language_and_names_translations(
    workspace: Workspace,
) -> None:
    drafts = [
        Draft(
            "Hafen <neu>",
            "hafen",
            "releases/hafen.md",
            "https://www.example.org/hafen",
            updated=True,
            translations=("en: 12 segments machine-drafted, to be reviewed",),
        )
    ]
    german = build_summary(workspace, drafts)
    assert german.lang == "de"
    assert "* Hafen <neu> (aktualisiert)" in german.text
    assert "Maschinelle Rohübersetzung: en: 12 segments machine-drafted" in german.text
    assert "Hafen &lt;neu&gt;" in german.html and "Hafen <neu>" not in german.html

    config = workspace.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('source = "de"', 'source = "en"'),
        encoding="utf-8",
    )
    english = build_summary(Workspace.open(workspace.root), drafts)
    assert english.lang == "en" and "* Hafen <neu> (updated)" in english.text


def test_the_summary_names_the_machine_draft_translation(
    ws: Workspace,
    site: Site,
    shared: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    deepl_fake: ModuleType,
) -> None:
    fake_module = deepl_fake
    configure(ws)
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
        code, _out, err = run(capsys, ws, "pull")
    assert code == 0, err
    messages = outbox_messages(ws)
    assert len(messages) == 1
    text = text_of(messages[0])
    entry = text.split("* Neues Gründerzentrum am Hafen eröffnet (neu)", 1)[1].split("\n* ")[0]
    assert "Maschinelle Rohübersetzung: en: " in entry
    assert "segments machine-drafted, to be reviewed" in entry
