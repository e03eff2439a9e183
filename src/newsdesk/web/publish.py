"""``newsdesk publish --out DIR``: the archive as static files, the same pages the server
answers, for the organisation's own web server. Built in a temporary folder beside DIR
and swapped in whole, so DIR is never half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.web import releases
from newsdesk.web.app import create_app
from newsdesk.web.archive import media_file

MARKER = ".newsdesk-archive"


@dataclass
class Published:
    out: Path
    pages: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    # release files that could not be read, so are not in the archive: "path: why"
    unreadable: list[str] = field(default_factory=list)


def _fetch(client, url: str) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(url)
    if response.status_code != 200:
        raise NewsdeskError(f"the archive page {url} answered {response.status_code}")
    return response.get_data()


def _write(root: Path, relative: str, data: bytes) -> None:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _build(workspace: Workspace, root: Path, result: Published) -> None:
    app = create_app(workspace)
    client = app.test_client()
    first = workspace.config.languages[0]
    _write(
        root,
        "archive/index.html",
        f'<!doctype html><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={first}/">'
        f'<a href="{first}/">{first}</a>\n'.encode(),
    )
    from newsdesk.web.archive import listing

    for lang in workspace.config.languages:
        pages = {f"archive/{lang}/index.html": f"/archive/{lang}/"}
        pages[f"archive/{lang}/feed.atom"] = f"/archive/{lang}/feed.atom"
        with app.test_request_context():
            slugs = [release.slug for release in listing(lang)]
        for slug in slugs:
            pages[f"archive/{lang}/{slug}/index.html"] = f"/archive/{lang}/{slug}/"
        for relative, url in pages.items():
            _write(root, relative, _fetch(client, url))
            result.pages.append(relative)
    result.unreadable = [
        entry.error for entry in releases.entries(workspace) if entry.release is None
    ]
    for release in releases.published(workspace):
        for block in release.blocks:
            if block.type != "image" or not block.src or urlsplit(block.src).scheme:
                continue
            source = media_file(workspace, release.slug, block.src)
            if source is None:
                raise NewsdeskError(
                    f"image {block.src!r} of release {release.slug} is missing",
                    place=release.path,
                )
            relative = f"media/{release.slug}/{block.src.lstrip('/')}"
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / relative)
            result.media.append(relative)


def publish(workspace: Workspace, out: Path) -> Published:
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise NewsdeskError(
            "the folder is not empty and holds no earlier archive; choose an empty or new folder",
            place=out,
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    result = Published(out)
    try:
        _build(workspace, building, result)
        (building / MARKER).write_text("written by newsdesk publish\n", encoding="utf-8")
        os.chmod(building, 0o755)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        building.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return result
