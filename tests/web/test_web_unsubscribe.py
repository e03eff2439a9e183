"""Unsubscribe: GET changes nothing, POST (the form and RFC 8058 one-click, both body
encodings, over real HTTP) unsubscribes with 200 and no redirect; forged tokens are 400."""

from __future__ import annotations

import re

import requests
import sqlalchemy as sa

from newsdesk.audience.tables import consent_events, memberships


def _subscribed(sent, email: str) -> list[str]:  # type: ignore[no-untyped-def]
    with sent.store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(memberships.c.status).where(memberships.c.contact_id == sent.contact[email])
        ).all()
    return [row.status for row in rows]


def test_get_shows_confirmation_in_recipients_language_and_changes_nothing(sent, client):
    german = client.get(f"/u/{sent.token['anna.weber@example.org']}")
    english = client.get(f"/u/{sent.token['john.miller@example.org']}")
    assert german.status_code == 200 and english.status_code == 200
    assert 'lang="de"' in german.text and "Abmelden" in german.text
    assert 'lang="en"' in english.text and "Unsubscribe" in english.text
    assert not sent.store.is_suppressed("anna.weber@example.org")
    assert _subscribed(sent, "anna.weber@example.org") == ["subscribed", "subscribed"]
    assert "Set-Cookie" not in german.headers


def test_form_post_unsubscribes(sent, client):
    response = client.post(f"/u/{sent.token['anna.weber@example.org']}", data={})
    assert response.status_code == 200
    assert "abgemeldet" in response.text
    assert sent.store.is_suppressed("anna.weber@example.org")
    assert set(_subscribed(sent, "anna.weber@example.org")) == {"unsubscribed"}
    assert not sent.store.is_suppressed("cem.yilmaz@example.org")


