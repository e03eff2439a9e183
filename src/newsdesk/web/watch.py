"""Watches the workspace's releases/, templates/, translations/ and the default theme with
watchfiles; every change bumps a version that the preview's server-sent events push."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

from watchfiles import watch

from newsdesk.core.theme import default_templates_dir, ui_translations_dir
from newsdesk.core.workspace import Workspace

log = logging.getLogger(__name__)

KEEPALIVE = 15.0


def watched_paths(workspace: Workspace) -> list[Path]:
    candidates = [
        workspace.releases_dir,
        workspace.templates_dir,
        workspace.root / "translations",
        default_templates_dir(),
        ui_translations_dir(),
    ]
    return [path for path in candidates if path.is_dir()]


class Watcher:
    """One watching thread per app, started on the first subscriber."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.version = 0
        self.changed: list[str] = []
        self._condition = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        with self._condition:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="newsdesk-watch", daemon=True)
            self._thread.start()
        self._ready.wait(5)

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        paths = watched_paths(self.workspace)
        self._ready.set()
        try:
            for changes in watch(
                *paths,
                debounce=150,
                step=50,
                stop_event=self._stop,
                rust_timeout=500,
                yield_on_timeout=False,
            ):
                names = sorted({Path(path).name for _change, path in changes})
                with self._condition:
                    self.version += 1
                    self.changed = names
                    self._condition.notify_all()
        except Exception:  # the preview still works, only without live reload
            log.exception("file watching stopped")

    def wait(self, seen: int, timeout: float) -> int:
        with self._condition:
            self._condition.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def events(self) -> Iterator[str]:
        """The server-sent event stream: ``change`` with the version, keep-alive comments."""
        self.start()
        seen = self.version
        yield f"event: hello\ndata: {seen}\n\n"
        while not self._stop.is_set():
            version = self.wait(seen, KEEPALIVE)
            if version == seen:
                yield ": keep-alive\n\n"
                continue
            seen = version
            yield f"event: change\ndata: {version}\n\n"
