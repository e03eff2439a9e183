"""``newsdesk approve FILE``: a draft becomes a release that may be sent.

Only the ``status`` line of the front matter changes; the rest of the file
stays exactly as the staff wrote it. A file without front matter (.txt,
.docx, Markdown without ``---``) has no status and is approved already.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from newsdesk.core import NewsdeskError
from newsdesk.core.files import write_atomic

_STATUS = re.compile(r"^status\s*:")


def _front_matter(path: Path, lines: list[str]) -> tuple[int, dict[str, object]] | None:
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("".join(lines[1:index])) or {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                raise NewsdeskError(
                    f"the front matter is not valid YAML ({getattr(error, 'problem', error)})",
                    place=path,
                    line=mark.line + 2 if mark is not None else None,
                ) from None
            if not isinstance(data, dict):
                raise NewsdeskError("the front matter must be `key: value` lines", place=path)
            return index, data
    raise NewsdeskError("the front matter has no closing --- line", place=path, line=1)


def approve(path: Path) -> bool:
    """Set ``status: approved`` in ``path``'s front matter, atomically.

    Returns False when there was nothing to change (approved already)."""
    if not path.is_file():
        raise NewsdeskError("no such release file", place=path)
    if path.suffix.lower() not in (".md", ".markdown"):
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NewsdeskError("not a UTF-8 text file", place=path) from None
    lines = text.splitlines(keepends=True)
    found = _front_matter(path, lines)
    if found is None:
        return False
    end, data = found
    if data.get("status", "approved") == "approved":
        return False
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    for index in range(1, end):
        if _STATUS.match(lines[index]):
            lines[index] = f"status: approved{newline}"
            break
    write_atomic(path, "".join(lines))
    return True
