"""Word releases (.docx): the first Title or Heading paragraph is the title.

Each Word paragraph is one paragraph of the release (line breaks inside one
stay lines, so a contact typed with Shift+Enter still reads line by line);
Heading styles become headings, Subtitle the subtitle, list styles (or Word
numbering) lists, Quote styles quotes. Bold, italic and hyperlinks are kept as
inline markup. Paragraphs in tables are read in place; images are not read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

import docx as python_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from newsdesk.core import Block, NewsdeskError
from newsdesk.ingest.draft import Draft, Piece
from newsdesk.ingest.quotes import find_quote, strip_quote_marks
from newsdesk.ingest.recognise import KIND, SPERRFRIST, unwrap
from newsdesk.ingest.text import escape_text

HEADING = re.compile(r"^(?:Heading|Überschrift)\s*(?P<level>\d)$", re.I)
TITLE_STYLES = {"title", "titel"}
SUBTITLE_STYLES = {"subtitle", "untertitel"}
LIST_STYLE = re.compile(r"^(?:List|Liste|Listenabsatz|Aufzählung)", re.I)
QUOTE_STYLES = {"quote", "intense quote", "zitat", "intensives zitat"}


def read(path: Path, tz: tzinfo | None = None) -> Draft:
    document = _open(path)
    fields: dict[str, Any] = {}
    pieces: list[Piece] = []
    items: list[str] = []
    for paragraph in _paragraphs(document):
        text = inline_markup(paragraph).strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        is_list = bool(LIST_STYLE.match(style)) or _numbered(paragraph)
        if items and (not is_list or not text):
            pieces.append(Piece(Block(type="list", items=items)))
            items = []
        if not text:
            continue
        heading = HEADING.match(style)
        if heading and _is_marker(text):
            heading = None  # a label or Sperrfrist set as a heading is not the title
        if (style.lower() in TITLE_STYLES or heading) and not fields.get("title"):
            fields["title"] = unwrap(text)
        elif style.lower() in SUBTITLE_STYLES and not fields.get("subtitle"):
            fields["subtitle"] = unwrap(text)
        elif heading:
            pieces.append(Piece(Block(type="heading", text=text, level=int(heading["level"]))))
        elif is_list:
            items.append(" ".join(text.split("\n")))
        elif style.lower() in QUOTE_STYLES:
            pieces.append(Piece(_quote(" ".join(text.split("\n")))))
        else:
            pieces.append(Piece(Block(type="paragraph", text=text)))
    if items:
        pieces.append(Piece(Block(type="list", items=items)))
    return Draft(path=path, pieces=pieces, fields=fields, one_line_paragraphs=True)


def _paragraphs(document: Any) -> Iterator[Paragraph]:
    """The body's paragraphs in order, those in table cells included (a contact
    block is often laid out as a table); a merged cell is read once."""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
            continue
        seen: set[int] = set()
        for row in item.rows:
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs


def _is_marker(text: str) -> bool:
    plain = text.strip("*_ ")
    return bool(KIND.match(plain) or SPERRFRIST.match(plain))


def _open(path: Path) -> Any:
    if path.stat().st_size == 0:
        raise NewsdeskError("the file is empty; a release needs at least a title", place=path)
    if not zipfile.is_zipfile(path):
        raise NewsdeskError(
            "not a Word .docx file (it is not a zip archive); save it from Word as .docx",
            place=path,
        )
    try:
        return python_docx.Document(str(path))
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        zipfile.BadZipFile,
        XMLSyntaxError,
    ) as error:
        raise NewsdeskError(
            f"not a readable Word .docx document ({error}); save it from Word as .docx",
            place=path,
        ) from None


def _numbered(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def inline_markup(paragraph: Paragraph) -> str:
    """The paragraph's text with bold, italic and links as inline markup."""
    parts: list[str] = []
    run_text = ""
    run_format = (False, False)
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            parts.append(_emphasised(run_text, *run_format))
            run_text = ""
            label = escape_text(item.text).replace("[", "\\[").replace("]", "\\]")
            address = (item.url or "").replace(")", "%29").replace(" ", "%20")
            parts.append(f"[{label}]({address})" if address and label.strip() else label)
            continue
        text_format = (bool(item.bold), bool(item.italic))
        if text_format != run_format and item.text.strip():
            parts.append(_emphasised(run_text, *run_format))
            run_text, run_format = "", text_format
        run_text += escape_text(item.text)
    parts.append(_emphasised(run_text, *run_format))
    return "".join(parts)


def _emphasised(text: str, bold: bool, italic: bool) -> str:
    if not text.strip() or not (bold or italic):
        return text
    marker = ("**" if bold else "") + ("*" if italic else "")
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{text.strip()}{marker[::-1]}{trail}"


def _quote(text: str) -> Block:
    found = find_quote(text)
    if found is not None and found.whole:
        return Block(type="quote", text=found.text, speaker=found.speaker, role=found.role)
    return Block(type="quote", text=strip_quote_marks(text))
