"""Fixtures of the delivery tests: real rendered emails, messages, fake providers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from deliver_fakes import FakeProvider
from deliver_fakes.mail import BASE, LINKS, copy_for
from deliver_fakes.smtp import smtp_server  # noqa: F401  (a fixture)

from newsdesk.core import Block, Release, Workspace
from newsdesk.deliver.message import Content, Message
from newsdesk.render import render_release

GERMAN = Release(
    slug="foerderung",
    title="Neue Förderung für Gründerinnen & Gründer",
    lang="de",
    blocks=[Block("paragraph", text="Die Stadt fördert **junge Unternehmen** mit 2 Mio. Euro.")],
)
ENGLISH = GERMAN.replace(
    lang="en",
    title="New funding for founders & start-ups",
    blocks=[Block("paragraph", text="The city supports **young companies** with €2 million.")],
)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    workspace = Workspace.create(
        tmp_path_factory.mktemp("render") / "ws", brand="Stadt Musterstadt"
    )
    return {"de": render_release(GERMAN, workspace), "en": render_release(ENGLISH, workspace)}


@pytest.fixture
def contents(rendered: dict[str, Any]) -> dict[str, Content]:
    return {
        lang: Content(
            rendered=email,
            campaign_id=7,
            sender_name="Stadt Musterstadt",
            sender_email="presse@musterstadt.example",
            reply_to="presse@musterstadt.example",
            list_id='"Stadt Musterstadt" <mitglieder.musterstadt.example>',
            unsubscribe_mailto="mailto:presse@musterstadt.example?subject=unsubscribe",
            tag="newsdesk-7",
            shared={"web_url": f"{BASE}/archive/{lang}/foerderung/"},
            links=LINKS,
        )
        for lang, email in rendered.items()
    }


@pytest.fixture
def messages(contents: dict[str, Content]) -> Callable[..., list[Message]]:
    def make(count: int, lang: str = "de", start: int = 1) -> list[Message]:
        return [copy_for(contents[lang], n) for n in range(start, start + count)]

    return make


@pytest.fixture
def fake() -> Iterator[Callable[[Any], FakeProvider]]:
    started: list[FakeProvider] = []

    def start(contract: Any) -> FakeProvider:
        server = FakeProvider(contract)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
    for server in started:
        assert server.errors == [], "a request broke the provider's contract"


@pytest.fixture
def workspace(workspace: Workspace) -> Workspace:
    """A workspace with the organisation's own addresses instead of ``init``'s examples:
    the pre-send checks stop a real send to example addresses."""
    config = workspace.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("example.org", "wirtschaft-musterstadt.de"),
        encoding="utf-8",
    )
    return Workspace.open(workspace.root)
