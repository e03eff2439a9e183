"""Mailgun: one multipart call per batch with recipient-variables, checked against the spec."""

from __future__ import annotations

import json

import pytest
from deliver_fakes.contracts import Mailgun
from deliver_fakes.mail import BASE, LINKS
from deliver_fakes.specs import mailgun_form

from newsdesk.deliver.providers import SENT, Context, PauseCampaign, ProviderSetupError
from newsdesk.deliver.providers.mailgun import MailgunProvider


def provider(url: str | None = None, **env: str) -> MailgunProvider:
    base = {"MAILGUN_API_KEY": Mailgun.key, "MAILGUN_DOMAIN": Mailgun.domain}
    if url:
        base["MAILGUN_BASE_URL"] = url
    return MailgunProvider(Context(env={**base, **env}))


def test_regions() -> None:
    assert provider().base_url == "https://api.eu.mailgun.net"
    assert provider(MAILGUN_REGION="us").base_url == "https://api.mailgun.net"
    with pytest.raises(ProviderSetupError, match="MAILGUN_REGION"):
        provider(MAILGUN_REGION="asia")
    with pytest.raises(ProviderSetupError, match="MAILGUN_DOMAIN"):
        MailgunProvider(Context(env={"MAILGUN_API_KEY": "k"}))


def test_batch_is_one_call_with_recipient_variables(fake, messages, shared) -> None:
    server = fake(Mailgun())
    batch = messages(3)
    results = provider(server.url).send_batch(batch)

    (request,) = server.requests
    assert request.path == "/v3/mg.example.org/messages"
    fields = request.form()
    mailgun_form(shared / "specs" / "mailgun.yaml")(fields)
    single = dict(fields)
    assert [v for n, v in fields if n == "to"] == [m.to for m in batch]
    assert single["from"] == "Stadt Musterstadt <presse@musterstadt.example>"
    assert single["h:List-Unsubscribe"] == (
        f"<{LINKS['unsubscribe_url']}%recipient.token%>, "
        "<mailto:presse@musterstadt.example?subject=unsubscribe>"
    )
    assert single["h:List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert single["v:delivery_id"] == "%recipient.delivery_id%"
    assert single["o:tag"] == "newsdesk-7"
    assert "%recipient.salutation_html%" in single["html"]
    assert "%recipient.salutation%" in single["text"]
    variables = json.loads(single["recipient-variables"])
    assert variables["person2@example.org"] == batch[1].variables()
    assert variables["person2@example.org"]["token"] == "token2"
    assert [r.status for r in results] == [SENT] * 3
    assert len({r.provider_id for r in results}) == 1

    for message, got in zip(batch, server.delivered, strict=True):
        html_body, text_body = message.bodies()
        assert (got.email, got.html, got.text) == (message.email, html_body, text_body)
        assert got.headers["List-Unsubscribe"].startswith(f"<{BASE}/u/{message.token}>")
        assert json.loads(got.headers["X-Mailgun-Variables"])["delivery_id"] == str(
            message.delivery_id
        )


def test_request_bytes_per_recipient_are_small(fake, messages) -> None:
    server = fake(Mailgun())
    provider(server.url).send_batch(messages(1000))
    (request,) = server.requests
    html_size = len(messages(1)[0].bodies()[0].encode())
    assert (len(request.body) - 2 * html_size) / 1000 < 2048


def test_bad_key_pauses(fake, messages) -> None:
    server = fake(Mailgun())
    with pytest.raises(PauseCampaign):
        provider(server.url, MAILGUN_API_KEY="wrong").send_batch(messages(1))


def test_check(fake) -> None:
    server = fake(Mailgun())
    assert "active" in provider(server.url).check("x@example.org")
