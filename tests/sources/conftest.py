"""The local newsroom server and a workspace with short timeouts for the sources tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.core import Workspace

from . import newsroom
from .server import Site, serve

SETTINGS = """
[sources]
timeout = 0.5
retries = 1
backoff = 0.01
max_bytes = 200000
"""


@pytest.fixture
def site() -> Iterator[Site]:
    """The invented newsroom (feeds, listing, articles) on 127.0.0.1, a fresh port per test."""
    site = Site()
    server, thread = serve(site)
    newsroom.build(site)
    yield site
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """A workspace whose sources time out after half a second and retry once."""
    config = workspace.root / "newsdesk.toml"
    config.write_text(config.read_text(encoding="utf-8") + SETTINGS, encoding="utf-8")
    return Workspace.open(workspace.root)
