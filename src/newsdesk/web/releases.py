"""The workspace's releases as the web app sees them: found by slug, read fresh from
disk (the staff edit them while the server runs), published or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.ingest import read_release


@dataclass(frozen=True)
class Entry:
    """One release file: the release, or the error that kept it from being read."""

    path: Path
    slug: str
    release: Release | None
    error: str = ""

    @property
    def published(self) -> bool:
        return self.release is not None and is_published(self.release)


def is_published(release: Release, now: datetime | None = None) -> bool:
    """Approved and past its Sperrfrist."""
    moment = now or datetime.now(UTC)
    return release.status == "approved" and (release.embargo is None or release.embargo <= moment)


def _slug_of(path: Path) -> str:
    name = path.name
    for suffix in (".txt", ".md", ".docx"):
        name = name.removesuffix(suffix)
    return name.rsplit(".", 1)[0] if "." in name else name


def entries(workspace: Workspace) -> list[Entry]:
    found = []
    for path in workspace.release_files():
        try:
            release = read_release(path)
        except NewsdeskError as error:
            found.append(Entry(path, _slug_of(path), None, str(error)))
            continue
        found.append(Entry(path, release.slug, release))
    return found


def find(workspace: Workspace, slug: str) -> Entry | None:
    for entry in entries(workspace):
        if entry.slug == slug:
            return entry
    return None


def published(workspace: Workspace) -> list[Release]:
    """Published releases, newest first (by date, then title)."""
    releases = [e.release for e in entries(workspace) if e.published and e.release]
    return sorted(
        releases,
        key=lambda r: (
            r.date.isoformat() if r.date else "",
            r.embargo or datetime.min.replace(tzinfo=UTC),
        ),
        reverse=True,
    )
