"""Postmark against a fake /email/batch that keeps to Postmark's documented contract."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from deliver_fakes.contracts import Postmark
from deliver_fakes.mail import BASE, LINKS, copy_for

from newsdesk.deliver.message import Content
from newsdesk.deliver.providers import FAILED, RETRY, SENT, UNKNOWN, Context, PauseCampaign
from newsdesk.deliver.providers.postmark import PostmarkProvider
from newsdesk.render.rendered import RenderedEmail, placeholder


def provider(url: str, token: str = Postmark.token) -> PostmarkProvider:
    made = PostmarkProvider(Context(env={"POSTMARK_SERVER_TOKEN": token, "POSTMARK_BASE_URL": url}))
    made.backoff = 0.01
    return made


def test_batch_payload_is_exact(fake, messages) -> None:
    server = fake(Postmark())
    batch = messages(2) + messages(1, lang="en", start=3)
    results = provider(server.url).send_batch(batch)

    (request,) = server.requests
    assert request.path == "/email/batch"
    assert request.headers["x-postmark-server-token"] == "pm-token"
    expected = []
    for message in batch:
        html_body, text_body = message.content.fill(message.values)
        expected.append(
            {
                "From": "Stadt Musterstadt <presse@musterstadt.example>",
                "Subject": message.content.rendered.subject,
                "ReplyTo": "presse@musterstadt.example",
                "MessageStream": "broadcast",
                "TrackOpens": False,
                "TrackLinks": "None",
                "Tag": "newsdesk-7",
                "HtmlBody": html_body,
                "TextBody": text_body,
                "To": f"Person {message.delivery_id} <person{message.delivery_id}@example.org>",
                "Headers": [
                    {
                        "Name": "List-Unsubscribe",
                        "Value": f"<https://newsletter.musterstadt.example/u/token"
                        f"{message.delivery_id}>, "
                        "<mailto:presse@musterstadt.example?subject=unsubscribe>",
                    },
                    {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"},
                    {"Name": "X-Newsdesk-Delivery", "Value": str(message.delivery_id)},
                    {
                        "Name": "List-Id",
                        "Value": '"Stadt Musterstadt" <mitglieder.musterstadt.example>',
                    },
                    {
                        "Name": "Message-ID",
                        "Value": f"<newsdesk.7.{message.delivery_id}@musterstadt.example>",
                    },
                ],
                "Metadata": {"delivery_id": str(message.delivery_id), "campaign": "7"},
            }
        )
    assert request.json() == expected
    assert [r.status for r in results] == [SENT] * 3
    assert [r.provider_id for r in results] == [d.provider_id for d in server.delivered]


def test_each_message_carries_its_own_headers_whatever_it_has(fake, messages) -> None:
    """The headers are laid out once per content from ``Message.headers``; a message
    without an unsubscribe link or a Message-ID (a staff notification) gets its own."""
    server = fake(Postmark())
    first, second, third = messages(3)
    second.token = ""
    third.message_id = ""
    test_copy = copy_for(replace(first.content, test=True), 9)
    batch = [first, second, third, test_copy]
    provider(server.url).send_batch(batch)
    assert [d.headers for d in server.delivered] == [m.headers() for m in batch]
    assert server.delivered[1].headers["List-Unsubscribe"] == (
        "<mailto:presse@musterstadt.example?subject=unsubscribe>"
    )
    assert "List-Unsubscribe-Post" not in server.delivered[1].headers
    assert "Message-ID" not in server.delivered[2].headers
    assert server.delivered[3].headers["X-Newsdesk-Test"] == "yes"
    assert server.delivered[3].headers["X-Newsdesk-Delivery"] == "9"


def test_recipient_values_are_escaped_in_html_and_plain_in_text(fake, messages) -> None:
    server = fake(Postmark())
    provider(server.url).send_batch(messages(1))
    (got,) = server.delivered
    assert "Sehr geehrte Frau Nummer1 &amp; Co," in got.html
    assert "Sehr geehrte Frau Nummer1 & Co," in got.text
    assert "https://newsletter.musterstadt.example/u/token1" in got.html
    assert "Gründerinnen" in got.subject


def test_values_with_percent_signs_fill_the_template_exactly(fake, messages) -> None:
    """A value may hold what a ``%``-template treats specially: the JSON and its
    length stay exact."""
    server = fake(Postmark())
    (message,) = messages(1)
    message.salutation = "Sehr geehrte Frau Dr. Größ (100 %(x)s %d),"
    provider(server.url).send_batch([message])
    (got,) = server.delivered
    assert "Sehr geehrte Frau Dr. Größ (100 %(x)s %d)," in got.text
    assert "Sehr geehrte Frau Dr. Größ (100 %(x)s %d)," in got.html
    (request,) = server.requests
    assert request.json()[0]["HtmlBody"] == message.content.fill(message.values)[0]


@pytest.mark.parametrize("with_links", [True, False])
def test_a_value_the_theme_shows_in_one_part_only(fake, with_links: bool) -> None:
    """A theme may put a value in the HTML and not in the text, or not at all: the
    batch's length still counts only what is written."""
    email = RenderedEmail(
        lang="de",
        subject="Betreff",
        preheader="",
        html=f"<p>{placeholder('salutation')} 100%</p>",
        text=f"Nur Text, 50 %.\n{placeholder('unsubscribe_url')}",
        mjml="",
    )
    links = LINKS if with_links else {}
    content = Content(email, 7, "Stadt Musterstadt", "presse@musterstadt.example", links=links)
    server = fake(Postmark())
    sender = provider(server.url)
    sender.timeout = (5.0, 5.0)  # a wrong Content-Length would leave the server waiting
    results = sender.send_batch([copy_for(content, 1), copy_for(content, 2)])
    assert [r.status for r in results] == [SENT, SENT]
    first = server.requests[0].json()[0]
    link = f"{BASE}/u/token1" if with_links else ""
    assert first["TextBody"] == f"Nur Text, 50 %.\n{link}"
    assert first["HtmlBody"] == "<p>Sehr geehrte Frau Nummer1 &amp; Co, 100%</p>"


