"""One article web page → a draft :class:`~newsdesk.core.Release` (trafilatura extraction).

The page is decoded in the encoding it declares (HTTP header first, then its
``<meta charset>``; ISO-8859-1 read as its superset windows-1252, as browsers
do). trafilatura finds the article between navigation and footer; its
paragraphs, headings, quotes, lists, links and images become blocks, with
image captions taken from the page's ``<figcaption>``. The date is the one the
page states in its metadata or ``<time>`` element, else the first German date
in the article's surroundings ("28. November 2026", "28.11.2026"); a page
without any date gets none rather than a guess.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from urllib.parse import urljoin

import trafilatura
from lxml import etree, html

from newsdesk.core import Block, NewsdeskError, Release
from newsdesk.sources.blocks import convert, escape
from newsdesk.sources.dates import find_german_date

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LATIN1 = {"iso-8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1"}
_NOISE = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript")
_DATELINE = re.compile(r"([A-ZÄÖÜ][\w.\-/ ]{1,40}),\s*$")
_LEAD_DATELINE = re.compile(r"^([A-ZÄÖÜ][\w.\-/ ]{1,40}),\s*(\S.{4,25}?)\s*(?:[–—-]\s*|$)")


class NoArticle(NewsdeskError):
    """The page holds no article text."""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _LATIN1:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(body: bytes, declared: str | None = None) -> str:
    """The page's text in the encoding it declares; UTF-8, then windows-1252, when it
    declares none (or one Python does not know)."""
    candidates = [_codec(declared)]
    match = _META_CHARSET.search(body[:4096])
    candidates.append(_codec(match.group(1).decode("ascii")) if match else None)
    candidates += ["utf-8", "cp1252"]
    for codec in candidates:
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", "replace")


def _captions(tree: html.HtmlElement, url: str) -> dict[str, str]:
    captions: dict[str, str] = {}
    for figure in tree.iter("figure"):
        caption = " ".join(" ".join(node.itertext()) for node in figure.iter("figcaption")).strip()
        for image in figure.iter("img"):
            if image.get("src") and caption:
                captions[urljoin(url, image.get("src"))] = caption
    return captions


def _surroundings(tree: html.HtmlElement) -> str:
    """The page's visible text without navigation, header, footer and scripts."""
    copy = html.fromstring(html.tostring(tree))
    for tag in _NOISE:
        for element in copy.iter(tag):
            element.drop_tree()
    return "\n".join(line.strip() for line in copy.text_content().splitlines() if line.strip())


def _dateline(text: str, found: tuple[date, re.Match[str]] | None) -> str:
    if found is None:
        return ""
    _value, match = found
    line_start = text.rfind("\n", 0, match.start()) + 1
    place = _DATELINE.match(text[line_start : match.start()])
    if not place or text[match.end() :].split("\n", 1)[0].strip() not in ("", "–", "-"):
        return ""
    return f"{place.group(1).strip()}, {match.group(0)} –"


def _split_dateline(blocks: list[Block]) -> str:
    """Take a leading "Musterstadt, 28. November 2026 –" off the first paragraph."""
    first = next((block for block in blocks if block.type == "paragraph"), None)
    if first is None:
        return ""
    match = _LEAD_DATELINE.match(first.text)
    if not match or find_german_date(match.group(2)) is None:
        return ""
    rest = first.text[match.end() :].strip()
    if rest:
        first.text = rest
    else:
        blocks.remove(first)
    return f"{match.group(1).strip()}, {match.group(2).strip()} –"


def _extract(text: str, url: str, *, precise: bool) -> etree._Element | None:
    xml = trafilatura.extract(
        text,
        url=url,
        output_format="xml",
        include_images=True,
        include_links=True,
        include_formatting=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=precise,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    return etree.fromstring(xml.encode("utf-8")) if xml else None


def _run_together(document: etree._Element) -> bool:
    """trafilatura sometimes reads a container whose first child is inline text (a date
    ``<span>`` before the ``<h1>``) as one paragraph holding headings and all the text;
    its precise mode does not."""
    return any(
        child.tag in ("head", "p", "list", "quote") for p in document.iter("p") for child in p
    )


def _teaser(description: str, blocks: list[Block]) -> str:
    """The page's own description, unless it only repeats the start of the text."""
    description = " ".join(description.split())
    first = next((block.text for block in blocks if block.type == "paragraph"), "")
    if not description or first.startswith(description.rstrip(".…")):
        return ""
    return escape(description)


def extract_article(body: bytes, url: str, charset: str | None = None) -> Release:
    """The article on the page at ``url`` as a draft release (``slug`` still empty)."""
    text = decode_html(body, charset)
    if not text.strip():
        raise NoArticle(f"{url}: the page is empty")
    try:
        tree = html.fromstring(text)
    except (etree.ParserError, ValueError):
        raise NoArticle(f"{url}: not an HTML page") from None
    document = _extract(text, url, precise=False)
    if document is not None and _run_together(document):
        precise = _extract(text, url, precise=True)
        document = precise if precise is not None else document
    if document is None:
        raise NoArticle(f"{url}: no article text found on the page")
    h1 = next((" ".join(h.itertext()).strip() for h in tree.iter("h1")), "")
    title = (document.get("title") or h1).strip()
    if not title:
        raise NoArticle(f"{url}: no article found on the page (no title)")
    main = document.find("main")
    converted = convert(
        main if main is not None else document,
        url,
        captions=_captions(tree, url),
        skip_titles={title, h1},
    )
    dateline = _split_dateline(converted.blocks)
    if not any(block.type == "paragraph" for block in converted.blocks):
        raise NoArticle(f"{url}: no article paragraphs found on the page")
    surroundings = _surroundings(tree)
    found = find_german_date(surroundings)
    published: date | None = None
    if document.get("date"):
        published = date.fromisoformat(document.get("date", "")[:10])
    elif found:
        published = found[0]
    return Release(
        slug="",
        title=title,
        date=published,
        dateline=dateline or _dateline(surroundings, found),
        blocks=converted.blocks,
        links=converted.links,
        contacts=converted.contacts,
        boilerplate_title=converted.boilerplate_title,
        boilerplate=converted.boilerplate,
        teaser=_teaser(document.get("description", ""), converted.blocks),
        status="draft",
        source_url=url,
    )
