"""What the providers with per-recipient variables make of a content's links and of a
staff notice, against their fakes: each recipient's copy exactly as it is filled."""

from __future__ import annotations

from dataclasses import replace

import pytest
from deliver_fakes.contracts import Brevo, Mailgun, Mailjet, Sendgrid
from deliver_fakes.mail import copy_for

from newsdesk.deliver.message import Content, Message
from newsdesk.deliver.send import make_provider

FAKES = {
    "mailgun": (
        Mailgun,
        {"MAILGUN_API_KEY": Mailgun.key, "MAILGUN_DOMAIN": Mailgun.domain},
        "MAILGUN_BASE_URL",
    ),
    "brevo": (Brevo, {"BREVO_API_KEY": Brevo.key}, "BREVO_BASE_URL"),
    "sendgrid": (Sendgrid, {"SENDGRID_API_KEY": Sendgrid.key}, "SENDGRID_BASE_URL"),
    "mailjet": (
        Mailjet,
        {"MAILJET_API_KEY": Mailjet.public, "MAILJET_SECRET_KEY": Mailjet.private},
        "MAILJET_BASE_URL",
    ),
}
# a base URL whose links need escaping in HTML and JSON
ODD_BASE = 'https://presse.musterstadt.example/news?a=1&b="2"'


@pytest.mark.parametrize("odd_base", [False, True])
@pytest.mark.parametrize("name", sorted(FAKES))
def test_links_travel_as_one_token_and_arrive_whole(name, odd_base, fake, contents) -> None:
    """A campaign's content knows its links but the token (``make_content``): the
    recipient variables carry the token once, and every copy reads as filled."""
    contract, env, base_url = FAKES[name]
    server = fake(contract())
    content = contents["de"]
    if odd_base:
        content = replace(
            content,
            links={"unsubscribe_url": f"{ODD_BASE}&u=", "preferences_url": f"{ODD_BASE}&p="},
        )
    batch = [copy_for(content, n) for n in (1, 2)]
    batch[1].salutation = 'Sehr geehrte Frau "Nummer2" & Co,'
    make_provider(name, None, {**env, base_url: server.url}).send_batch(batch)

    assert set(batch[0].variables()) == {"delivery_id", "salutation", "salutation_html", "token"}
    assert batch[0].variables()["token"] == "token1"
    delivered = {d.email: d for d in server.delivered}
    for message in batch:
        got = delivered[message.email]
        assert (got.html, got.text) == message.bodies()
        if "List-Unsubscribe" in got.headers:
            assert got.headers["List-Unsubscribe"] == message.list_unsubscribe


@pytest.mark.parametrize("name", sorted(FAKES))
def test_a_notice_carries_no_unsubscribe_headers(name, fake, rendered, contents) -> None:
    contract, env, base_url = FAKES[name]
    server = fake(contract())
    notice = Content(
        rendered=rendered["de"],
        campaign_id=0,
        sender_name="Stadt Musterstadt",
        sender_email="presse@musterstadt.example",
        tag="newsdesk-notify",
    )
    staff = [Message(10**15 + n, f"redaktion{n}@musterstadt.example", "", notice) for n in (1, 2)]
    provider = make_provider(name, None, {**env, base_url: server.url})
    provider.send_batch(staff)

    assert sorted(d.email for d in server.delivered) == [m.email for m in staff]
    for got in server.delivered:
        assert "List-Unsubscribe" not in got.headers
        assert "List-Unsubscribe-Post" not in got.headers

    # a campaign's copies through the same provider keep both
    campaign = Message(3, "person3@example.org", "", contents["de"], "Hallo,", "token3")
    provider.send_batch([campaign])
    got = server.delivered[-1]
    assert got.headers["List-Unsubscribe"] == campaign.list_unsubscribe
    assert got.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
