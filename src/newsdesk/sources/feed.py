"""RSS and Atom feeds (feedparser): each entry's key, link and own fields.

An entry that carries its full text (``content:encoded``, Atom ``content``)
becomes a release from the feed alone; one that only links to its article
(with at most a summary) is completed from the article page by the pull.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import feedparser
from lxml import html

from newsdesk.core import NewsdeskError, Release
from newsdesk.sources.blocks import convert, escape


class NotAFeed(NewsdeskError):
    """The answer is no RSS or Atom feed, or one too broken to read."""


@dataclass(frozen=True)
class Entry:
    key: str
    link: str
    title: str
    date: date | None
    summary_html: str
    content_html: str

    @property
    def digest(self) -> str:
        """A hash of the entry's own fields: it changes when the feed's entry does."""
        fields = [
            self.link,
            self.title,
            self.date.isoformat() if self.date else "",
            self.summary_html,
            self.content_html,
        ]
        return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()


def _date(entry: Mapping[str, object], tz: ZoneInfo) -> date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            moment = datetime.fromtimestamp(calendar.timegm(value), UTC)  # type: ignore[arg-type]
            return moment.astimezone(tz).date()
    return None


def _content(entry: Mapping[str, object]) -> str:
    contents = entry.get("content") or []
    for wanted in ("text/html", "application/xhtml+xml", "text/plain"):
        for content in contents:  # type: ignore[attr-defined]
            if content.get("type") == wanted and content.get("value", "").strip():
                return str(content["value"])
    return ""


def read_feed(body: bytes, headers: Mapping[str, str], url: str, tz: ZoneInfo) -> list[Entry]:
    """The feed's entries in the feed's order; raises :class:`NotAFeed`."""
    parsed = feedparser.parse(body, response_headers={k.lower(): v for k, v in headers.items()})
    entries = []
    for raw in parsed.entries:
        link = str(raw.get("link", "")).strip()
        title = " ".join(str(raw.get("title", "")).split())
        key = str(raw.get("id") or link).strip()
        if not key or not (title or link):
            continue
        entries.append(
            Entry(
                key=key,
                link=link,
                title=title,
                date=_date(raw, tz),
                summary_html=str(raw.get("summary", "")),
                content_html=_content(raw),
            )
        )
    if entries:
        return entries
    if not parsed.version:
        sent = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        hint = f" (the server sent {sent.split(';')[0]}; check the feed's address)" if sent else ""
        raise NotAFeed(f"{url}: not an RSS or Atom feed{hint}")
    if parsed.bozo:
        reason = parsed.get("bozo_exception")
        raise NotAFeed(f"{url}: not a well-formed RSS or Atom feed ({reason})")
    return []


def plain(fragment: str) -> str:
    """An HTML fragment (a summary) as one line of text."""
    if not fragment.strip():
        return ""
    try:
        text = html.fromstring(f"<div>{fragment}</div>").text_content()
    except (ValueError, html.etree.ParserError):
        text = fragment
    return " ".join(text.split())


def entry_release(entry: Entry, fragment: str) -> Release:
    """A draft release from the entry's own HTML ``fragment`` (its content or summary)."""
    root = html.fromstring(f"<div>{fragment}</div>")
    converted = convert(root, entry.link, skip_titles={entry.title})
    teaser = plain(entry.summary_html) if fragment is not entry.summary_html else ""
    if not converted.blocks:
        raise NewsdeskError(f"{entry.link or entry.key}: the feed entry has no text")
    return Release(
        slug="",
        title=entry.title,
        date=entry.date,
        teaser=escape(teaser),
        blocks=converted.blocks,
        links=converted.links,
        contacts=converted.contacts,
        boilerplate_title=converted.boilerplate_title,
        boilerplate=converted.boilerplate,
        status="draft",
        source_url=entry.link or entry.key,
    )


def with_entry(release: Release, entry: Entry) -> Release:
    """An article page's release with the feed entry's own title, date and summary."""
    return release.replace(
        title=entry.title or release.title,
        date=entry.date or release.date,
        teaser=escape(plain(entry.summary_html)) or release.teaser,
    )
