"""A language's content: what every recipient shares is written in once."""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pytest
from deliver_fakes.mail import copy_for

from newsdesk.deliver.message import Content
from newsdesk.deliver.providers.mailgun import variable


def test_shared_values_are_in_the_static_parts_and_never_a_variable(rendered) -> None:
    web_url = "https://newsletter.musterstadt.example/archive/de/a&b/"
    content = Content(
        rendered=rendered["de"],
        campaign_id=7,
        sender_name="Stadt Musterstadt",
        sender_email="presse@musterstadt.example",
        shared={"web_url": web_url},
    )
    assert "web_url" not in content.html_names + content.text_names
    message = copy_for(content, 3)
    del message.values["web_url"]  # a campaign's recipients carry only their own values

    html_body, text_body = message.bodies()
    assert "/archive/de/a&amp;b/" in html_body and "/archive/de/a&b/" not in html_body
    assert web_url in text_body
    assert "Sehr geehrte Frau Nummer3 &amp; Co," in html_body

    with_variables = content.with_variables(variable)
    assert "/archive/de/a&amp;b/" in with_variables[0] and web_url in with_variables[1]
    assert "%recipient.web_url" not in "".join(with_variables)
    assert "%recipient.salutation_html%" in with_variables[0]
    assert set(message.variables()) == {
        "delivery_id",
        "salutation",
        "salutation_html",
        "unsubscribe_url",
        "unsubscribe_url_html",
        "preferences_url",
        "preferences_url_html",
    }


@pytest.mark.parametrize(
    "salutation",
    [
        "Sehr geehrter Herr Müller,",
        'Sehr geehrte Frau "Dr." Weber,',
        "Guten Tag Jana & Co,",
        "Hallo <Team>,",
        "Back\\slash,",
        "Zeile\neins,",
        "O'Brien,",
    ],
)
def test_variables_as_json_are_the_variables(contents, salutation: str) -> None:
    """Written out directly where nothing needs escaping, else encoded: the same either way."""
    message = copy_for(contents["de"], 4)
    message.values["salutation"] = salutation
    assert json.loads(message.variables_json()) == message.variables()
    assert message.variables()["salutation_html"] == html.escape(salutation, quote=True)


def test_links_are_sent_as_their_token_once(contents) -> None:
    base = "https://newsletter.musterstadt.example"
    content = replace(
        contents["de"], links={"unsubscribe_url": f"{base}/u/", "preferences_url": f"{base}/p/"}
    )
    message = copy_for(content, 5)
    assert json.loads(message.variables_json()) == message.variables()
    assert message.variables()["token"] == "token5"
    html_body, text_body = content.with_variables(variable)
    assert f"{base}/u/%recipient.token%" in html_body and f"{base}/p/%recipient.token%" in text_body
    message.values["preferences_url"] = f"{base}/p/another"
    with pytest.raises(ValueError, match="differ in token"):
        message.variables()
    with pytest.raises(ValueError, match="differ in token"):
        message.variables_json()
