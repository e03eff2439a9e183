"""Markdown releases (.md): YAML front matter with Release fields, then a Markdown body.

The body: paragraphs, ``##`` headings (a ``#`` heading is the title when the
front matter has none), ``>`` quotes (a last line ``— Name, Rolle`` names the
speaker), ``-`` and ``1.`` lists, a link alone in a paragraph (a call to
action) and images::

    ![Alt text](media/bild.jpg "Caption"){width=600}
    Foto: Jana Beispiel

The credit is the line under the image starting with ``Foto:`` (or ``Bild:``,
``Grafik:``, ``Quelle:``, ``©``), in the same paragraph or the next one;
``{width=N}`` right after the image sets its width in pixels. Inline markup is
kept as written (``**bold**``, ``*italic*``, ``[text](url)``).
"""

from __future__ import annotations

import re
from datetime import tzinfo
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsdesk.core import Block
from newsdesk.ingest.decode import decode_text, read_bytes
from newsdesk.ingest.draft import Draft, Piece
from newsdesk.ingest.frontmatter import parse_front_matter, split_front_matter
from newsdesk.ingest.images import credit_of
from newsdesk.ingest.markdown_dump import dump_markdown
from newsdesk.ingest.quotes import find_quote, split_attribution, strip_quote_marks

__all__ = ["dump_markdown", "read"]

IMAGE = re.compile(
    r"^!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<src><[^>\n]*>|[^\s)]+)"
    r'(?:\s+"(?P<title>(?:[^"\\]|\\.)*)")?\)(?:\{width=(?P<width>\d+)\})?'
    r"(?:\s*\n(?P<after>.*))?$",
    re.DOTALL,
)
ATTRIBUTION = re.compile(r"^(?:—|–|--|-)\s*(?P<attr>\S.*)$")
_LEADING_ESCAPE = re.compile(r"^\\([#>+=-])|^(\d{1,9})\\([.)])")
_UNESCAPE = re.compile(r"\\(.)")


def read(path: Path, tz: tzinfo) -> Draft:
    text = decode_text(read_bytes(path), path)
    source, body, first_body_line = split_front_matter(text, path)
    fields = parse_front_matter(source, path, tz) if source is not None else {}
    pieces = _pieces("\n".join(body), first_body_line, fields)
    return Draft(path=path, pieces=pieces, fields=fields)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def _pieces(body: str, offset: int, fields: dict[str, object]) -> list[Piece]:
    tokens = _parser().parse(body)
    pieces: list[Piece] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = token.map[0] + offset if token.map else None
        if token.type == "heading_open":
            text = tokens[index + 1].content
            level = int(token.tag[1])
            if level == 1 and not fields.get("title"):
                fields["title"] = text
            else:
                pieces.append(Piece(Block(type="heading", text=text, level=level), line))
            index += 3
        elif token.type == "paragraph_open":
            pieces.extend(_paragraph(tokens[index + 1].content, line))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            end = _closing(tokens, index)
            items = [
                _unescape_start(" ".join(t.content.split("\n")))
                for t in tokens[index:end]
                if t.type == "inline"
            ]
            pieces.append(Piece(Block(type="list", items=items), line))
            index = end + 1
        elif token.type == "blockquote_open":
            end = _closing(tokens, index)
            texts = [t.content for t in tokens[index:end] if t.type == "inline"]
            pieces.append(Piece(_quote(texts), line))
            index = end + 1
        elif token.type in ("fence", "code_block") and token.content.strip():
            pieces.append(Piece(Block(type="paragraph", text=token.content.strip()), line))
            index += 1
        else:
            index += 1
    return pieces


def _closing(tokens: list[Token], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _unescape_start(text: str) -> str:
    return _LEADING_ESCAPE.sub(lambda m: m.group(1) or f"{m.group(2)}{m.group(3)}", text)


def _paragraph(content: str, line: int | None) -> list[Piece]:
    image = IMAGE.match(content)
    if not image:
        return [Piece(Block(type="paragraph", text=_unescape_start(content)), line)]
    src = image.group("src").strip("<>")
    title = _UNESCAPE.sub(r"\1", image.group("title") or "")
    width = int(image.group("width")) if image.group("width") else None
    block = Block(
        type="image",
        src=src,
        alt=_UNESCAPE.sub(r"\1", image.group("alt")),
        caption=title,
        width=width,
    )
    pieces = [Piece(block, line)]
    after = (image.group("after") or "").strip()
    if after:
        credit = credit_of(after.split("\n")[0])
        rest = after.split("\n", 1)[1] if credit is not None and "\n" in after else ""
        if credit is not None:
            block.credit = credit
        else:
            rest = after
        if rest.strip():
            pieces.append(Piece(Block(type="paragraph", text=rest.strip()), line))
    return pieces


def _quote(texts: list[str]) -> Block:
    lines = [line for text in texts for line in text.split("\n")]
    speaker = role = ""
    if len(lines) > 1:
        attribution = ATTRIBUTION.match(lines[-1].strip())
        if attribution:
            speaker, role = split_attribution(attribution.group("attr"))
            lines = lines[:-1]
    text = " ".join(line.strip() for line in lines if line.strip())
    if not speaker:
        found = find_quote(text)
        if found is not None and found.whole and found.speaker:
            return Block(type="quote", text=found.text, speaker=found.speaker, role=found.role)
    return Block(type="quote", text=strip_quote_marks(text), speaker=speaker, role=role)
