"""A newsroom listing page: which of its links lead to articles.

The heuristic, in order:

1. Links inside ``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` and forms
   are menus, not news, and are ignored.
2. If some links sit inside ``<article>`` elements (the usual markup of a
   teaser list), only those count; otherwise, if the page has a ``<main>``,
   only links inside it.
3. A link counts if it is http(s), on the same host as the listing, not the
   listing itself or a folder above it (breadcrumbs, "Startseite"), and not a
   file such as a PDF or an image.
4. If some of these lie below the listing's own folder (``/presse/`` →
   ``/presse/2026/…``), only those count: the rest are service pages.
5. Each address once (fragments dropped), in the page's order — newest first
   on a newsroom — and at most ``max_articles`` (``[sources]`` in
   newsdesk.toml, default 20).
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree, html

from newsdesk.core import NewsdeskError
from newsdesk.sources.article import decode_html

_MENUS = {"nav", "header", "footer", "aside", "form"}
_FILES = (
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".svg",
    ".zip",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".mp3",
    ".mp4",
    ".ics",
    ".xml",
    ".rss",
    ".css",
    ".js",
)


def _inside(element: etree._Element, tags: set[str]) -> bool:
    return any(
        isinstance(parent.tag, str) and parent.tag.lower() in tags
        for parent in element.iterancestors()
    )


def article_links(body: bytes, url: str, charset: str | None, limit: int) -> list[str]:
    """The addresses of the articles the listing page at ``url`` links to."""
    try:
        tree = html.fromstring(decode_html(body, charset))
    except (etree.ParserError, ValueError):
        raise NewsdeskError(f"{url}: not an HTML page") from None
    anchors = [a for a in tree.iter("a") if a.get("href") and not _inside(a, _MENUS)]
    in_articles = [a for a in anchors if _inside(a, {"article"})]
    if in_articles:
        anchors = in_articles
    elif any(True for _ in tree.iter("main")):
        anchors = [a for a in anchors if _inside(a, {"main"})]
    listing = urlsplit(url)
    listing_path = listing.path or "/"
    found: list[str] = []
    for anchor in anchors:
        target, _fragment = urldefrag(urljoin(url, anchor.get("href", "").strip()))
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or parts.netloc != listing.netloc:
            continue
        path = parts.path or "/"
        if path == listing_path or listing_path.startswith(path.rstrip("/") + "/"):
            continue  # the listing itself (also its other pages) or a folder above it
        if path.lower().endswith(_FILES) or target in found:
            continue
        found.append(target)
    folder = listing_path[: listing_path.rfind("/") + 1]
    below = [target for target in found if (urlsplit(target).path or "/").startswith(folder)]
    return (below or found)[:limit]
