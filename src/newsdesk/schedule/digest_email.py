"""The digest email: ``digest.mjml.j2`` and ``digest.txt.j2`` rendered once per language.

Each release appears in the reader's language (from its content catalog, by the
translation rule: an incomplete translation stops the digest unless it falls
back to the source language), with its teaser, its date and a link to its web
version ``{base_url}/archive/<lang>/<slug>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_date

from newsdesk.core import inline
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.render.catalogs import locale_for
from newsdesk.render.environment import environment, load_template, render_template
from newsdesk.render.mjml import check_template, compile_mjml
from newsdesk.render.preview import web_version_url
from newsdesk.render.rendered import RenderedEmail

HTML_TEMPLATE = "digest.mjml.j2"
TEXT_TEMPLATE = "digest.txt.j2"
SUBJECT_TEMPLATE = "digest_subject.j2"
TEASER_LENGTH = 300


@dataclass
class DigestItem:
    """One release in a digest, already in the digest's language."""

    release: Release
    published: datetime
    url: str
    teaser: str


def teaser(release: Release) -> str:
    """The release's teaser, else its first paragraph, shortened at a word."""
    text = release.teaser.strip() or next(iter(release.paragraphs()), "")
    text = " ".join(text.split())
    if len(text) > TEASER_LENGTH:
        text = text[: TEASER_LENGTH - 1].rsplit(" ", 1)[0] + " …"
    return text


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() if line != "-- " else line for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def render_digest(
    workspace: Workspace,
    found: list[tuple[Release, datetime]],
    lang: str,
    *,
    since: datetime,
    slot: datetime,
    fallback: bool,
) -> RenderedEmail:
    """The digest of ``found`` (releases and when they were published) in ``lang``."""
    from newsdesk.translate import localize

    items = []
    for release, published in found:
        localized = localize(release, workspace, lang, fallback=fallback)
        items.append(
            DigestItem(
                release=localized,
                published=published,
                url=web_version_url(workspace, release.slug, lang),
                teaser=teaser(localized),
            )
        )
    config = workspace.config
    env = environment(lang, workspace.templates_dir, config.timezone)
    check_template(env, HTML_TEMPLATE)
    month = format_date(slot.date(), "LLLL y", locale=locale_for(lang))
    subject_context = {"brand": config.brand, "month": month}
    heading = render_template(load_template(env, SUBJECT_TEMPLATE), subject_context).strip()
    context: dict[str, Any] = {
        "lang": lang,
        "items": items,
        "since": since,
        "heading": heading,
        "subject": heading,
        "preheader": " · ".join(inline.to_plain(item.release.title) for item in items)[:160],
        "brand": config.brand,
        "accent": config.accent_color,
        "address": config.address,
        "imprint_url": config.imprint_url,
        "privacy_url": config.privacy_url,
    }
    html_template = load_template(env, HTML_TEMPLATE)
    source = render_template(html_template, context)
    html = compile_mjml(source, html_template.filename or HTML_TEMPLATE)
    text = _tidy_text(render_template(load_template(env, TEXT_TEMPLATE), context))
    return RenderedEmail(
        lang=lang,
        subject=context["subject"],
        preheader=context["preheader"],
        html=html,
        text=text,
        mjml=source,
        slug=digest_slug(slot),
    )


def digest_slug(slot: datetime) -> str:
    return f"digest-{slot:%Y-%m-%d}"
