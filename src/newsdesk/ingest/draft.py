"""What a reader hands to the shared recognition: blocks in order, and the fields it states."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.core import Block

LANGUAGE_SUFFIX = re.compile(r"\.(?P<lang>[a-z]{2})(?:[-_][A-Za-z]{2})?$")
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass
class Piece:
    """One block as a reader found it. A paragraph's ``text`` keeps the source's
    line breaks (``\\n``) so that contact blocks and title/subtitle pairs can be
    read line by line; the recognition joins the lines of ordinary paragraphs."""

    block: Block
    line: int | None = None

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.block.text.split("\n") if line.strip()]

    @property
    def is_paragraph(self) -> bool:
        return self.block.type == "paragraph"


@dataclass
class Draft:
    """A release file as its reader saw it.

    ``fields`` holds the Release fields the format states explicitly (front
    matter, a Word title style); recognition never overrides them.
    ``one_line_paragraphs`` says every source line was a paragraph of its own
    (the seed's layout) rather than paragraphs separated by blank lines.
    """

    path: Path
    pieces: list[Piece]
    fields: dict[str, Any] = field(default_factory=dict)
    one_line_paragraphs: bool = False


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: ``Bronze-Label Ü`` → ``bronze-label-ue``."""
    ascii_text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATION))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def stem_and_lang(path: Path) -> tuple[str, str | None]:
    """``bronze-label.de.txt`` → (``bronze-label``, ``de``); no suffix → (stem, None)."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    match = LANGUAGE_SUFFIX.search(stem)
    if match:
        return stem[: match.start()], match.group("lang")
    return stem, None
