"""Brevo: messageVersions with params and an idempotencyKey inside the JSON headers."""

from __future__ import annotations

import uuid

import pytest
from deliver_fakes.contracts import Brevo

from newsdesk.deliver.providers import SENT, Context, PauseCampaign
from newsdesk.deliver.providers.brevo import BrevoProvider


def provider(url: str, key: str = Brevo.key, test_mode: bool = False) -> BrevoProvider:
    made = BrevoProvider(
        Context(env={"BREVO_API_KEY": key, "BREVO_BASE_URL": url}), test_mode=test_mode
    )
    made.backoff = 0.01
    return made


def test_message_versions_payload(fake, messages) -> None:
    server = fake(Brevo())
    batch = messages(2)
    results = provider(server.url).send_batch(batch, idempotency_key="3f1c1f1e-key")
    body = server.requests[0].json()
    assert server.requests[0].headers["api-key"] == Brevo.key
    assert body["sender"] == {"name": "Stadt Musterstadt", "email": "presse@musterstadt.example"}
    assert body["headers"]["idempotencyKey"] == "3f1c1f1e-key"
    assert body["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert body["messageVersions"][0] == {
        "to": [{"email": "person1@example.org", "name": "Person 1"}],
        "params": batch[0].variables(),
    }
    assert "{{ params.salutation_html }}" in body["htmlContent"]
    assert [r.status for r in results] == [SENT, SENT]
    for message, got in zip(batch, server.delivered, strict=True):
        assert (got.html, got.text) == message.bodies()
        assert got.headers["List-Unsubscribe"] == message.list_unsubscribe


def test_key_is_a_uuid_when_none_given_and_retries_are_idempotent(fake, messages) -> None:
    server = fake(Brevo())
    server.script = [(500, {}, b"")] * 2
    results = provider(server.url).send_batch(messages(3))
    keys = {r.json()["headers"]["idempotencyKey"] for r in server.requests}
    assert len(keys) == 1
    uuid.UUID(keys.pop())
    assert len(server.delivered) == 3
    assert [r.status for r in results] == [SENT] * 3


def test_sandbox_header(fake, messages) -> None:
    server = fake(Brevo())
    provider(server.url, test_mode=True).send_batch(messages(1))
    assert server.requests[0].json()["headers"]["X-Sib-Sandbox"] == "drop"


def test_rate_limit_reset_header(fake, messages) -> None:
    server = fake(Brevo())
    server.script = [(429, {"x-sib-ratelimit-reset": "2"}, b"{}")]
    sender = provider(server.url)
    waited: list[float] = []
    sender.sleep = waited.append
    sender.send_batch(messages(1))
    assert waited == [2.0]


def test_wrong_key_pauses(fake, messages) -> None:
    server = fake(Brevo())
    with pytest.raises(PauseCampaign, match="BREVO_API_KEY"):
        provider(server.url, key="nope").send_batch(messages(1))
