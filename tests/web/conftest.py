"""Fixtures of the web tests: the demo workspace with contacts and a sent campaign, the
app, and a real HTTP server thread on 127.0.0.1 port 0."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from web_server import ServerThread

from newsdesk.audience import ContactStore, add_contact
from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger, TokenMaker
from newsdesk.deliver.campaign import ledger_rows
from newsdesk.deliver.tables import deliveries
from newsdesk.web import create_app

SECRET = "web-tests-secret-key-0123456789abcdef"


@dataclass
class Sent:
    """A campaign to the list ``presse``: per address its delivery id, contact id, token."""

    workspace: Workspace
    store: ContactStore
    campaign_id: int
    delivery: dict[str, int]
    contact: dict[str, int]
    token: dict[str, str]


@pytest.fixture
def site(demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("NEWSDESK_SECRET_KEY", SECRET)
    return demo_workspace


@pytest.fixture
def sent(site: Workspace) -> Sent:
    store = ContactStore.for_workspace(site)
    store.create_list("presse", "Presseverteiler")
    store.create_list("mitglieder", "Mitglieder")
    people = {
        "anna.weber@example.org": {"first_name": "Anna", "last_name": "Weber", "language": "de"},
        "john.miller@example.org": {"first_name": "John", "last_name": "Miller", "language": "en"},
        "cem.yilmaz@example.org": {"first_name": "Cem", "last_name": "Yilmaz", "language": "de"},
    }
    contact = {}
    for email, details in people.items():
        added = add_contact(store, email, "presse", details, default_language="de")
        add_contact(store, email, "mitglieder", details, default_language="de")
        contact[email] = added.contact_id
    ledger = Ledger(connect(site.database_url))
    campaign_id, _ = ledger.create(
        release_slug="innovationspreis-2026",
        release_path=str(site.release_files()[0]),
        title="Innovationspreis",
        lists=["presse"],
        provider="postmark",
        fallback=False,
        recipients=ledger_rows(store, ["presse"], site.config.languages),
    )
    with store.engine.begin() as connection:
        rows = connection.execute(
            sa.select(deliveries.c.id, deliveries.c.email).where(
                deliveries.c.campaign_id == campaign_id
            )
        ).all()
        for row in rows:
            connection.execute(
                deliveries.update()
                .where(deliveries.c.id == row.id)
                .values(status="sent", provider_message_id=f"pm-{row.id}")
            )
    maker = TokenMaker(site.root)
    delivery = {row.email: row.id for row in rows}
    token = {e: maker.make(delivery[e], contact[e], campaign_id) for e in delivery}
    return Sent(site, store, campaign_id, delivery, contact, token)


@pytest.fixture
def app(site: Workspace) -> Flask:
    app = create_app(site)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def server(app: Flask) -> Iterator[ServerThread]:
    with ServerThread(app) as running:
        yield running


@pytest.fixture
def artifacts() -> Path:
    folder = Path(__file__).resolve().parent.parent / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder
