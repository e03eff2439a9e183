"""SendGrid: personalizations with substitutions, validated against SendGrid's own spec."""

from __future__ import annotations

import pytest
from deliver_fakes.contracts import Sendgrid
from deliver_fakes.specs import validator

from newsdesk.deliver.providers import SENT, Context
from newsdesk.deliver.providers.sendgrid import SendgridProvider

POINTER = "/components/requestBodies/PostMailSend/content/application~1json/schema"


@pytest.fixture
def spec_check(shared):
    return validator(shared / "specs" / "sendgrid-mail-v3.json", POINTER)


def provider(url: str, test_mode: bool = False) -> SendgridProvider:
    env = {"SENDGRID_API_KEY": Sendgrid.key, "SENDGRID_BASE_URL": url}
    return SendgridProvider(Context(env=env), test_mode=test_mode)


def test_personalizations_payload(fake, messages, spec_check) -> None:
    server = fake(Sendgrid(validate=spec_check))
    batch = messages(2, lang="en")
    results = provider(server.url).send_batch(batch)
    body = server.requests[0].json()
    assert server.requests[0].headers["authorization"] == "Bearer SG.key"
    assert body["personalizations"][1] == {
        "to": [{"email": "person2@example.org", "name": "Person 2"}],
        "substitutions": {f"[%{k}%]": v for k, v in batch[1].variables().items()},
        "headers": {"List-Unsubscribe": batch[1].list_unsubscribe},
        "custom_args": {"delivery_id": "2", "campaign": "7"},
    }
    assert body["from"] == {"email": "presse@musterstadt.example", "name": "Stadt Musterstadt"}
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    assert body["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert body["categories"] == ["newsdesk-7"]
    assert "mail_settings" not in body
    assert [r.status for r in results] == [SENT, SENT]
    for message, got in zip(batch, server.delivered, strict=True):
        assert (got.html, got.text) == message.bodies()
        assert got.headers["List-Unsubscribe"] == message.list_unsubscribe


def test_sandbox_mode(fake, messages, spec_check) -> None:
    server = fake(Sendgrid(validate=spec_check))
    provider(server.url, test_mode=True).send_batch(messages(1))
    assert server.requests[0].json()["mail_settings"] == {"sandbox_mode": {"enable": True}}
    assert server.delivered == []
    assert "accepted" in provider(server.url).check("presse@musterstadt.example")


def test_1000_personalizations_in_one_call(fake, messages, spec_check) -> None:
    server = fake(Sendgrid(validate=spec_check))
    results = provider(server.url).send_batch(messages(1000))
    assert len(server.requests) == 1
    assert len(server.delivered) == 1000
    assert {r.status for r in results} == {SENT}
