"""A language's content: what every recipient shares is written in once."""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pytest
from deliver_fakes.mail import BASE, LINKS, copy_for

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
        links=LINKS,
    )
    assert "web_url" not in content.html_names + content.text_names
    message = copy_for(content, 3)

    html_body, text_body = message.bodies()
    assert "/archive/de/a&amp;b/" in html_body and "/archive/de/a&b/" not in html_body
    assert web_url in text_body
    assert "Sehr geehrte Frau Nummer3 &amp; Co," in html_body

    with_variables = content.with_variables(variable)
    assert "/archive/de/a&amp;b/" in with_variables[0] and web_url in with_variables[1]
    assert "%recipient.web_url" not in "".join(with_variables)
    assert "%recipient.salutation_html%" in with_variables[0]
    assert set(message.variables()) == {"delivery_id", "salutation", "salutation_html", "token"}


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
    message.salutation = salutation
    assert json.loads(message.variables_json()) == message.variables()
    assert message.variables()["salutation_html"] == html.escape(salutation, quote=True)


@pytest.mark.parametrize(
    "prefix",
    [f"{BASE}/u/", 'https://presse.musterstadt.example/news?a=1&b="2"&u='],
)
def test_links_are_their_prefix_and_the_recipients_token(contents, prefix: str) -> None:
    """The prefix is written into the static parts (escaped in the HTML), the token is
    the recipient's own value: one variable for both links."""
    content = replace(contents["de"], links={**LINKS, "unsubscribe_url": prefix})
    assert "unsubscribe_url" not in content.html_names + content.text_names
    message = copy_for(content, 5)
    html_body, text_body = message.bodies()
    assert f"{prefix}token5" in text_body and f"{BASE}/p/token5" in text_body
    assert f'href="{html.escape(prefix)}token5"' in html_body
    assert message.link("unsubscribe_url") == f"{prefix}token5"
    assert message.list_unsubscribe.startswith(f"<{prefix}token5>, <mailto:")

    assert json.loads(message.variables_json()) == message.variables()
    assert message.variables()["token"] == "token5"
    with_html, with_text = content.with_variables(variable)
    assert f'href="{html.escape(prefix)}%recipient.token%"' in with_html
    assert f"{BASE}/p/%recipient.token%" in with_text
