"""The .eml message parses with Python's email package and carries both parts."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest

from newsdesk.core import Release, Workspace
from newsdesk.render import build_mime, render_release


def test_message_round_trips(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release, workspace)
    html, text = email.fill(
        {
            "salutation": "Sehr geehrte Frau Dr. Weber,",
            "unsubscribe_url": "https://news.example.org/u/t",
            "web_url": "https://news.example.org/w",
            "preferences_url": "https://news.example.org/p",
        }
    )
    sent = datetime(2026, 11, 28, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    message = build_mime(
        html,
        text,
        email.subject,
        "Wirtschaftsförderung Musterstadt <presse@musterstadt.example>",
        "Dr. Anna Weber <anna.weber@example.org>",
        reply_to="presse@musterstadt.example",
        headers={"List-Unsubscribe": "<https://news.example.org/u/t>"},
        date=sent,
        lang="de",
    )
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Musterstadt vergibt Gründungspreis 2026"
    assert parsed["From"].addresses[0].display_name == "Wirtschaftsförderung Musterstadt"
    assert parsed["From"].addresses[0].addr_spec == "presse@musterstadt.example"
    assert parsed["To"].addresses[0].addr_spec == "anna.weber@example.org"
    assert parsed["Reply-To"] == "presse@musterstadt.example"
    assert parsedate_to_datetime(parsed["Date"]) == sent
    assert parsed["Message-ID"].endswith("@musterstadt.example>")
    assert parsed["Content-Language"] == "de"
    assert parsed["List-Unsubscribe"] == "<https://news.example.org/u/t>"
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert parts[0].get_content() == text
    assert parts[1].get_content() == html
    assert all(len(line) <= 998 for line in message.as_bytes().splitlines())


def test_own_headers_cannot_be_overridden() -> None:
    with pytest.raises(ValueError, match="Subject"):
        build_mime("<p>x</p>", "x", "s", "a@example.org", "b@example.org", headers={"Subject": "y"})


def test_content_language_is_on_the_message_not_on_a_part() -> None:
    message = build_mime(
        "<p>Hallo</p>",
        "Hallo",
        "Betreff",
        "presse@musterstadt.example",
        "anna.weber@example.org",
        headers={"List-Unsubscribe": "<https://news.example.org/u/t>"},
        lang="en",
    )
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed.get_all("Content-Language") == ["en"]
    for part in parsed.iter_parts():
        assert part["Content-Language"] is None, part.get_content_type()
