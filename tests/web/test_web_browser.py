"""The staff preview in real Chromium against a real server thread: both languages,
the width switch, live reload on saving the release file, a test send through SMTP
(aiosmtpd), and screenshots at desktop and phone width under tests/artifacts/."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from web_server import ServerThread

from newsdesk.core import Workspace
from newsdesk.web import create_app

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

SLUG = "innovationspreis-2026"


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(envelope.content)
        self.arrived.set()
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    monkeypatch.setenv("SMTP_STARTTLS", "no")
    yield mailbox
    controller.stop()


@pytest.fixture
def smtp_site(site: Workspace) -> Workspace:
    config = site.root / "newsdesk.toml"
    text = config.read_text(encoding="utf-8")
    assert 'provider = "outbox"' in text
    config.write_text(text.replace('provider = "outbox"', 'provider = "smtp"'), encoding="utf-8")
    return Workspace.open(site.root)


@pytest.fixture
def browser(chromium: Path) -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium),
            headless=True,
            args=["--no-sandbox", "--headless", "--disable-gpu"],
        )
        yield launched
        launched.close()


@pytest.mark.browser
def test_preview_in_chromium(smtp_site, smtp, browser, artifacts):
    app = create_app(smtp_site)
    with ServerThread(app) as server:
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(f"{server.url}/preview/{SLUG}/?recipient=weber")
        german = page.frame_locator("#pane-de iframe")
        english = page.frame_locator("#pane-en iframe")
        expect(german.locator("body")).to_contain_text("Sehr geehrte Frau Dr. Weber", timeout=15000)
        expect(german.locator("body")).to_contain_text("Innovationspreis 2026")
        expect(english.locator("html")).to_have_attribute("lang", "en", timeout=15000)
        expect(page.locator("#pane-en [data-field=subject]")).not_to_be_empty(timeout=15000)
        expect(page.locator("#pane-de [data-field=size]")).to_contain_text("102 KB")
        page.screenshot(path=str(artifacts / "preview-desktop.png"), full_page=True)

        frame = page.locator("#pane-de iframe")
        assert frame.evaluate("f => f.getBoundingClientRect().width") == 600
        page.click("#width-phone")
        assert frame.evaluate("f => f.getBoundingClientRect().width") == 375
        page.set_viewport_size({"width": 900, "height": 1100})
        page.screenshot(path=str(artifacts / "preview-phone.png"), full_page=True)
        page.fill("#width-custom", "480")
        page.dispatch_event("#width-custom", "change")
        assert frame.evaluate("f => f.getBoundingClientRect().width") == 480
        page.click("#scheme-dark")
        assert frame.evaluate("f => getComputedStyle(f).colorScheme") == "dark"

        expect(page.locator("body")).to_have_attribute("data-live", "yes", timeout=10000)
        german.locator("body").evaluate("b => window.scrollTo(0, 300)")
        release = smtp_site.release_files()[0]
        text = release.read_text(encoding="utf-8")
        release.write_text(
            text.replace("Hafenviertel\n", "Hafenviertel – frisch gespeichert\n", 1),
            encoding="utf-8",
        )
        expect(german.locator("body")).to_contain_text("frisch gespeichert", timeout=8000)
        # The new text shows before the frame's load event, which restores the scroll position.
        scrolled = 0
        for _ in range(80):
            scrolled = german.locator("body").evaluate("b => window.scrollY")
            if scrolled > 0:
                break
            page.wait_for_timeout(100)
        assert scrolled > 0

        # The test send is the version shown: German only, greeting Frau Dr. Weber.
        page.fill("#test-address", "redaktion@example.org")
        page.select_option("#test-lang", "de")
        page.click("#send-test-button")
        expect(page.locator(".flash")).to_contain_text("Test sent", timeout=20000)
        assert smtp.arrived.wait(5)
        (raw,) = smtp.messages
        message = message_from_bytes(raw, policy=policy.default)
        subject = str(make_header(decode_header(message_from_bytes(raw)["Subject"])))
        assert subject.startswith("[TEST]") and "frisch gespeichert" in subject
        body = message.get_body(("plain",)).get_content()
        assert "Sehr geehrte Frau Dr. Weber," in body
        page.close()
