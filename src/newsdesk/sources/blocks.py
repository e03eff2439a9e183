"""Release blocks from article markup: trafilatura's XML or a feed entry's HTML.

Both use the same walk: paragraphs, headings, quotes, lists and images become
:class:`~newsdesk.core.Block` objects; inline links and emphasis become the
release's small Markdown subset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from newsdesk.core import Block, Contact, Link
from newsdesk.ingest.contacts import ContactReader, looks_like_contact_line, marker_rest

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p",
    "head",
    "quote",
    "blockquote",
    "list",
    "ul",
    "ol",
    "graphic",
    "img",
    "figure",
    "div",
    "section",
    "main",
    "article",
    "body",
    "table",
    *_HEADINGS,
}
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "comments", "table"}
_SPACE = re.compile(r"\s+")
BREAK = "\ue000"  # a line break inside a paragraph, until contacts are taken out
_ESCAPE = re.compile(r"([\\*`\[\]])")
_QUOTE = re.compile(
    r"^[„\"»“]\s*(?P<text>.+?)\s*[“\"«”]\s*,?\s*"
    r"(?:so|sagt|sagte|erklärt|erklärte|betont|betonte|ergänzt|ergänzte|meint|"
    r"unterstreicht|unterstrich|kündigt an|freut sich)\s+(?P<who>.+?)\.?$",
    re.DOTALL,
)
_CREDIT = re.compile(
    r"\s*(?:(?:Foto|Bild|Grafik|Abbildung|Quelle)\s*:|©)\s*(?P<credit>.*)$", re.IGNORECASE
)


@dataclass
class Converted:
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    boilerplate_title: str = ""
    boilerplate: str = ""


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def escape(text: str) -> str:
    """Plain text made safe for the release's inline Markdown."""
    return _ESCAPE.sub(r"\\\1", text)


def split_caption(text: str) -> tuple[str, str]:
    """``"Das Zentrum. Foto: Stadt"`` → ``("Das Zentrum.", "Stadt")``."""
    match = _CREDIT.search(text)
    if not match:
        return text, ""
    return text[: match.start()].strip(), match.group("credit").strip()


def quote_block(text: str) -> Block | None:
    """A paragraph like „…“, sagt Dr. Anna Weber, Geschäftsführerin. as a quote block."""
    match = _QUOTE.match(text)
    if not match:
        return None
    who = match.group("who").strip()
    speaker, _, role = who.partition(", ")
    return Block(type="quote", text=match.group("text").strip(), speaker=speaker, role=role)


