"""Fixtures of the delivery tests: real rendered emails, messages, fake providers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fakes import FakeProvider
from fakes.smtp import smtp_server  # noqa: F401  (a fixture)

from newsdesk.core import Block, Release, Workspace
from newsdesk.deliver.message import Content, Message
from newsdesk.deliver.providers import Context
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
        )
        for lang, email in rendered.items()
    }


def message(content: Content, number: int, email: str | None = None) -> Message:
    base = "https://newsletter.musterstadt.example"
    return Message(
        delivery_id=number,
        email=email or f"person{number}@example.org",
        name=f"Person {number}",
        content=content,
        values={
            "salutation": f"Sehr geehrte Frau Nummer{number} & Co,",
            "unsubscribe_url": f"{base}/u/token{number}",
            "preferences_url": f"{base}/p/token{number}",
            "web_url": f"{base}/archive/foerderung/{content.lang}",
        },
        message_id=f"<newsdesk.7.{number}@musterstadt.example>",
    )


@pytest.fixture
def messages(contents: dict[str, Content]) -> Callable[..., list[Message]]:
    def make(count: int, lang: str = "de", start: int = 1) -> list[Message]:
        return [message(contents[lang], n) for n in range(start, start + count)]

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


def context(**env: str) -> Context:
    return Context(env=env)
