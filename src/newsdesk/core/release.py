"""The release model every stage reads.

Inline text (paragraphs, quotes, list items, captions, the boilerplate) is kept
as a small subset of Markdown: ``**bold**``, ``*italic*``, ``[text](url)`` and
bare addresses (``www.…``, ``https://…``, ``name@host``) that become links when
rendered. Translators see the same markup in the content catalogs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsdesk.core.errors import NewsdeskError

BLOCK_TYPES = ("paragraph", "heading", "quote", "list", "image", "link")


@dataclass
class Link:
    url: str
    text: str = ""


@dataclass
class Contact:
    """A press contact ("Pressekontakt")."""

    name: str
    role: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Block:
    """One piece of the body. ``type`` is one of :data:`BLOCK_TYPES`.

    paragraph, heading: ``text`` (heading also ``level``). A paragraph that
    contains an attributed quotation among other sentences keeps its text and
    carries the quotation's ``speaker`` and ``role``.
    quote: ``text`` without the quotation marks, ``speaker``, ``role``.
    list: ``items``.
    image: ``src``, ``alt``, ``caption``, ``credit``, ``width`` (pixels).
    link: ``url`` and ``text`` (a call to action on its own line).
    """

    type: str
    text: str = ""
    level: int = 0
    speaker: str = ""
    role: str = ""
    items: list[str] = field(default_factory=list)
    src: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""
    width: int | None = None
    url: str = ""

    def __post_init__(self) -> None:
        if self.type not in BLOCK_TYPES:
            raise ValueError(f"unknown block type {self.type!r}")

    def to_dict(self) -> dict[str, Any]:
        """The block as JSON: ``type``, ``text`` and the fields its type uses."""
        fields_by_type = {
            "paragraph": ("text",),
            "heading": ("text", "level"),
            "quote": ("text", "speaker", "role"),
            "list": ("items",),
            "image": ("src", "alt", "caption", "credit", "width"),
            "link": ("url", "text"),
        }
        data: dict[str, Any] = {"type": self.type, "text": self.text}
        for name in fields_by_type[self.type]:
            data[name] = getattr(self, name)
        if self.type == "paragraph" and self.speaker:
            data["speaker"], data["role"] = self.speaker, self.role
        return data


@dataclass
class Release:
    """A press release in one language, as read from the staff's file.

    ``lang`` is the language of this text (the source language, ``de``, for a
    release as read; a translated copy carries its target language).
    ``embargo`` is time-zone aware. ``status`` is ``approved`` for a file the
    staff wrote and ``draft`` for one pulled from a source until approved.
    """

    slug: str
    title: str
    lang: str = "de"
    kind: str = "Pressemitteilung"
    subtitle: str = ""
    dateline: str = ""
    date: date | None = None
    embargo: datetime | None = None
    teaser: str = ""
    blocks: list[Block] = field(default_factory=list)
    boilerplate_title: str = ""
    boilerplate: str = ""
    contacts: list[Contact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str = "approved"
    source_url: str = ""
    path: Path | None = None

    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if block.type == "paragraph"]

    def replace(self, **changes: Any) -> Release:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The release as JSON-ready data (what ``newsdesk show --json`` prints)."""
        return {
            "slug": self.slug,
            "lang": self.lang,
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "date": self.date.isoformat() if self.date else None,
            "embargo": self.embargo.isoformat() if self.embargo else None,
            "teaser": self.teaser,
            "blocks": [block.to_dict() for block in self.blocks],
            "boilerplate_title": self.boilerplate_title,
            "boilerplate": self.boilerplate,
            "contacts": [dataclasses.asdict(contact) for contact in self.contacts],
            "links": [dataclasses.asdict(link) for link in self.links],
            "tags": list(self.tags),
            "status": self.status,
            "source_url": self.source_url,
            "path": str(self.path) if self.path else None,
        }


def require_approved(release: Release) -> None:
    """Refuse a draft: ``send`` and ``schedule`` call this before anything goes out.

    A release pulled from a source is a draft (``status: draft`` in its front
    matter) until someone has read it and run ``newsdesk approve FILE``.
    """
    if release.status == "approved":
        return
    where = release.path if release.path is not None else release.slug
    raise NewsdeskError(
        f"the release is a {release.status or 'draft'}, not approved; read it, then run "
        f"`newsdesk approve {where}`",
        place=release.path if release.path is not None else None,
    )
