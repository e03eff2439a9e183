"""Per-recipient values filled into the compiled email."""

from __future__ import annotations

import pytest

from newsdesk.core import Recipient, Release, Workspace
from newsdesk.render import PLACEHOLDERS, RenderedEmail, render_release, salutation
from newsdesk.render.preview import preview_values


def _values(**changes: str) -> dict[str, str]:
    values = {
        "salutation": "Sehr geehrte Frau Dr. Weber,",
        "unsubscribe_url": "https://news.example.org/u/abc?list=1&x=2",
        "web_url": "https://news.example.org/archive/a/de",
        "preferences_url": "https://news.example.org/p/abc",
    }
    values.update(changes)
    return values


def test_fill_replaces_every_placeholder(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release, workspace)
    html, text = email.fill(_values())
    for filled in (html, text):
        assert "%%" not in filled
    assert "<p>Sehr geehrte Frau Dr. Weber,</p>" in html
    assert 'href="https://news.example.org/u/abc?list=1&amp;x=2"' in html
    assert 'href="https://news.example.org/archive/a/de"' in html
    assert 'href="https://news.example.org/p/abc"' in html
    assert "Sehr geehrte Frau Dr. Weber,\nnachfolgend" in text
    assert "Abmelden: https://news.example.org/u/abc?list=1&x=2" in text
    # the compiled email itself is unchanged, ready for the next recipient
    assert "%%salutation%%" in email.html


def test_html_values_are_escaped_text_values_raw() -> None:
    email = RenderedEmail(
        lang="de",
        subject="s",
        preheader="",
        html="<p>%%salutation%%</p>",
        text="%%salutation%%",
        mjml="",
    )
    html, text = email.fill({"salutation": 'Guten Tag <b>"Ärger" & Co</b>,'})
    assert html == "<p>Guten Tag &lt;b&gt;&quot;Ärger&quot; &amp; Co&lt;/b&gt;,</p>"
    assert text == 'Guten Tag <b>"Ärger" & Co</b>,'


def test_one_pass_does_not_refill_values() -> None:
    email = RenderedEmail(
        lang="de",
        subject="s",
        preheader="",
        html="%%salutation%% %%web_url%%",
        text="%%web_url%%",
        mjml="",
    )
    html, _ = email.fill({"salutation": "%%web_url%%", "web_url": "https://x.example"})
    assert html == "%%web_url%% https://x.example"


def test_provider_variables_as_values(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release, workspace)
    html, text = email.fill({name: f"%recipient.{name}%" for name in PLACEHOLDERS})
    assert 'href="%recipient.unsubscribe_url%"' in html
    assert "%recipient.salutation%" in text


def test_missing_value_is_an_error(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release, workspace)
    values = _values()
    del values["unsubscribe_url"]
    with pytest.raises(KeyError, match="unsubscribe_url"):
        email.fill(values)


def test_preview_values(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release.replace(lang="en"), workspace)
    person = Recipient(email="a@example.org", gender="f", last_name="Weber", title="Dr.")
    values = preview_values(workspace, email, person)
    assert values["salutation"] == salutation(person, "en") == "Dear Dr Weber,"
    assert values["web_url"] == "https://newsletter.example.org/archive/en/foerderpreis-2026/"
    assert preview_values(workspace, email)["salutation"] == "Dear Sir or Madam,"
