"""Staff preview through the Flask test client: access, CSRF, both languages,
personalisation, inbox line and size, checks, a broken template and its recovery."""

from __future__ import annotations

import re

from newsdesk.core.theme import default_templates_dir
from newsdesk.web import create_app

SLUG = "innovationspreis-2026"


def test_release_list_shows_translation_status_and_checks(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Innovationspreis 2026" in page.text
    assert re.search(r"en: <span class=\"badge \w+\">\d+/\d+", page.text)
    assert "errors</span>" in page.text and "warnings</span>" in page.text


def test_both_languages_personalised(client, sent):
    page = client.get(f"/preview/{SLUG}/")
    assert page.status_code == 200
    assert 'id="pane-de"' in page.text and 'id="pane-en"' in page.text
    german = client.get(f"/preview/{SLUG}/de/html?recipient=weber").text
    assert "Sehr geehrte Frau Dr. Weber," in german
    assert (
        "Sehr geehrter Herr Yilmaz," in client.get(f"/preview/{SLUG}/de/html?recipient=yilmaz").text
    )
    english = client.get(f"/preview/{SLUG}/en/html?recipient=collins").text
    assert 'lang="en"' in english and "Dr Collins" in english
    text = client.get(f"/preview/{SLUG}/de/text?recipient=schmidt")
    assert text.mimetype == "text/plain" and "Alex Schmidt" in text.text
    source = client.get(f"/preview/{SLUG}/de/source")
    assert "<mjml" in source.text
    real = client.get(f"/preview/{SLUG}/en/html?contact=john.miller@example.org").text
    assert "Miller" in real
    assert client.get(f"/preview/{SLUG}/en/html?contact=nobody@example.org").status_code == 404


def test_info_has_inbox_line_size_and_findings(client):
    data = client.get(f"/preview/{SLUG}/de/info?recipient=weber").json
    assert data["subject"].startswith("Innovationspreis 2026 geht an")
    assert data["preheader"] and data["size"] > 1000 and data["limit"] == 102 * 1024
    assert data["clipped"] is False and isinstance(data["findings"], list)


def test_unknown_release_is_404(client):
    assert client.get("/preview/gibt-es-nicht/").status_code == 404
    assert client.get(f"/preview/{SLUG}/fr/html").status_code == 404


def test_broken_template_shows_file_and_line_and_recovers(site, client):
    site.templates_dir.mkdir(exist_ok=True)
    broken = site.templates_dir / "release.mjml.j2"
    original = (default_templates_dir() / "release.mjml.j2").read_text(encoding="utf-8")
    lines = original.splitlines()
    lines.insert(4, "{% if release.title %}")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = client.get(f"/preview/{SLUG}/de/html")
    assert page.status_code == 200
    assert "release.mjml.j2" in page.text and re.search(r"release\.mjml\.j2:\d+", page.text)
    assert client.get(f"/preview/{SLUG}/de/info").json["error"]
    broken.write_text(original, encoding="utf-8")
    assert "Sehr geehrte" in client.get(f"/preview/{SLUG}/de/html").text
    assert client.get(f"/preview/{SLUG}/de/info").json["error"] == ""


def test_staff_pages_refuse_other_addresses_without_a_token(client):
    response = client.get("/", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 403
    public = client.get("/archive/de/", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert public.status_code == 200


def test_login_with_the_admin_token_and_csrf(site):
    app = create_app(site, admin_token="staff-token-0123456789")
    client = app.test_client()
    first = client.get("/", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert first.status_code == 302 and "/login" in first.location
    login = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
    assert client.post("/login", data={"token": "staff-token-0123456789"}).status_code == 400
    wrong = client.post("/login", data={"token": "guess", "csrf": csrf})
    assert wrong.status_code == 401
    right = client.post("/login", data={"token": "staff-token-0123456789", "csrf": csrf})
    assert right.status_code == 302
    assert client.get("/", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200


def test_wrong_tokens_lock_the_address_out_for_a_while(site):
    from newsdesk.web.throttle import MAX_FAILURES, LoginThrottle

    app = create_app(site, admin_token="staff-token-0123456789")
    clock = [1000.0]
    app.extensions["newsdesk_login_throttle"] = LoginThrottle(clock=lambda: clock[0])
    guesser, colleague = app.test_client(), app.test_client()
    elsewhere = {"REMOTE_ADDR": "203.0.113.9"}

    def attempt(client, token, environ=None):
        page = client.get("/login", environ_base=environ or {})
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        return client.post(
            "/login", data={"token": token, "csrf": csrf}, environ_base=environ or {}
        )

    for _ in range(MAX_FAILURES):
        assert attempt(guesser, "guess").status_code == 401
    locked = attempt(guesser, "staff-token-0123456789")
    assert locked.status_code == 429 and "Too many wrong tokens" in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert attempt(colleague, "staff-token-0123456789", elsewhere).status_code == 302

    clock[0] += 15 * 60 + 1
    assert attempt(guesser, "staff-token-0123456789").status_code == 302


def test_send_test_needs_the_csrf_token(client, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSDESK_OUTBOX", str(tmp_path / "outbox"))
    refused = client.post(f"/preview/{SLUG}/send-test", data={"address": "me@example.org"})
    assert refused.status_code == 400
    assert not (tmp_path / "outbox").exists()
    page = client.get(f"/preview/{SLUG}/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    sent = client.post(
        f"/preview/{SLUG}/send-test", data={"address": "me@example.org", "csrf": csrf}
    )
    assert sent.status_code == 302
    messages = list((tmp_path / "outbox").rglob("*.eml"))
    assert len(messages) == 2
    assert "Test sent to me@example.org" in client.get(f"/preview/{SLUG}/").text


def _test_mails(client, tmp_path, monkeypatch, status=302, **form):
    """Post the send-test form as the page renders it; the messages that left, decoded."""
    from email import message_from_bytes, policy

    monkeypatch.setenv("NEWSDESK_OUTBOX", str(tmp_path / "outbox"))
    page = client.get(f"/preview/{SLUG}/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    data = {"address": "me@example.org", "csrf": csrf, **form}
    assert client.post(f"/preview/{SLUG}/send-test", data=data).status_code == status
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted((tmp_path / "outbox").rglob("*.eml"))
    ]


def _bodies(message) -> str:
    return "".join(part.get_content() for part in message.walk() if not part.is_multipart())


def test_send_test_sends_the_shown_language_to_the_picked_recipient(client, tmp_path, monkeypatch):
    page = client.get(f"/preview/{SLUG}/?recipient=weber").text
    assert 'name="lang"' in page and 'name="recipient" value="weber"' in page
    (message,) = _test_mails(client, tmp_path, monkeypatch, lang="de", recipient="weber")
    assert message["Subject"].startswith("[TEST]")
    assert message["To"] == "me@example.org"
    body = _bodies(message)
    assert "Sehr geehrte Frau Dr. Weber," in body
    assert "Dear" not in body and "Sehr geehrte Damen und Herren" not in body
    assert "(de)" in client.get(f"/preview/{SLUG}/?recipient=weber").text


def test_send_test_sends_both_languages_as_shown(client, tmp_path, monkeypatch):
    messages = _test_mails(client, tmp_path, monkeypatch, lang="", recipient="collins")
    assert len(messages) == 2
    assert all(message["Subject"].startswith("[TEST]") for message in messages)
    bodies = [_bodies(message) for message in messages]
    assert any("Dear Dr Collins," in body for body in bodies)
    assert any("Sehr geehrte Frau Dr. Collins," in body for body in bodies)


def test_send_test_greets_a_real_contact(client, sent, tmp_path, monkeypatch):
    (message,) = _test_mails(
        client, tmp_path, monkeypatch, lang="en", contact="john.miller@example.org"
    )
    assert message["To"] == "me@example.org"
    assert "Miller" in _bodies(message)


def test_send_test_refuses_a_language_not_shown(client, tmp_path, monkeypatch):
    assert _test_mails(client, tmp_path, monkeypatch, status=404, lang="fr") == []


def test_preview_shows_images_from_the_release_folder(client):
    html = client.get(f"/preview/{SLUG}/de/html").text
    src = f"/preview/{SLUG}/media/media/preisverleihung.png"
    assert src in html
    image = client.get(src)
    assert image.status_code == 200 and image.data[:4] == b"\x89PNG"
    assert client.get(f"/preview/{SLUG}/media/../newsdesk.toml").status_code == 404
    assert client.get(f"/preview/{SLUG}/media/%2e%2e/newsdesk.toml").status_code == 404