def test_one_click_over_http_urlencoded(sent, server):
    token = sent.token["john.miller@example.org"]
    response = requests.post(
        f"{server.url}/u/{token}",
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 200
    assert "set-cookie" not in {k.lower() for k in response.headers}
    assert sent.store.is_suppressed("john.miller@example.org")
    with sent.store.engine.connect() as connection:
        kinds = connection.scalars(
            sa.select(consent_events.c.source).where(
                consent_events.c.contact_id == sent.contact["john.miller@example.org"],
                consent_events.c.kind == "withdrawn",
            )
        ).all()
    assert kinds == ["one-click unsubscribe"]


def test_one_click_over_http_multipart(sent, server):
    token = sent.token["cem.yilmaz@example.org"]
    response = requests.post(
        f"{server.url}/u/{token}",
        files={"List-Unsubscribe": (None, "One-Click")},
        allow_redirects=False,
        timeout=10,
    )
    assert response.request.headers["Content-Type"].startswith("multipart/form-data")
    assert response.status_code == 200
    assert sent.store.is_suppressed("cem.yilmaz@example.org")
    assert not sent.store.is_suppressed("anna.weber@example.org")


def test_one_click_twice_is_still_200(sent, server):
    url = f"{server.url}/u/{sent.token['anna.weber@example.org']}"
    for _ in range(2):
        response = requests.post(url, data={"List-Unsubscribe": "One-Click"}, timeout=10)
        assert response.status_code == 200


def test_forged_and_tampered_tokens_are_400_and_change_nothing(sent, client, server):
    good = sent.token["anna.weber@example.org"]
    tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    from newsdesk.deliver import TokenMaker

    delivery = sent.delivery["anna.weber@example.org"]
    contact = sent.contact["anna.weber@example.org"]
    forged = TokenMaker(secret="not-our-secret").make(delivery, contact, sent.campaign_id)
    other = TokenMaker(sent.workspace.root).make(delivery + 1, contact, sent.campaign_id)
    swapped = other.rpartition(".")[0] + "." + good.rpartition(".")[2]  # another's ids, our MAC
    for token in (tampered, forged, swapped, "nonsense", good.rpartition(".")[0]):
        assert client.get(f"/u/{token}").status_code == 400
        assert client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 400
        response = requests.post(
            f"{server.url}/u/{token}", data={"List-Unsubscribe": "One-Click"}, timeout=10
        )
        assert response.status_code == 400
    for email in sent.contact:
        assert not sent.store.is_suppressed(email)


def test_preferences_switch_language_and_leave_one_list(sent, client):
    token = sent.token["anna.weber@example.org"]
    page = client.get(f"/p/{token}")
    assert page.status_code == 200 and "Presseverteiler" in page.text
    response = client.post(f"/p/{token}", data={"language": "en", "list": ["presse"]})
    assert response.status_code == 200
    assert 'lang="en"' in response.text
    contact = sent.store.contact(sent.contact["anna.weber@example.org"])
    assert contact is not None and contact.lang == "en"
    assert sent.store.is_suppressed("anna.weber@example.org", "mitglieder")
    assert not sent.store.is_suppressed("anna.weber@example.org", "presse")
    assert client.post("/p/forged.token.here", data={"language": "en"}).status_code == 400


def test_a_language_chosen_on_the_preferences_page_outlasts_the_next_import(sent, client, tmp_path):
    from newsdesk.audience import import_contacts

    token = sent.token["anna.weber@example.org"]
    response = client.post(f"/p/{token}", data={"language": "en", "list": ["presse"]})
    assert response.status_code == 200
    crm = tmp_path / "crm.csv"
    crm.write_text("E-Mail;Sprache\nanna.weber@example.org;Deutsch\n", encoding="utf-8")
    report = import_contacts(
        sent.store, crm, "presse", languages=("de", "en"), default_language="de"
    )
    assert report.languages_kept == 1
    contact = sent.store.contact(sent.contact["anna.weber@example.org"])
    assert contact is not None and contact.lang == "en"


def test_double_opt_in_confirmation_records_time_and_ip(sent, client):
    from newsdesk.audience import invite

    invitation = invite(
        sent.store, "neu@example.org", "presse", {"language": "en"}, default_language="de"
    )
    page = client.get(f"/confirm/{invitation.token}")
    assert page.status_code == 200 and 'lang="en"' in page.text
    assert not any(r.email == "neu@example.org" for r in sent.store.audience(["presse"]))
    done = client.post(f"/confirm/{invitation.token}", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert done.status_code == 200
    assert any(r.email == "neu@example.org" for r in sent.store.audience(["presse"]))
    with sent.store.engine.connect() as connection:
        row = connection.execute(
            sa.select(consent_events.c.ip, consent_events.c.created_at).where(
                consent_events.c.kind == "confirmed"
            )
        ).one()
    assert row.ip == "203.0.113.9" and row.created_at is not None
    assert client.get(f"/confirm/{invitation.token}x").status_code == 400


def test_unsubscribe_when_the_delivery_row_is_gone(sent, client):
    from newsdesk.deliver.tables import campaigns

    with sent.store.engine.begin() as connection:
        connection.execute(campaigns.delete().where(campaigns.c.id == sent.campaign_id))
    response = client.post(
        f"/u/{sent.token['cem.yilmaz@example.org']}", data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert sent.store.is_suppressed("cem.yilmaz@example.org")


def test_a_test_copys_links_change_no_contact(sent, client):
    """A test send's copies have no ledger rows: their deliveries are numbered from 0, like
    a real campaign's first rows, and their links must not reach those rows' contacts."""
    from email import message_from_bytes

    from newsdesk.deliver import make_provider
    from newsdesk.deliver.trials import send_test
    from newsdesk.ingest import read_release

    release = read_release(sent.workspace.release_files()[0])
    provider = make_provider("outbox", sent.workspace)
    report = send_test(sent.workspace, release, "redaktion@example.org", provider, fallback=True)
    copies = sorted((sent.workspace.root / "outbox").glob(f"{report.campaign_id}-test/*.eml"))
    assert len(copies) == 2
    tokens = []
    for copy in copies:
        header = message_from_bytes(copy.read_bytes())["List-Unsubscribe"]
        tokens.append(re.search(r"/u/([^>]+)>", header).group(1))
    assert {int(token.split(".")[0]) for token in tokens} & set(sent.delivery.values())

    languages = {email: sent.store.find(email).lang for email in sent.contact}
    for token in tokens:
        assert client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
        assert client.post(f"/p/{token}", data={"language": "en"}).status_code == 200
    for email in sent.contact:
        assert not sent.store.is_suppressed(email)
        assert set(_subscribed(sent, email)) == {"subscribed"}
        assert sent.store.find(email).lang == languages[email]
