"""Resend: /emails/batch with an Idempotency-Key, validated against Resend's spec."""

from __future__ import annotations

import pytest
from deliver_fakes.contracts import Resend
from deliver_fakes.specs import validator

from newsdesk.deliver.providers import SENT, UNKNOWN, Context
from newsdesk.deliver.providers.resend import ResendProvider


@pytest.fixture
def spec_check(shared):
    item = validator(shared / "specs" / "resend.yaml", "/components/schemas/SendEmailRequest")

    def check(path: str, body: object) -> None:
        for entry in body if isinstance(body, list) else [body]:
            item(entry)

    return check


def provider(url: str) -> ResendProvider:
    made = ResendProvider(Context(env={"RESEND_API_KEY": Resend.key, "RESEND_BASE_URL": url}))
    made.backoff = 0.01
    return made


def test_batch_payload(fake, messages, spec_check) -> None:
    server = fake(Resend(validate=spec_check))
    batch = messages(2)
    results = provider(server.url).send_batch(batch, idempotency_key="key-1")
    (request,) = server.requests
    assert request.path == "/emails/batch"
    assert request.headers["idempotency-key"] == "key-1"
    first = request.json()[0]
    html_body, text_body = batch[0].bodies()
    assert first == {
        "from": "Stadt Musterstadt <presse@musterstadt.example>",
        "to": ["Person 1 <person1@example.org>"],
        "subject": batch[0].content.subject,
        "html": html_body,
        "text": text_body,
        "headers": batch[0].headers(),
        "tags": [{"name": "delivery_id", "value": "1"}, {"name": "campaign", "value": "7"}],
        "reply_to": "presse@musterstadt.example",
    }
    assert [r.status for r in results] == [SENT, SENT]


def test_503_storm_is_retried_with_the_same_key(fake, messages) -> None:
    server = fake(Resend())
    server.script = [(503, {}, b"")] * 3
    sender = provider(server.url)
    results = sender.send_batch(messages(2), idempotency_key="key-2")
    assert [r.status for r in results] == [SENT, SENT]
    assert len(server.requests) == 4
    assert {r.headers["idempotency-key"] for r in server.requests} == {"key-2"}
    assert len(server.delivered) == 2


def test_lost_answer_is_resent_safely(fake, messages) -> None:
    server = fake(Resend())
    sender = provider(server.url)
    batch = messages(2)
    sender.send_batch(batch, idempotency_key="key-3")
    again = sender.send_batch(batch, idempotency_key="key-3")
    assert [r.status for r in again] == [SENT, SENT]
    assert len(server.delivered) == 2


def test_reused_key_with_another_body_is_unknown(fake, messages) -> None:
    server = fake(Resend())
    sender = provider(server.url)
    sender.send_batch(messages(1), idempotency_key="key-4")
    results = sender.send_batch(messages(1, start=2), idempotency_key="key-4")
    assert [r.status for r in results] == [UNKNOWN]


def test_client_side_rate_limit() -> None:
    assert ResendProvider.capabilities.requests_per_second == 2.0
    assert provider("http://127.0.0.1:9").rate.interval == 0.5
