"""Bytes of a text file to lines: UTF-8 with or without BOM, else Windows-1252; any line ends."""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.core import NewsdeskError

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NewsdeskError("no such file", place=path) from None
    except IsADirectoryError:
        raise NewsdeskError("is a folder, not a release file", place=path) from None
    except OSError as error:
        raise NewsdeskError(f"cannot read the file: {error.strerror}", place=path) from None


def decode_text(data: bytes, path: Path) -> str:
    """The text of ``data`` with ``\\n`` line ends; a binary file is an error."""
    if not data.strip():
        raise NewsdeskError("the file is empty; a release needs at least a title line", place=path)
    if b"\x00" in data:
        raise NewsdeskError(_binary_message(path), place=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise NewsdeskError(_binary_message(path), place=path) from None
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 200):
        raise NewsdeskError(_binary_message(path), place=path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_message(path: Path) -> str:
    return (
        f"not a text file (binary content); save the release as UTF-8 text "
        f"or use a .docx for Word documents ({path.suffix or 'no extension'} given)"
    )
