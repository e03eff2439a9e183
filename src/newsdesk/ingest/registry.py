"""``read_release``: the reader for a file's extension, then the shared recognition."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from newsdesk.core import NewsdeskError, Release
from newsdesk.core.workspace import CONFIG_NAME, Config
from newsdesk.ingest import docx, markdown, text
from newsdesk.ingest.draft import Draft
from newsdesk.ingest.recognise import build_release

Reader = Callable[[Path, tzinfo], Draft]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".docx": docx.read,
}
DEFAULT_TIMEZONE = "Europe/Berlin"


def read_release(path: Path, *, tz: tzinfo | None = None) -> Release:
    """The release in ``path`` (.txt, .md or .docx).

    Sperrfrist times without an offset are in ``tz``, by default the time zone
    of the workspace the file lies in, else Europe/Berlin.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise NewsdeskError(
            f"cannot read {path.suffix or 'files without an extension'}: "
            f"newsdesk reads {known} release files",
            place=path,
        )
    if not path.is_file():
        raise NewsdeskError("no such file" if not path.exists() else "not a file", place=path)
    zone = tz or workspace_timezone(path)
    return build_release(reader(path, zone), zone)


def workspace_timezone(*places: Path) -> tzinfo:
    """The time zone of the first workspace around one of ``places`` (files or
    folders, each searched upwards), or Europe/Berlin outside any workspace."""
    for place in places:
        resolved = Path(place).resolve()
        folders = [resolved, *resolved.parents] if resolved.is_dir() else resolved.parents
        for folder in folders:
            if (folder / CONFIG_NAME).is_file():
                return Config.load(folder / CONFIG_NAME).tz
    return ZoneInfo(DEFAULT_TIMEZONE)
