"""A staff notice (no unsubscribe link, no mailto) through the providers that write
their headers once per content: no unsubscribe headers at all, never an empty ``<>``."""

from __future__ import annotations

import pytest
from deliver_fakes.contracts import Brevo, Mailgun, Sendgrid

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
}


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
    staff = [
        Message(10**15 + n, f"redaktion{n}@musterstadt.example", "", notice, {}) for n in (1, 2)
    ]
    provider = make_provider(name, None, {**env, base_url: server.url})
    provider.send_batch(staff)

    assert sorted(d.email for d in server.delivered) == [m.email for m in staff]
    for got in server.delivered:
        assert "List-Unsubscribe" not in got.headers
        assert "List-Unsubscribe-Post" not in got.headers

    # a campaign's copies through the same provider keep both
    campaign = Message(
        3,
        "person3@example.org",
        "",
        contents["de"],
        {
            "salutation": "Hallo,",
            "unsubscribe_url": "https://newsletter.musterstadt.example/u/token3",
            "preferences_url": "https://newsletter.musterstadt.example/p/token3",
        },
    )
    provider.send_batch([campaign])
    got = server.delivered[-1]
    assert got.headers["List-Unsubscribe"] == campaign.list_unsubscribe
    assert got.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
