"""SMTP against a real aiosmtpd server with STARTTLS and AUTH; the messages are parsed back."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import pytest
from deliver_fakes.mail import copy_for
from deliver_fakes.smtp import smtp_provider

from newsdesk.deliver.providers import FAILED, RETRY, SENT, Context, PauseCampaign
from newsdesk.deliver.providers.smtp import SmtpProvider


def provider(smtp_server, password: str = "geheim") -> SmtpProvider:
    return smtp_provider(smtp_server, password)


def test_starttls_auth_and_both_languages(smtp_server, messages) -> None:
    _, mailbox, _ = smtp_server
    batch = messages(2) + messages(1, lang="en", start=3)
    results = provider(smtp_server).send_batch(batch)
    assert [r.status for r in results] == [SENT] * 3
    assert len(mailbox.received) == 3
    assert len(mailbox.sessions) == 1, "one connection for the whole batch"
    for message, (rcpt, raw) in zip(batch, mailbox.received, strict=True):
        parsed = message_from_bytes(raw, policy=default)
        assert rcpt == [message.email]
        assert parsed["To"] == message.to
        assert parsed["Subject"] == message.content.subject
        assert parsed["Content-Language"] == message.content.lang
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert parsed["List-Unsubscribe"] == message.list_unsubscribe
        assert parsed["Message-ID"] == message.message_id
        assert parsed.get_content_type() == "multipart/alternative"
        text = parsed.get_body(("plain",)).get_content()
        html_body = parsed.get_body(("html",)).get_content()
        assert message.values["salutation"] in text
        assert "Nummer" in html_body and "&amp; Co," in html_body
    english = message_from_bytes(mailbox.received[2][1], policy=default)
    assert "founders" in english["Subject"]


def test_refused_recipients(smtp_server, contents) -> None:
    _, mailbox, _ = smtp_server
    batch = [
        copy_for(contents["de"], 1, "nobody@invalid.example.net"),
        copy_for(contents["de"], 2, "later@busy.example.net"),
        copy_for(contents["de"], 3),
    ]
    results = provider(smtp_server).send_batch(batch)
    assert [(r.status, r.suppress) for r in results] == [
        (FAILED, True),
        (RETRY, False),
        (SENT, False),
    ]
    assert [rcpt for rcpt, _ in mailbox.received] == [["person3@example.org"]]


def test_wrong_password_pauses(smtp_server, messages) -> None:
    with pytest.raises(PauseCampaign, match="SMTP_PASSWORD"):
        provider(smtp_server, password="falsch").send_batch(messages(1))


def test_untrusted_certificate_is_refused(smtp_server, messages) -> None:
    controller, mailbox, _ = smtp_server
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port)}
    results = SmtpProvider(Context(env=env)).send_batch(messages(1))
    assert [r.status for r in results] == [RETRY]
    assert "CERTIFICATE_VERIFY_FAILED" in results[0].error
    assert mailbox.received == []


def test_check(smtp_server) -> None:
    assert "STARTTLS" in provider(smtp_server).check("x@example.org")
