"""What every reader's paragraphs go through: the parts of a German press release.

In order: the label ("Pressemitteilung") and Sperrfrist lines, the title (and
subtitle), the dateline at the start of the lead, the press contact and the
"Über …" boilerplate near the end, then per paragraph: quotations (see
``quotes``), a link on its own, an image's "Foto: …" credit line and a
"Bildmaterial:" list. Values the file states explicitly (front matter, a Word
title style) win over anything recognised in the text.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any

from newsdesk.core import Block, Link, NewsdeskError, Release
from newsdesk.core.inline import links as inline_links
from newsdesk.ingest import contacts as contact_block
from newsdesk.ingest.dates import (
    DATE,
    DATETIME_RE,
    DateError,
    WallClockError,
    parse_date,
    parse_datetime,
)
from newsdesk.ingest.draft import Draft, Piece, slugify, stem_and_lang
from newsdesk.ingest.images import BILDMATERIAL, IMAGE_LINE, credit_of, images_of
from newsdesk.ingest.quotes import find_quote

KINDS = {
    "pressemitteilung": "Pressemitteilung",
    "presseinformation": "Presseinformation",
    "presseinfo": "Presseinformation",
    "pressemeldung": "Pressemeldung",
    "medieninformation": "Medieninformation",
    "medienmitteilung": "Medienmitteilung",
    "presseeinladung": "Presseeinladung",
    "newsletter": "Newsletter",
}
KIND = re.compile(
    rf"^(?P<kind>{'|'.join(KINDS)})\b(?P<rest>[^.!?]{{0,60}}|\s+Nr\..{{0,40}})$", re.I
)
SPERRFRIST = re.compile(
    r"^Sperrfrist\b\s*:?\s*(?:bis\s+(?:zum\s+|zur\s+)?)?(?P<when>.*?)"
    r"\s*(?:\(?(?:MEZ|MESZ|CET|CEST)\)?)?\s*$",
    re.I,
)
NO_EMBARGO = re.compile(r"^(?:keine|ohne|frei|sofort|-)$", re.I)
SEPARATOR = re.compile(
    r"^(?:#{3,}|\*{3,}|-{3,}|_{3,}|[-–—]\s*Ende\s*[-–—]|Ende der Pressemitteilung\.?)$", re.I
)
DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\w.'’/()-]*(?:[ -][\w.'’/()-]+){0,4}?),\s+(?:den\s+)?"
    rf"(?P<date>{DATE})\s*(?:(?P<sep>[–—-]|:)\s*|$)"
)
# What every link, address or e-mail has; the full parse only runs where this is.
MAY_LINK = re.compile(r"@|://|www\.|\]\(|\w\.[a-z]{2,}", re.ASCII)
LINK_ONLY = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)$")
_LEADING_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(\S.*?\S)\1(?=\s)")
_WRAPPED = re.compile(r"^(\*\*|__|\*|_)(?P<inner>[^*_\s](?:.*[^*_\s])?)\1$")


def _plain(line: str) -> str:
    """A label line without its emphasis marks: ``**Sperrfrist:** 1. Dezember …``."""
    return re.sub(r"\*\*|__", "", line).strip().strip("*_").strip()


def unwrap(text: str) -> str:
    """``text`` without emphasis that wraps all of it (a title set in bold)."""
    match = _WRAPPED.match(text.strip())
    inner = match.group("inner") if match else text.strip()
    return inner if match and match.group(1) not in inner else text.strip()


def build_release(draft: Draft, tz: tzinfo) -> Release:
    """The Release of ``draft``: its explicit fields plus what the text shows."""
    found: dict[str, Any] = {}
    pieces = _markers(draft, found, tz)
    title, subtitle, body = _title(draft, pieces)
    body = _dateline(draft, body, found)
    body = _tail(draft, body, found)
    blocks = _blocks(body, draft.one_line_paragraphs)
    given = {key: value for key, value in draft.fields.items() if value not in (None, "", [])}
    values = {**found, **given}
    stem, path_lang = stem_and_lang(draft.path)
    release = Release(
        slug=slugify(str(values.get("slug") or stem)) or "release",
        title=title,
        lang=str(values.get("lang") or path_lang or "de"),
        kind=str(values.get("kind") or "Pressemitteilung"),
        subtitle=subtitle,
        dateline=values.get("dateline", ""),
        date=values.get("date"),
        embargo=values.get("embargo"),
        teaser=values.get("teaser", ""),
        blocks=blocks,
        boilerplate_title=values.get("boilerplate_title", ""),
        boilerplate=values.get("boilerplate", ""),
        contacts=values.get("contacts", []),
        tags=values.get("tags", []),
        status=values.get("status", "approved"),
        source_url=values.get("source_url", ""),
        path=draft.path,
    )
    release.links = collect_links(release, values.get("links", []))
    return release


def collect_links(release: Release, extra: list[Link]) -> list[Link]:
    """Every link of every text field in reading order, then ``extra``; each address once."""
    found: list[Link] = []

    def add(text: str) -> None:
        if text and MAY_LINK.search(text):
            found.extend(inline_links(text))

    for text in (release.title, release.subtitle, release.teaser):
        add(text)
    for block in release.blocks:
        if block.type == "link":
            found.append(Link(url=block.url, text=block.text))
        for text in (block.text if block.type != "link" else "", *block.items):
            add(text)
        add(block.caption)
        add(block.credit)
    add(release.boilerplate)
    for contact in release.contacts:
        add(contact.email)
    unique: dict[str, Link] = {}
    for link in [*found, *extra]:
        unique.setdefault(link.url, link)
    return list(unique.values())


def _markers(draft: Draft, found: dict[str, Any], tz: tzinfo) -> list[Piece]:
    """Drop the label, Sperrfrist and separator lines, noting kind and embargo."""
    kept_pieces: list[Piece] = []
    ordinary = 0
    top = 0 if draft.fields.get("title") else 1
    for piece in draft.pieces:
        if not piece.is_paragraph:
            ordinary += 1
            kept_pieces.append(piece)
            continue
        kept: list[str] = []
        first_offset = 0
        for offset, line in enumerate(piece.block.text.split("\n")):
            plain = _plain(line)
            line_number = piece.line + offset if piece.line else None
            sperrfrist = SPERRFRIST.match(plain) if len(plain) <= 120 else None
            kind = KIND.match(plain)
            if not plain:
                continue
            if sperrfrist:
                found["embargo"] = _embargo(sperrfrist.group("when"), draft, line_number, tz)
            elif kind and ordinary <= top and not kept:
                found.setdefault("kind", KINDS[kind.group("kind").lower()])
            elif not SEPARATOR.match(plain):
                if not kept:
                    first_offset = offset
                kept.append(line)
        if kept:
            ordinary += 1
            line = piece.line + first_offset if piece.line else None
            kept_pieces.append(Piece(Block(type="paragraph", text="\n".join(kept)), line))
    return kept_pieces


def _embargo(when: str, draft: Draft, line: int | None, tz: tzinfo) -> Any:
    """The Sperrfrist of a line; one that cannot be read stops the import (sending
    too early is worse than asking the user to fix the line)."""
    when = _plain(when)
    if NO_EMBARGO.match(when):
        return None
    candidates = [when]
    mentioned = list(DATETIME_RE.finditer(when))
    if len(mentioned) == 1 and mentioned[0].group("hour"):
        candidates.append(mentioned[0].group(0))
    problem: DateError | None = None
    for candidate in candidates:
        try:
            return parse_datetime(candidate, tz)
        except DateError as error:
            problem = problem or error
    if isinstance(problem, WallClockError):
        raise NewsdeskError(f"Sperrfrist: {problem}", place=draft.path, line=line)
    raise NewsdeskError(
        f"cannot read the Sperrfrist: {problem}; write it like "
        "'Sperrfrist: 1. Dezember 2026, 10:00 Uhr'",
        place=draft.path,
        line=line,
    )


def _title(draft: Draft, pieces: list[Piece]) -> tuple[str, str, list[Piece]]:
    subtitle = str(draft.fields.get("subtitle") or "")
    if draft.fields.get("title"):
        return str(draft.fields["title"]), subtitle, pieces
    if not pieces or pieces[0].block.type not in ("paragraph", "heading") or not pieces[0].lines:
        raise NewsdeskError(
            "no title: the release's first line should be its title", place=draft.path
        )
    first = pieces[0]
    lines = first.lines
    title = unwrap(lines[0])
    if len(title) > 250:
        raise NewsdeskError(
            f"no title: the first line is a paragraph of {len(title)} characters; "
            "put the title on a line of its own above it",
            place=draft.path,
            line=first.line,
        )
    if not subtitle and len(lines) > 1:
        subtitle = " ".join(unwrap(line) for line in lines[1:])
    return title, subtitle, pieces[1:]


def _dateline(draft: Draft, body: list[Piece], found: dict[str, Any]) -> list[Piece]:
    """Take "Mannheim, 28. November 2026 –" off the start of the lead."""
    for index, piece in enumerate(body[:3]):
        if piece.block.type == "heading":
            break
        if not piece.is_paragraph:
            continue
        text = _LEADING_EMPHASIS.sub(r"\2", " ".join(piece.lines), count=1)
        match = DATELINE.match(text)
        rest = text[match.end() :].strip() if match else ""
        if not match or (rest and not match.group("sep")):
            break
        try:
            day = parse_date(match.group("date"))
        except DateError as error:
            raise NewsdeskError(
                f"the dateline's date: {error}", place=draft.path, line=piece.line
            ) from None
        found["dateline"] = match.group(0).strip()
        found["date"] = day
        rest_pieces = [Piece(Block(type="paragraph", text=rest), piece.line)] if rest else []
        return [*body[:index], *rest_pieces, *body[index + 1 :]]
    return body


def _tail(draft: Draft, body: list[Piece], found: dict[str, Any]) -> list[Piece]:
    """Take the contact block(s) and the boilerplate out of the body."""
    take_contacts = not draft.fields.get("contacts")
    take_boilerplate = not draft.fields.get("boilerplate")
    kept: list[Piece] = []
    index = 0
    while index < len(body):
        piece = body[index]
        rest = contact_block.marker_rest(piece.lines[0]) if piece.is_paragraph else None
        if take_contacts and rest is not None:
            reader = contact_block.ContactReader()
            for line in [rest, *piece.lines[1:]]:
                reader.add(line)
            index += 1
            while index < len(body) and _continues_contacts(draft, body, index):
                if not draft.one_line_paragraphs:
                    reader.end_group()
                for line in body[index].lines:
                    reader.add(line)
                index += 1
            found.setdefault("contacts", []).extend(reader.result())
            continue
        heading = _boilerplate_title(body, index) if take_boilerplate else None
        if heading is not None:
            title, texts = heading
            end = index + 1
            while end < len(body) and _boilerplate_continues(body, end):
                texts.append(" ".join(body[end].lines))
                end += 1
            if texts:
                found["boilerplate_title"] = title
                found["boilerplate"] = "\n\n".join(texts)
                index = end
                continue
        kept.append(piece)
        index += 1
    return kept


def _continues_contacts(draft: Draft, body: list[Piece], index: int) -> bool:
    piece = body[index]
    lines = piece.lines
    if not piece.is_paragraph or not lines or contact_block.marker_rest(lines[0]) is not None:
        return False
    if _boilerplate_title(body, index) is not None:
        return False
    if not all(contact_block.looks_like_contact_line(line) for line in lines):
        return False
    text = " ".join(lines)
    reachable = bool(contact_block.EMAIL.search(text)) or any(
        contact_block.PHONE_BARE.match(line) or contact_block.PHONE_LABEL.match(line)
        for line in lines
    )
    if draft.one_line_paragraphs:
        return reachable or (len(text.split()) <= 6 and not inline_links(text))
    return reachable


def _boilerplate_title(body: list[Piece], index: int) -> tuple[str, list[str]] | None:
    """("Über …", [text after the title]) when ``body[index]`` opens the boilerplate."""
    piece = body[index]
    if piece.block.type not in ("paragraph", "heading") or not piece.lines:
        return None
    if any(later.block.type not in ("paragraph",) for later in body[index + 1 :]):
        return None
    plain = _plain(piece.lines[0])
    rest = [" ".join(piece.lines[1:])] if len(piece.lines) > 1 else []
    if piece.block.type == "heading":
        return (plain.rstrip(":"), rest) if plain.startswith("Über ") else None
    inline = re.match(r"^(Über\s+(?!\d)[^:.!?]{2,80}?)\s*:\s*(.*)$", plain)
    if inline:
        first = " ".join(part for part in [inline.group(2), *rest] if part)
        return inline.group(1), [first] if first else []
    words = plain.split()
    short = len(words) <= 10 and plain[-1] not in ".!?"
    if plain.startswith("Über ") and short and not words[1][:1].isdigit():
        return plain, rest
    return None


def _boilerplate_continues(body: list[Piece], index: int) -> bool:
    piece = body[index]
    return (
        piece.is_paragraph
        and bool(piece.lines)
        and contact_block.marker_rest(piece.lines[0]) is None
    )


def _blocks(body: list[Piece], one_line: bool) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(body):
        piece = body[index]
        index += 1
        block = piece.block
        if not piece.is_paragraph:
            blocks.append(block)
            continue
        lines = piece.lines
        text = " ".join(lines)
        credit = credit_of(text)
        previous = blocks[-1] if blocks else None
        if credit and previous and previous.type == "image" and not previous.credit:
            previous.credit = credit
            continue
        bildmaterial = BILDMATERIAL.match(_plain(lines[0]))
        if bildmaterial:
            image_lines = [bildmaterial.group("rest"), *lines[1:]]
            while one_line and index < len(body) and body[index].is_paragraph:
                if not IMAGE_LINE.match(" ".join(body[index].lines)):
                    break
                image_lines.append(" ".join(body[index].lines))
                index += 1
            images = images_of(image_lines)
            if images:
                blocks.extend(images)
                continue
        blocks.append(_paragraph(text))
    return blocks


def _paragraph(text: str) -> Block:
    link = LINK_ONLY.match(text)
    if link:
        return Block(type="link", text=link.group("text"), url=link.group("url"))
    quote = find_quote(text)
    if quote is None:
        return Block(type="paragraph", text=text)
    if quote.whole:
        return Block(type="quote", text=quote.text, speaker=quote.speaker, role=quote.role)
    return Block(type="paragraph", text=text, speaker=quote.speaker, role=quote.role)
