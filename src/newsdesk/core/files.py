"""Writing files so that a crash never leaves one half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from newsdesk.core.errors import NewsdeskError


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_files_atomic(files: Mapping[Path, str | bytes], encoding: str = "utf-8") -> None:
    """Write every file or none: each goes to a temporary file beside its target,
    and only when all are written are they renamed into place."""
    for path in files:
        if path.is_dir():  # found now, before any file is renamed into place
            raise NewsdeskError("is a folder; remove it or write the files elsewhere", place=path)
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = data.encode(encoding) if isinstance(data, str) else data
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            staged.append((temporary, path))
            os.chmod(temporary, _mode_for(path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, path in staged:
            os.replace(temporary, path)
    finally:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    write_files_atomic({path: data}, encoding)
