"""``newsdesk approve FILE``: a draft becomes a release that may be sent.

Only the ``status`` line of the front matter changes; the rest of the file
stays exactly as the staff wrote it. A file without front matter (.txt,
.docx, Markdown without ``---``) has no status and is approved already.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.core import NewsdeskError
from newsdesk.core.files import write_atomic
from newsdesk.ingest import read_release

_STATUS = re.compile(r"^status\s*:")


def approve(path: Path) -> bool:
    """Set ``status: approved`` in ``path``'s front matter, atomically.

    Returns False when there was nothing to change (approved already)."""
    if not path.is_file():
        raise NewsdeskError("no such release file", place=path)
    # read as every command reads it: a broken file gets the same one line as in `show`
    if read_release(path).status == "approved":
        return False
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    for index in range(1, len(lines)):  # a draft's status is in its front matter
        if lines[index].strip() in ("---", "..."):
            break
        if _STATUS.match(lines[index]):
            lines[index] = f"status: approved{newline}"
            break
    write_atomic(path, "".join(lines))
    return True
