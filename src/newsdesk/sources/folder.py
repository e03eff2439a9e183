"""A drop folder: the release files (.txt, .md, .docx) someone puts into it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsdesk.core import NewsdeskError

SUFFIXES = {".txt", ".md", ".docx"}


def folder_files(folder: Path) -> list[Path]:
    """The release files in ``folder``, by name; hidden files and Office lock files
    (``~$…``) are left out."""
    if not folder.is_dir():
        raise NewsdeskError(f"the folder {folder} does not exist (any more)", place=folder)
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() in SUFFIXES
        and not path.name.startswith((".", "~$"))
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
