"""The German bronze-label email in real Chromium: no horizontal scrolling at 600 and 375 px,
small enough that Gmail does not clip it. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import Workspace
from newsdesk.ingest import read_release
from newsdesk.render import render_release
from newsdesk.render.preview import preview_values

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
GMAIL_CLIPS_AT = 102 * 1024


@pytest.fixture
def bronze_html(bronze_label: Path, workspace: Workspace) -> str:
    email = render_release(read_release(bronze_label), workspace)
    html, _ = email.fill(preview_values(workspace, email))
    return html


def test_bronze_label_is_below_gmails_clipping_size(bronze_html: str) -> None:
    assert len(bronze_html.encode("utf-8")) < GMAIL_CLIPS_AT
    assert 'lang="de"' in bronze_html
    assert "Green Industry Cluster erhält europäische Auszeichnung" in bronze_html
    assert 'href="https://www.cluster-analysis.org"' in bronze_html


@pytest.mark.browser
@pytest.mark.parametrize("width", [600, 375])
def test_no_horizontal_scrolling(
    bronze_html: str, chromium: Path, tmp_path: Path, width: int
) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "bronze-label.de.html"
    page_file.write_text(bronze_html, encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            scroll_width, inner_width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            title = page.locator("h1").inner_text()
            page.screenshot(path=str(ARTIFACTS / f"bronze-label.de.{width}.png"), full_page=True)
        finally:
            browser.close()
    assert inner_width == width
    assert scroll_width <= inner_width
    assert title.startswith("Green Industry Cluster")
    assert requests == [page_file.as_uri()]
