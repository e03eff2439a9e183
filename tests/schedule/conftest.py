"""Fixtures of the schedule tests: a workspace with a release and a list, and a
fake Postmark endpoint the providers are pointed at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from schedule_helpers import (
    TOKEN,
    FakePostmark,
    add_people,
    fake_postmark_server,
    press_office,
    write_release,
)

from newsdesk.core import Workspace


@pytest.fixture
def newsroom(workspace: Workspace) -> Workspace:
    """A workspace with one release and the list ``presse`` of three German readers."""
    workspace = press_office(workspace)
    write_release(workspace, "gewerbeflaechen")
    add_people(
        workspace,
        "presse",
        [("anna@example.org", "de"), ("bernd@example.org", "de"), ("cem@example.org", "de")],
    )
    return workspace


@pytest.fixture
def fake_postmark(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePostmark]:
    with fake_postmark_server() as fake:
        monkeypatch.setenv("POSTMARK_BASE_URL", fake.url)
        monkeypatch.setenv("POSTMARK_SERVER_TOKEN", TOKEN)
        yield fake