def test_per_item_error_codes(fake, contents) -> None:
    server = fake(Postmark())
    batch = [
        copy_for(contents["de"], 1),
        copy_for(contents["de"], 2, "gone@inactive.example.net"),
        copy_for(contents["de"], 3, "broken@invalid.example.net"),
    ]
    results = provider(server.url).send_batch(batch)
    assert [(r.status, r.suppress) for r in results] == [
        (SENT, False),
        (FAILED, True),
        (FAILED, True),
    ]
    assert "406" in results[1].error
    assert [d.email for d in server.delivered] == ["person1@example.org"]


def test_bad_token_pauses(fake, messages) -> None:
    server = fake(Postmark())
    with pytest.raises(PauseCampaign, match="POSTMARK_SERVER_TOKEN"):
        provider(server.url, token="wrong").send_batch(messages(1))
    assert server.delivered == []


def test_429_waits_for_retry_after_then_sends(fake, messages) -> None:
    server = fake(Postmark())
    server.script = [
        (429, {"Retry-After": "1", "Content-Type": "application/json"}, b'{"ErrorCode":429}')
    ]
    sender = provider(server.url)
    waited: list[float] = []
    sender.sleep = waited.append
    results = sender.send_batch(messages(2))
    assert waited == [1.0]
    assert len(server.requests) == 2
    assert [r.status for r in results] == [SENT, SENT]


def test_503_without_idempotency_is_unknown_and_not_retried(fake, messages) -> None:
    server = fake(Postmark())
    server.script = [(503, {}, b"busy")] * 3
    results = provider(server.url).send_batch(messages(2))
    assert len(server.requests) == 1
    assert [r.status for r in results] == [UNKNOWN, UNKNOWN]


def test_read_timeout_is_unknown(fake, messages) -> None:
    server = fake(Postmark())
    server.stall = 1.0
    sender = provider(server.url)
    sender.timeout = (5.0, 0.2)
    results = sender.send_batch(messages(1))
    assert [r.status for r in results] == [UNKNOWN]
    assert len(server.requests) == 1


def test_refused_connection_is_retry(fake, messages) -> None:
    server = fake(Postmark())
    url = server.url
    server.close()
    sender = provider(url)
    sender.max_retries = 2
    results = sender.send_batch(messages(1))
    assert [r.status for r in results] == [RETRY]


def test_static_parts_are_encoded_once(fake, messages, contents) -> None:
    server = fake(Postmark())
    sender = provider(server.url)
    sender.send_batch(messages(3))
    sender.send_batch(messages(3, start=4))
    assert list(contents["de"].cache) == ["postmark:broadcast:(True, True)"]
    bodies = [json.loads(r.body) for r in server.requests]
    assert [len(b) for b in bodies] == [3, 3]


def test_check_reads_the_server(fake) -> None:
    server = fake(Postmark())
    assert "Fake server" in provider(server.url).check("presse@musterstadt.example")
