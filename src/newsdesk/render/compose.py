"""``render_release``: one release in one language → a compiled ``RenderedEmail``.

Relative image sources in a release (``src: bild.jpg``) are published by the web
app under ``{web.base_url}/media/<slug>/<path>``; a relative logo from
``organisation.logo`` under ``{web.base_url}/brand/<path>``. Absolute ``https://``
addresses are used as they are.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import quote, urlsplit

from newsdesk.core import inline
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import CONFIG_NAME, Workspace
from newsdesk.render.environment import environment, load_template, render_template
from newsdesk.render.mjml import check_template, compile_mjml
from newsdesk.render.rendered import RenderedEmail

HTML_TEMPLATE = "release.mjml.j2"
TEXT_TEMPLATE = "release.txt.j2"

PREHEADER_LENGTH = 160

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# A sentence ends at . ! ? followed by a space and a capital or an opening quote, unless the
# word before the full stop is a number ("28. November") or a common abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„“\"'])")
_ABBREVIATIONS = {"dr", "prof", "nr", "st", "ca", "bzw", "vgl", "z.b", "u.a", "e.v", "mr", "ms"}


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        word = text[: match.start()].rsplit(None, 1)[-1].rstrip(".!?").lower()
        if word.isdigit() or word in _ABBREVIATIONS:
            continue
        return text[: match.start()]
    return text


def preheader(release: Release) -> str:
    """The inbox preview line: the teaser, else the lead's first sentence (≤ 160 characters)."""
    text = inline.to_plain(release.teaser).strip()
    if not text:
        paragraphs = release.paragraphs()
        text = _first_sentence(inline.to_plain(paragraphs[0]).strip()) if paragraphs else ""
    text = " ".join(text.split())
    if len(text) > PREHEADER_LENGTH:
        text = text[: PREHEADER_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text


def subject(release: Release) -> str:
    """The subject line: the release's title as plain text (the label is in the email itself)."""
    return " ".join(inline.to_plain(release.title).split())


def _is_absolute(src: str) -> bool:
    return bool(urlsplit(src).scheme)


def media_path(src: str) -> str:
    """An image's ``src`` as its path under ``/media/<slug>/``."""
    return posixpath.normpath(src.replace("\\", "/").lstrip("/"))


def media_url(base_url: str, slug: str, src: str, *, place: object = None) -> str:
    """Where an image of release ``slug`` is published: ``{base_url}/media/<slug>/<path>``."""
    if not src.strip():
        raise NewsdeskError(
            "an image has no file; give its path, like bilder/foto.jpg", place=place
        )
    if _is_absolute(src):
        return src
    path = media_path(src)
    if path.startswith("..") or path == ".":
        raise NewsdeskError(
            f"image {src!r} is outside the release's media folder; use a path like bilder/foto.jpg",
            place=place,
        )
    return f"{base_url}/media/{quote(slug)}/{quote(path)}"


def _context(release: Release, workspace: Workspace) -> dict[str, Any]:
    config = workspace.config
    place = release.path or release.slug
    if not _COLOUR.fullmatch(config.accent_color):
        raise NewsdeskError(
            f"organisation.accent_color {config.accent_color!r} is not a colour like #0b5a7a",
            place=workspace.root / CONFIG_NAME,
        )
    logo = config.logo.strip()
    if logo and not _is_absolute(logo):
        logo = f"{config.base_url}/brand/{quote(posixpath.normpath(logo.lstrip('/')))}"
    return {
        "release": release,
        "lang": release.lang,
        "subject": subject(release),
        "preheader": preheader(release),
        "dateline": release.dateline.strip(),
        "brand": config.brand,
        "logo_url": logo,
        "accent": config.accent_color,
        "sender_line": _sender_line(config.brand, config.address),
        "imprint_url": config.imprint_url,
        "privacy_url": config.privacy_url,
        "media_url": lambda src: media_url(config.base_url, release.slug, src, place=place),
    }


def _sender_line(brand: str, address: str) -> str:
    """The footer's line naming the sender (§5 DDG): brand and postal address, the brand
    only once when the address already starts with it."""
    if not address:
        return brand
    return address if address.startswith(brand) else f"{brand} · {address}"


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() if line != "-- " else line for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_release(release: Release, workspace: Workspace) -> RenderedEmail:
    """The email for ``release`` in its language ``release.lang``: MJML rendered and
    compiled once, plain text beside it, placeholders left for ``fill``."""
    env = environment(release.lang, workspace.templates_dir, workspace.config.timezone)
    check_template(env, HTML_TEMPLATE)
    context = _context(release, workspace)
    html_template = load_template(env, HTML_TEMPLATE)
    mjml_source = render_template(html_template, context)
    html = compile_mjml(mjml_source, html_template.filename or HTML_TEMPLATE)
    text = _tidy_text(render_template(load_template(env, TEXT_TEMPLATE), context))
    return RenderedEmail(
        lang=release.lang,
        subject=context["subject"],
        preheader=context["preheader"],
        html=html,
        text=text,
        mjml=mjml_source,
        slug=release.slug,
    )
