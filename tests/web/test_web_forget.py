"""After ``contacts forget``: the person's old links answer as they always do and change
nothing, and the webhook events about them keep no address; SQLite and PostgreSQL."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from newsdesk.audience import add_contact
from newsdesk.audience.tables import consent_events, contacts, memberships, suppressions
from newsdesk.cli import cli
from newsdesk.web.tables import webhook_events

ANNA = "anna.weber@example.org"
CEM = "cem.yilmaz@example.org"  # the last contact added: SQLite gives their id out again


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "postgres":
        monkeypatch.setenv("NEWSDESK_DATABASE_URL", request.getfixturevalue("postgres_url"))
    return request.param


def _forget(sent, email: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        cli, ["--workspace", str(sent.workspace.root), "contacts", "forget", email]
    )
    assert result.exit_code == 0, result.output


def _audience(sent) -> list[list[sa.Row]]:  # type: ignore[no-untyped-def]
    """What an unsubscribe or the preferences page could change."""
    with sent.store.engine.connect() as connection:
        return [
            connection.execute(sa.select(table).order_by(*table.primary_key)).all()
            for table in (contacts, memberships, consent_events, suppressions)
        ]


def test_a_forgotten_persons_links_answer_200_and_change_nothing(database, sent, client):
    token = sent.token[CEM]
    _forget(sent, CEM)
    before = _audience(sent)

    page = client.get(f"/u/{token}")
    assert page.status_code == 200 and 'lang="de"' in page.text
    assert "forgotten" not in page.text
    for form in ({"List-Unsubscribe": "One-Click"}, {}, {"List-Unsubscribe": "One-Click"}):
        response = client.post(f"/u/{token}", data=form)
        assert response.status_code == 200 and "abgemeldet" in response.text
    assert client.get(f"/p/{token}").status_code == 200
    assert client.post(f"/p/{token}", data={"language": "en"}).status_code == 200
    assert _audience(sent) == before


def test_a_forgotten_persons_links_reach_no_one_given_their_contact_id(sent, client):
    token = sent.token[CEM]
    _forget(sent, CEM)
    newcomer = add_contact(sent.store, "neu@example.org", "presse", {}, default_language="de")
    assert newcomer.contact_id == sent.contact[CEM]
    before = _audience(sent)

    assert client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.post(f"/p/{token}", data={"language": "en"}).status_code == 200
    assert _audience(sent) == before
    assert not sent.store.is_suppressed("neu@example.org")


def test_forget_erases_the_address_from_webhook_events(database, sent, client, monkeypatch):
    monkeypatch.setenv("POSTMARK_WEBHOOK_USER", "postmark")
    monkeypatch.setenv("POSTMARK_WEBHOOK_PASSWORD", "pm-secret-password")
    auth = {"Authorization": "Basic " + base64.b64encode(b"postmark:pm-secret-password").decode()}
    for number, (email, spelled) in enumerate(((CEM, "Cem.YILMAZ@example.org"), (ANNA, ANNA))):
        bounce = {
            "RecordType": "Bounce",
            "ID": 100 + number,
            "Type": "HardBounce",
            "MessageID": f"pm-{sent.delivery[email]}",
            "Email": spelled,
            "BouncedAt": "2026-11-29T08:00:00Z",
            "Description": f"550 5.1.1 <{spelled}>: user unknown",
        }
        assert client.post("/hooks/postmark", json=bounce, headers=auth).json["stored"] == 1

    _forget(sent, CEM)

    with sent.store.engine.connect() as connection:
        events = connection.execute(sa.select(webhook_events).order_by(webhook_events.c.id)).all()
    cem, anna = events
    assert cem.recipient.startswith("forgotten:") and cem.delivery_id == sent.delivery[CEM]
    assert "yilmaz" not in " ".join(str(value) for value in cem).lower()
    assert (anna.recipient, anna.reason) == (ANNA, f"550 5.1.1 <{ANNA}>: user unknown")
