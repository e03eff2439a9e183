"""Mailjet v3.1: Globals once, Variables per message, and the mixed 400 answer."""

from __future__ import annotations

from deliver_fakes.contracts import Mailjet
from deliver_fakes.mail import copy_for

from newsdesk.deliver.providers import FAILED, SENT, Context
from newsdesk.deliver.providers.mailjet import MailjetProvider


def provider(url: str, test_mode: bool = False) -> MailjetProvider:
    env = {
        "MAILJET_API_KEY": Mailjet.public,
        "MAILJET_SECRET_KEY": Mailjet.private,
        "MAILJET_BASE_URL": url,
    }
    return MailjetProvider(Context(env=env), test_mode=test_mode)


def test_payload_and_personal_copies(fake, messages) -> None:
    server = fake(Mailjet())
    batch = messages(2, lang="en")
    results = provider(server.url).send_batch(batch)
    body = server.requests[0].json()
    assert body["Globals"]["TemplateLanguage"] is True
    assert body["Globals"]["From"] == {
        "Email": "presse@musterstadt.example",
        "Name": "Stadt Musterstadt",
    }
    first = body["Messages"][0]
    assert first["To"] == [{"Email": "person1@example.org", "Name": "Person 1"}]
    assert first["CustomID"] == "delivery-1"
    assert first["Variables"] == batch[0].variables()
    assert first["Headers"]["List-Unsubscribe"] == batch[0].list_unsubscribe
    assert "SandboxMode" not in body
    assert [r.status for r in results] == [SENT, SENT]
    for message, got in zip(batch, server.delivered, strict=True):
        assert (got.html, got.text) == message.bodies()


def test_mixed_400_is_read_per_message(fake, contents) -> None:
    server = fake(Mailjet())
    batch = [
        copy_for(contents["de"], 1),
        copy_for(contents["de"], 2, "wrong@invalid.example.net"),
        copy_for(contents["de"], 3),
    ]
    results = provider(server.url).send_batch(batch)
    assert [(r.status, r.suppress) for r in results] == [
        (SENT, False),
        (FAILED, True),
        (SENT, False),
    ]
    assert "invalid email" in results[1].error
    assert [d.email for d in server.delivered] == ["person1@example.org", "person3@example.org"]


def test_sandbox(fake, messages) -> None:
    server = fake(Mailjet())
    results = provider(server.url, test_mode=True).send_batch(messages(1))
    assert server.requests[0].json()["SandboxMode"] is True
    assert server.delivered == []
    assert results[0].status == SENT
    assert "accepted" in provider(server.url).check("presse@musterstadt.example")
