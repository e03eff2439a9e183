"""A clean email to start from: each check test changes one thing and expects one finding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsdesk.checks.context import SAMPLE_VALUES, CheckContext, Rendition
from newsdesk.core import Block, Contact, Release, Workspace

SITE = "https://www.wifoe-musterstadt.de"
NEWSLETTER = "https://newsletter.wifoe-musterstadt.de"
IMPRINT = f"{SITE}/impressum"

CONFIG = f"""\
[organisation]
brand = "Wirtschaftsförderung Musterstadt"
accent_color = "#0b5a7a"
imprint_url = "{IMPRINT}"
privacy_url = "{SITE}/datenschutz"
address = "Am Markt 1, 12345 Musterstadt"

[sender]
name = "Wirtschaftsförderung Musterstadt"
email = "presse@wifoe-musterstadt.de"

[languages]
source = "de"
targets = ["en"]

[web]
base_url = "{NEWSLETTER}"
"""


@pytest.fixture
def site(workspace: Workspace) -> Workspace:
    """A workspace configured like a real sender (own domain, https, imprint)."""
    (workspace.root / "newsdesk.toml").write_text(CONFIG, encoding="utf-8")
    return Workspace.open(workspace.root)


def clean_release(**changes: Any) -> Release:
    release = Release(
        slug="gruenderpreis-2026",
        title="Musterstadt vergibt den Gründerpreis 2026",
        dateline="Musterstadt, 28. November 2026 –",
        date=date(2026, 11, 28),
        teaser="Drei junge Firmen aus der Region teilen sich 30.000 Euro.",
        blocks=[
            Block(
                "paragraph",
                text="Die Wirtschaftsförderung Musterstadt hat am Freitag drei Gründerteams "
                "ausgezeichnet. Mehr unter [unserer Website](https://www.wifoe-musterstadt.de/preis).",
            ),
            Block("quote", text="Wir sind stolz auf diese Teams.", speaker="Petra Beispiel"),
        ],
        contacts=[
            Contact(
                name="Jana Muster", role="Pressesprecherin", email="presse@wifoe-musterstadt.de"
            )
        ],
    )
    return release.replace(**changes)


def clean_html(
    lang: str = "de", *, body: str = "", head: str = "", footer: str | None = None
) -> str:
    unsubscribe = SAMPLE_VALUES["unsubscribe_url"]
    if footer is None:
        footer = (
            f'<a href="{unsubscribe}" style="color:#555555">Abmelden</a> · '
            f'<a href="{IMPRINT}" style="color:#555555">Impressum</a>'
        )
    return f"""<!doctype html>
<html lang="{lang}" xmlns="http://www.w3.org/1999/xhtml">
<head><meta charset="utf-8"><title>Gründerpreis</title>
<style type="text/css">body {{ margin: 0; }}</style>{head}</head>
<body style="background-color:#f4f4f4;">
<div style="display:none;max-height:0px;">Drei junge Firmen teilen sich 30.000 Euro.</div>
<div style="background-color:#ffffff;color:#222222;font-size:16px;">
<img src="{NEWSLETTER}/media/logo.png" alt="Wirtschaftsförderung Musterstadt" width="180">
<h1 style="color:#0b5a7a;font-size:28px;">Musterstadt vergibt den Gründerpreis 2026</h1>
<p>Die Wirtschaftsförderung Musterstadt hat am Freitag drei Gründerteams ausgezeichnet.
Mehr unter <a href="{SITE}/preis" style="color:#0b5a7a">unserer Website</a>.</p>
{body}
</div>
<div style="background-color:#f4f4f4;color:#555555;font-size:13px;">{footer}</div>
</body>
</html>
"""


def clean_text(*, footer: str | None = None) -> str:
    if footer is None:
        footer = f"Abmelden: {SAMPLE_VALUES['unsubscribe_url']}\nImpressum: {IMPRINT}"
    return (
        "Musterstadt vergibt den Gründerpreis 2026\n\n"
        "Die Wirtschaftsförderung Musterstadt hat am Freitag drei Gründerteams ausgezeichnet.\n"
        f"Mehr unter unserer Website ({SITE}/preis).\n\n-- \n{footer}\n"
    )


def rendition(lang: str = "de", release: Release | None = None, **changes: Any) -> Rendition:
    release = release or clean_release(lang=lang)
    values: dict[str, Any] = {
        "lang": lang,
        "subject": release.title,
        "preheader": release.teaser,
        "html": clean_html(lang),
        "text": clean_text(),
        "release": release,
    }
    values.update(changes)
    return Rendition(**values)


MakeContext = Callable[..., CheckContext]


@pytest.fixture
def make_context(site: Workspace) -> MakeContext:
    def make(
        release: Release | None = None,
        renditions: list[Rendition] | None = None,
        workspace: Workspace | None = None,
        **changes: Any,
    ) -> CheckContext:
        release = release or clean_release()
        if renditions is None:
            renditions = [rendition("de", release)]
        return CheckContext(
            release=release,
            workspace=workspace or site,
            languages=tuple(r.lang for r in renditions),
            renditions=renditions,
            **changes,
        )

    return make


def codes(findings: Any) -> list[str]:
    return [finding.code for finding in findings]


@pytest.fixture
def release_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    return folder


def translate(workspace: Workspace, release: Release, *, fuzzy: int = 0, missing: int = 0) -> None:
    """Write an English catalog for ``release``: every segment translated, the first
    ``missing`` left empty, the next ``fuzzy`` marked fuzzy."""
    from newsdesk.translate import ContentCatalog

    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, f"releases/{release.slug}.md")
    for number, message in enumerate(list(catalog.messages())):
        if number < missing:
            continue
        text = f"EN {message.id}"
        catalog.set_translation(message.id, text, fuzzy=number < missing + fuzzy)
    catalog.save()
