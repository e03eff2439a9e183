"""Inline markup of release text: a small Markdown subset, rendered to HTML or plain text.

Release fields keep ``**bold**``, ``*italic*``, ``[text](url)`` and bare addresses
(``www.example.org``, ``https://…``, ``name@example.org``); everything else is
text and is escaped. Bare ``www.`` addresses link to ``https://``.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

import mdurl
from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsdesk.core.release import Link


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"linkify": True, "html": False, "typographer": False})
    parser.enable(["emphasis", "link", "linkify", "escape", "backticks", "newline"])
    parser.linkify.set({"fuzzy_email": True, "fuzzy_link": True})
    # mdurl (under markdown-it) registers each lookup table in a module cache before
    # filling it, so a second thread could read a half-filled one (IndexError). Filled
    # here, at import, they are only ever read afterwards.
    mdurl.encode("x")
    mdurl.decode("x")
    mdurl.decode("x", mdurl.DECODE_DEFAULT_CHARS + "%")
    parser.parseInline("www.example.org/ä?x=1#y [a](https://example.org/ü) a@example.org")
    return parser


_PARSER = _make_parser()


def tokens(text: str) -> tuple[Token, ...]:
    """The inline tokens of ``text`` (for stages that read the markup themselves; not
    to be changed: a text's tokens are kept, as every paragraph is read for the HTML,
    the plain text and the checks, in each language that shows it)."""
    return _parsed(text)


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[Token, ...]:
    blocks = _PARSER.parseInline(text)
    return tuple(blocks[0].children or ()) if blocks else ()


def links(text: str) -> list[Link]:
    """The links in ``text``, in order, with ``www.`` addresses made https."""
    found: list[Link] = []
    children = tokens(text)
    for index, token in enumerate(children):
        if token.type == "link_open":
            label = children[index + 1].content if index + 1 < len(children) else ""
            found.append(Link(url=_normalise(token, label), text=label))
    return found


def _normalise(token: Token, label: str) -> str:
    href = str(token.attrs.get("href", ""))
    if token.markup == "linkify" and href.startswith("http://") and not label.startswith("http://"):
        return "https://" + href.removeprefix("http://")
    return href


def to_html(text: str) -> str:
    """``text`` as inline HTML: markup applied, everything else escaped."""
    parts: list[str] = []
    children = tokens(text)
    for index, token in enumerate(children):
        if token.type == "text":
            parts.append(escape(token.content, quote=False))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("<br>")
        elif token.type == "code_inline":
            parts.append(f"<code>{escape(token.content, quote=False)}</code>")
        elif token.type in ("strong_open", "em_open"):
            parts.append("<strong>" if token.type == "strong_open" else "<em>")
        elif token.type in ("strong_close", "em_close"):
            parts.append("</strong>" if token.type == "strong_close" else "</em>")
        elif token.type == "link_open":
            label = children[index + 1].content if index + 1 < len(children) else ""
            parts.append(f'<a href="{escape(_normalise(token, label))}">')
        elif token.type == "link_close":
            parts.append("</a>")
    return "".join(parts)


def to_plain(text: str) -> str:
    """``text`` as plain text: emphasis dropped, a link shown as ``label (url)``
    unless the label already is the address."""
    parts: list[str] = []
    children = tokens(text)
    pending_url: str | None = None
    for index, token in enumerate(children):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "link_open":
            label = children[index + 1].content if index + 1 < len(children) else ""
            url = _normalise(token, label)
            bare = url.removeprefix("mailto:").removeprefix("https://").removeprefix("http://")
            pending_url = None if label.removeprefix("https://") in (url, bare) else url
        elif token.type == "link_close" and pending_url:
            parts.append(f" ({pending_url})")
            pending_url = None
    return "".join(parts)
