"""Plain-text releases (.txt): a title line, then paragraphs.

Paragraphs are separated by blank lines; a file without any blank line between
its lines (like the seed release) has one paragraph per line. Lines starting
with "- ", "• " or "1. " in a row of two or more make a list. Asterisks and
backticks are escaped so that they stay text in the release's inline markup
(``Bürger*innen`` must not turn italic).
"""

from __future__ import annotations

import re
from datetime import tzinfo
from pathlib import Path

from newsdesk.core import Block
from newsdesk.ingest.decode import decode_text, read_bytes
from newsdesk.ingest.draft import Draft, Piece

WRAP_WIDTH = 120
BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+(?P<item>\S.*)$")


def escape_text(text: str) -> str:
    """Plain text as inline markup: the characters that would start markup escaped."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")


def read(path: Path, tz: tzinfo | None = None) -> Draft:
    text = decode_text(read_bytes(path), path)
    return draft_from_lines(path, text.split("\n"))


def draft_from_lines(path: Path, lines: list[str]) -> Draft:
    """The pieces of a plain-text body; ``lines`` are numbered from 1."""
    numbered = [(number, line.rstrip()) for number, line in enumerate(lines, start=1)]
    while numbered and not numbered[-1][1].strip():
        numbered.pop()
    while numbered and not numbered[0][1].strip():
        numbered.pop(0)
    one_line = all(line.strip() for _, line in numbered)
    groups: list[list[tuple[int, str]]] = []
    for number, line in numbered:
        if not line.strip():
            if groups and groups[-1]:
                groups.append([])
            continue
        if one_line or not groups:
            groups.append([])
        groups[-1].append((number, line))
    split = [part for group in groups if group for part in _paragraph_lines(group, one_line)]
    pieces = _pieces(split, one_line)
    return Draft(path=path, pieces=pieces, one_line_paragraphs=one_line)


def _paragraph_lines(group: list[tuple[int, str]], one_line: bool) -> list[list[tuple[int, str]]]:
    """A block of lines wider than anyone wraps by hand holds one paragraph per line
    (a file with blank lines only here and there); runs of list lines stay together."""
    if one_line or max(len(line) for _, line in group) <= WRAP_WIDTH:
        return [group]
    parts: list[list[tuple[int, str]]] = []
    for number, line in group:
        if parts and BULLET.match(line) and BULLET.match(parts[-1][-1][1]):
            parts[-1].append((number, line))
        else:
            parts.append([(number, line)])
    return parts


def _pieces(groups: list[list[tuple[int, str]]], one_line: bool) -> list[Piece]:
    pieces: list[Piece] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        if one_line:
            run = index
            while run < len(groups) and BULLET.match(groups[run][0][1]):
                run += 1
            if run - index >= 2:
                items = [_item(groups[i][0][1]) for i in range(index, run)]
                pieces.append(Piece(Block(type="list", items=items), group[0][0]))
                index = run
                continue
        elif len(group) >= 2 and all(BULLET.match(line) for _, line in group):
            items = [_item(line) for _, line in group]
            pieces.append(Piece(Block(type="list", items=items), group[0][0]))
            index += 1
            continue
        text = "\n".join(escape_text(line.strip()) for _, line in group)
        pieces.append(Piece(Block(type="paragraph", text=text), group[0][0]))
        index += 1
    return pieces


def _item(line: str) -> str:
    match = BULLET.match(line)
    return escape_text(match.group("item").strip() if match else line.strip())