class _Walker:
    def __init__(self, base_url: str, captions: dict[str, str], skip_titles: set[str]) -> None:
        self.base_url = base_url
        self.captions = captions
        self.skip_titles = skip_titles
        self.result = Converted()

    def inline(self, element: etree._Element, breaks: bool = False) -> str:
        """The element's text as inline Markdown; line breaks become :data:`BREAK`
        when ``breaks`` (a contact block needs its lines), else spaces."""
        parts = [escape(element.text or "")]
        for child in element:
            tag = _tag(child)
            if tag in ("ref", "a"):
                label = _SPACE.sub(" ", "".join(child.itertext())).strip()
                target = child.get("target") or child.get("href") or ""
                url = urljoin(self.base_url, target) if target else ""
                if label and url.startswith(("http://", "https://", "mailto:")):
                    parts.append(f"[{escape(label)}]({url})")
                    self.result.links.append(Link(url=url, text=label))
                else:
                    parts.append(escape(label))
            elif tag in ("b", "strong") or (tag == "hi" and child.get("rend") == "#b"):
                inner = self.inline(child).strip()
                parts.append(f"**{inner}**" if inner else "")
            elif tag in ("i", "em") or (tag == "hi" and child.get("rend") == "#i"):
                inner = self.inline(child).strip()
                parts.append(f"*{inner}*" if inner else "")
            elif tag in ("br", "lb"):
                parts.append(BREAK if breaks else " ")
            elif tag not in _SKIP:
                parts.append(self.inline(child, breaks))
            parts.append(escape(child.tail or ""))
        return (
            _SPACE.sub(" ", "".join(parts)).replace(f" {BREAK}", BREAK).replace(f"{BREAK} ", BREAK)
        )

    def image(self, element: etree._Element, caption: str = "") -> None:
        src = element.get("src") or ""
        if not src or src.startswith("data:"):
            return
        src = urljoin(self.base_url, src)
        caption = caption or self.captions.get(src, "") or element.get("title") or ""
        caption, credit = split_caption(_SPACE.sub(" ", caption).strip())
        self.result.blocks.append(
            Block(
                type="image",
                src=src,
                alt=_SPACE.sub(" ", element.get("alt") or "").strip(),
                caption=escape(caption),
                credit=escape(credit),
            )
        )

    def walk(self, element: etree._Element) -> None:
        if not any(_tag(child) in _BLOCKS for child in element):
            self.add_paragraph(self.inline(element))
            return
        self.add_paragraph(escape(_SPACE.sub(" ", element.text or "")))
        for child in element:
            self.block(child)
            self.add_paragraph(escape(_SPACE.sub(" ", child.tail or "")))

    def add_paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        self.result.blocks.append(quote_block(text) or Block(type="paragraph", text=text))

    def block(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag in _SKIP or not tag:
            return
        if tag == "p":
            images = [child for child in element if _tag(child) in ("img", "graphic")]
            for image in images:
                self.image(image)
            self.add_paragraph(self.inline(element, breaks=True))
        elif tag in _HEADINGS or tag == "head":
            text = self.inline(element).strip()
            level = _HEADINGS.get(tag) or _HEADINGS.get(element.get("rend", ""), 2)
            if text and text.replace("\\", "") not in self.skip_titles:
                self.result.blocks.append(Block(type="heading", text=text, level=max(level, 2)))
        elif tag in ("quote", "blockquote"):
            text = (
                " ".join(
                    self.inline(child) if _tag(child) == "p" else "" for child in element
                ).strip()
                or self.inline(element).strip()
            )
            if text:
                self.result.blocks.append(quote_block(text) or Block(type="quote", text=text))
        elif tag in ("list", "ul", "ol"):
            items = [
                self.inline(child).strip()
                for child in element
                if _tag(child) in ("item", "li") and self.inline(child).strip()
            ]
            if items:
                self.result.blocks.append(Block(type="list", items=items))
        elif tag in ("graphic", "img"):
            self.image(element)
        elif tag == "figure":
            caption = next(
                (" ".join(c.itertext()) for c in element.iter() if _tag(c) == "figcaption"), ""
            )
            for image in element.iter():
                if _tag(image) in ("img", "graphic"):
                    self.image(image, caption)
                    break
        else:
            self.walk(element)


_NAVIGATION = re.compile(
    r"^(?:zurück|zur übersicht|zurück zur übersicht|alle (?:meldungen|pressemitteilungen|news)|"
    r"nach oben|seite drucken|drucken|teilen|artikel teilen|mehr meldungen)\b",
    re.IGNORECASE,
)


def _only_link(text: str) -> str | None:
    match = re.fullmatch(r"\[(?P<label>[^\]]*)\]\([^)]*\)", text.strip())
    return match.group("label") if match else None


def take_contacts(blocks: list[Block]) -> list[Contact]:
    """Take the press contact block ("Pressekontakt", "Rückfragen an", …) out of ``blocks``
    and read it into contacts (ingest's contact reader); drop navigation leftovers
    ("Zurück zur Übersicht"); join the remaining line breaks of paragraphs."""
    reader = ContactReader()
    kept: list[Block] = []
    collecting = False
    for block in blocks:
        lines = [line.strip() for line in block.text.split(BREAK) if line.strip()]
        label = _only_link(block.text.replace(BREAK, " "))
        if block.type == "paragraph" and label is not None and _NAVIGATION.match(label):
            continue
        if block.type in ("heading", "paragraph") and lines:
            rest = marker_rest(lines[0].replace("\\", ""))
            if rest is not None:
                collecting = True
                for line in ([rest] if rest else []) + lines[1:]:
                    reader.add(line)
                reader.end_group()
                continue
        if (
            collecting
            and block.type == "paragraph"
            and all(looks_like_contact_line(line) for line in lines)
        ):
            for line in lines:
                reader.add(line)
            reader.end_group()
            continue
        collecting = False
        if block.type == "paragraph":
            block.text = " ".join(lines)
        kept.append(block)
    blocks[:] = kept
    return [contact for contact in reader.contacts if contact.name or contact.email]


_ABOUT = re.compile(r"^(?:Über|Ueber)\s+(?:die|den|das|uns)?\b", re.IGNORECASE)


def take_boilerplate(blocks: list[Block]) -> tuple[str, str]:
    """Take the "Über …" section (the Abbinder) at the end out of ``blocks``:
    its heading and its paragraphs, joined."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if block.type != "heading" or not _ABOUT.match(block.text) or len(block.text) > 80:
            continue
        following = blocks[index + 1 :]
        if not following or any(b.type not in ("paragraph", "list") for b in following):
            return "", ""
        text = "\n\n".join(
            b.text if b.type == "paragraph" else "\n".join(f"- {i}" for i in b.items)
            for b in following
        )
        del blocks[index:]
        return block.text, text
    return "", ""


def convert(
    root: etree._Element,
    base_url: str,
    *,
    captions: dict[str, str] | None = None,
    skip_titles: set[str] | None = None,
) -> Converted:
    """Blocks and links of ``root`` (an article's markup); ``skip_titles`` are headings
    that only repeat the release's title."""
    walker = _Walker(base_url, captions or {}, skip_titles or set())
    walker.walk(root)
    result = walker.result
    result.contacts = take_contacts(result.blocks)
    result.boilerplate_title, result.boilerplate = take_boilerplate(result.blocks)
    said = " ".join(" ".join([block.text, block.caption, *block.items]) for block in result.blocks)
    unique: dict[str, Link] = {}
    for link in result.links:
        if f"]({link.url})" in said:
            unique.setdefault(link.url, link)
    result.links = list(unique.values())
    return result
