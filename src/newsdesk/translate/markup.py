"""Inline Markdown inside segments: checking that a translation kept it, and hiding it
from a machine translator.

A translation must keep every link address of its German text (labels may change)
and must not leave markup broken (a stray ``**`` or ``](``). For machine
translation the markup becomes XML tags (``<b>``, ``<i>``, ``<a id>``) and bare
addresses become empty ``<x id/>`` tags, so the engine never sees or changes a URL;
:func:`from_tagged` turns the answer back into Markdown.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from xml.etree import ElementTree

from newsdesk.core import inline

_BROKEN = ("**", "](", "[", "]")


def link_problems(source: str, translation: str) -> list[str]:
    """What the translation lost or broke of the source's links and markup."""
    problems: list[str] = []
    wanted = Counter(link.url for link in inline.links(source))
    found = Counter(link.url for link in inline.links(translation))
    for url in sorted(wanted - found):
        problems.append(f"link {url} is missing")
    for url in sorted(found - wanted):
        problems.append(f"link {url} is not in the German text")
    plain_source = inline.to_plain(source)
    plain_translation = inline.to_plain(translation)
    for marker in _BROKEN:
        if plain_translation.count(marker) > plain_source.count(marker):
            problems.append(f"broken markup: {marker!r} shows as text")
            break
    return problems


def to_tagged(text: str) -> tuple[str, list[str]]:
    """``text`` as XML for an engine with tag handling, and the stash of what the
    tags stand for (link targets and untouchable pieces)."""
    stash: list[str] = []
    parts: list[str] = []
    children = inline.tokens(text)
    skip_until_close = False
    for index, token in enumerate(children):
        if skip_until_close:
            skip_until_close = token.type != "link_close"
            continue
        if token.type == "text":
            parts.append(escape(token.content, quote=False))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "code_inline":
            stash.append(f"{token.markup}{token.content}{token.markup}")
            parts.append(f'<x id="{len(stash) - 1}"/>')
        elif token.type in ("strong_open", "strong_close", "em_open", "em_close"):
            tag = "b" if token.type.startswith("strong") else "i"
            parts.append(f"<{tag}>" if token.type.endswith("open") else f"</{tag}>")
        elif token.type == "link_open" and token.markup == "linkify":
            # A bare address: keep it exactly as written, untranslated.
            label = children[index + 1].content if index + 1 < len(children) else ""
            stash.append(label)
            parts.append(f'<x id="{len(stash) - 1}"/>')
            skip_until_close = True
        elif token.type == "link_open":
            stash.append(str(token.attrs.get("href", "")))
            parts.append(f'<a id="{len(stash) - 1}">')
        elif token.type == "link_close":
            parts.append("</a>")
    return "".join(parts), stash


def from_tagged(tagged: str, stash: list[str]) -> str:
    """Markdown from an engine's tagged answer; raises ValueError when the tags
    came back broken."""
    try:
        root = ElementTree.fromstring(f"<r>{tagged}</r>")
    except ElementTree.ParseError as error:
        raise ValueError(f"the translation came back with broken tags ({error})") from None
    return _markdown(root, stash)


def _markdown(element: ElementTree.Element, stash: list[str]) -> str:
    parts = [element.text or ""]
    for child in element:
        inner = _markdown(child, stash)
        if child.tag == "b":
            parts.append(f"**{inner}**")
        elif child.tag == "i":
            parts.append(f"*{inner}*")
        elif child.tag in ("a", "x"):
            try:
                target = stash[int(child.get("id", ""))]
            except (ValueError, IndexError):
                raise ValueError(f"the translation has an unknown <{child.tag}> tag") from None
            parts.append(f"[{inner}]({target})" if child.tag == "a" else target)
        else:
            raise ValueError(f"the translation has an unknown <{child.tag}> tag")
        parts.append(child.tail or "")
    return "".join(parts)
