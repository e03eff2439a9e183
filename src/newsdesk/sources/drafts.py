"""Draft release files in the workspace's ``releases/``: names, writing, status."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

from newsdesk.core import Release, Workspace
from newsdesk.core.files import write_atomic
from newsdesk.ingest import read_release
from newsdesk.ingest.markdown import dump_markdown

_TRANSLITERATE = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 60


def slugify(text: str) -> str:
    """``"Neues Gründerzentrum eröffnet"`` → ``"neues-gruenderzentrum-eroeffnet"``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug or "release"


def unique_slug(workspace: Workspace, text: str, taken: set[str]) -> str:
    """A slug for ``text`` that no file in ``releases/`` and no name in ``taken`` has."""
    existing = {path.stem for path in workspace.release_files()} | taken
    base = slugify(text)
    slug, number = base, 2
    while slug in existing:
        slug, number = f"{base}-{number}", number + 1
    return slug


def content_hash(release: Release) -> str:
    """A hash of what the release says (not of its slug, file or status)."""
    data = release.to_dict()
    for name in ("slug", "path", "status"):
        data.pop(name, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def draft_path(workspace: Workspace, name: str) -> Path:
    return workspace.releases_dir / name


def write_draft(workspace: Workspace, release: Release) -> Path:
    """Write ``release`` (a draft with its slug set) as ``releases/<slug>.md``, atomically."""
    path = draft_path(workspace, f"{release.slug}.md")
    write_atomic(path, dump_markdown(release.replace(status="draft", path=None)))
    return path


def status_of(path: Path) -> str:
    """``draft`` or ``approved`` (the file as the staff have it now)."""
    return read_release(path).status
