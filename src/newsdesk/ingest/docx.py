"""Word releases (.docx): the first Title or Heading paragraph is the title.

Each Word paragraph is one paragraph of the release (line breaks inside one
stay lines, so a contact typed with Shift+Enter still reads line by line);
Heading styles become headings, Subtitle the subtitle, list styles (or Word
numbering) lists, Quote styles quotes. Bold, italic and hyperlinks are kept as
inline markup. Paragraphs in tables are read in place.

Pictures (PNG, JPEG, GIF, WebP) become image blocks with Word's alt text and
their width in the document; a Caption paragraph after one is its caption, a
"Foto: …" line its credit. Emails and the archive need them as files, so they
are saved beside the Word file as ``media/<name>/bild-<n>.<ext>`` (``<name>``
without a language suffix like ``.de``) — written
only when missing or changed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.core import Block, NewsdeskError
from newsdesk.core.files import write_atomic
from newsdesk.ingest.draft import Draft, Piece, stem_and_lang
from newsdesk.ingest.quotes import find_quote, strip_quote_marks
from newsdesk.ingest.recognise import KIND, SPERRFRIST, unwrap
from newsdesk.ingest.text import escape_text

# python-docx is imported where a Word file is read: every other command, a send
# among them, would wait for it at start.
if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

HEADING = re.compile(r"^(?:Heading|Überschrift)\s*(?P<level>\d)$", re.I)
TITLE_STYLES = {"title", "titel"}
SUBTITLE_STYLES = {"subtitle", "untertitel"}
LIST_STYLE = re.compile(r"^(?:List|Liste|Listenabsatz|Aufzählung)", re.I)
QUOTE_STYLES = {"quote", "intense quote", "zitat", "intensives zitat"}
CAPTION_STYLES = {"caption", "beschriftung"}
PICTURE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
EMU_PER_PIXEL = 9525  # Word measures in English Metric Units; 96 pixels to the inch
MAX_WIDTH = 600  # the email's content width


def read(path: Path, tz: tzinfo | None = None) -> Draft:
    document = _open(path)
    fields: dict[str, Any] = {}
    pieces: list[Piece] = []
    items: list[str] = []
    saved = _PictureFiles(path)
    for paragraph in _paragraphs(document):
        text = inline_markup(paragraph).strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        is_list = bool(LIST_STYLE.match(style)) or _numbered(paragraph)
        pictures = [saved.image(picture) for picture in _pictures(paragraph)]
        if items and (not is_list or not text or pictures):
            pieces.append(Piece(Block(type="list", items=items)))
            items = []
        pieces.extend(Piece(image) for image in pictures)
        if not text:
            continue
        previous = pieces[-1].block if pieces else None
        if (
            style.lower() in CAPTION_STYLES
            and previous is not None
            and previous.type == "image"
            and not previous.caption
        ):
            previous.caption = unwrap(text)
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
    saved.write()
    return Draft(path=path, pieces=pieces, fields=fields, one_line_paragraphs=True)


@dataclass(frozen=True)
class _Picture:
    data: bytes
    extension: str
    alt: str
    width: int | None


def _pictures(paragraph: Paragraph) -> list[_Picture]:
    """The pictures drawn in ``paragraph`` (in a format emails show), in order."""
    found = []
    for drawing in paragraph._p.xpath(".//w:drawing"):
        embedded = drawing.xpath(".//a:blip/@r:embed")
        part = paragraph.part.related_parts.get(embedded[0]) if embedded else None
        extension = PICTURE_TYPES.get(getattr(part, "content_type", ""))
        if part is None or extension is None:
            continue
        described = drawing.xpath(".//wp:docPr")
        alt = ""
        if described:
            alt = (described[0].get("descr") or described[0].get("title") or "").strip()
        extent = drawing.xpath(".//wp:extent/@cx")
        width = None
        if extent and str(extent[0]).isdigit() and int(extent[0]) > 0:
            width = min(MAX_WIDTH, max(1, round(int(extent[0]) / EMU_PER_PIXEL)))
        found.append(_Picture(part.blob, extension, " ".join(alt.split()), width))
    return found


class _PictureFiles:
    """Where the Word file's pictures go: ``media/<name>/bild-<n>.<ext>`` beside it."""

    def __init__(self, path: Path) -> None:
        self.folder = f"media/{stem_and_lang(path)[0]}"
        self.root = path.parent
        self.place = path
        self.files: dict[Path, bytes] = {}

    def image(self, picture: _Picture) -> Block:
        src = f"{self.folder}/bild-{len(self.files) + 1}.{picture.extension}"
        self.files[self.root / src] = picture.data
        return Block(type="image", src=src, alt=picture.alt, width=picture.width)

    def write(self) -> None:
        """Save the pictures that are missing or changed (a file as it is stays untouched)."""
        for target, data in self.files.items():
            try:
                if target.is_file() and target.read_bytes() == data:
                    continue
                write_atomic(target, data)
            except OSError as error:
                raise NewsdeskError(
                    f"cannot save the Word file's pictures to {self.folder}/ "
                    f"({error.strerror or error}); make its folder writable",
                    place=self.place,
                ) from None


def _paragraphs(document: Any) -> Iterator[Paragraph]:
    """The body's paragraphs in order, those in table cells included (a contact
    block is often laid out as a table); a merged cell is read once."""
    from docx.text.paragraph import Paragraph

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
    import docx as python_docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

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
    from docx.text.hyperlink import Hyperlink

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
