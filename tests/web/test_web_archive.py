"""The archive: published releases only, web versions, Atom feeds, media, content escaped;
``newsdesk publish`` writes the same pages as static files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli, main

SLUG = "innovationspreis-2026"
ATOM = "{http://www.w3.org/2005/Atom}"


def _release(site, name: str, front: str, title: str) -> Path:  # type: ignore[no-untyped-def]
    path = site.releases_dir / name
    path.write_text(
        f"---\n{front}---\n\n# {title}\n\nMusterstadt, 1. Dezember 2026 – Ein kurzer Text.\n",
        encoding="utf-8",
    )
    return path


def test_lists_published_releases_and_serves_their_web_version(site, client):
    _release(site, "kuenftig.de.md", "embargo: 2099-01-01T10:00:00+01:00\n", "Noch gesperrt")
    _release(site, "entwurf.de.md", "status: draft\n", "Ein Entwurf")
    index = client.get("/archive/de/")
    assert index.status_code == 200
    assert "Innovationspreis 2026" in index.text and f'href="{SLUG}/"' in index.text
    assert "Noch gesperrt" not in index.text and "Ein Entwurf" not in index.text
    page = client.get(f"/archive/de/{SLUG}/")
    assert page.status_code == 200 and "Wasserstoff" in page.text
    english = client.get(f"/archive/en/{SLUG}/")
    assert english.status_code == 200 and 'lang="en"' in english.text
    assert client.get("/archive/de/kuenftig/").status_code == 404
    assert client.get("/archive/de/entwurf/").status_code == 404
    assert client.get("/archive/fr/").status_code == 404
    assert client.get("/archive/de/nichts-davon/").status_code == 404


def test_the_slug_language_form_of_render_and_deliver_redirects(client):
    response = client.get(f"/archive/{SLUG}/en")
    assert response.status_code == 301 and response.location.endswith(f"/archive/en/{SLUG}/")


def test_atom_feed_per_language(client):
    response = client.get("/archive/en/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"/archive/en/{SLUG}/")


def test_script_in_a_title_is_shown_as_text(site, client):
    _release(site, "boese.de.md", "slug: boese\n", "Preis <script>alert(1)</script> & mehr")
    for url in ("/archive/de/", "/archive/de/boese/", "/archive/de/feed.atom", "/"):
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, url
    ET.fromstring(client.get("/archive/de/feed.atom").data)  # still well-formed


def test_media_of_published_releases_only_and_never_outside(site, client):
    image = client.get(f"/media/{SLUG}/media/preisverleihung.png")
    assert image.status_code == 200 and image.data[:4] == b"\x89PNG"
    assert client.get(f"/media/{SLUG}/../newsdesk.toml").status_code == 404
    assert client.get(f"/media/{SLUG}/%2e%2e/newsdesk.toml").status_code == 404
    assert client.get(f"/media/{SLUG}/media/missing.png").status_code == 404
    # a file beside the release that it does not show: another release under embargo
    _release(site, "geheim.de.md", "embargo: 2099-01-01T10:00:00+01:00\n", "Geheim")
    (site.releases_dir / "media" / "intern.png").write_bytes(b"\x89PNG internal")
    assert client.get(f"/media/{SLUG}/geheim.de.md").status_code == 404
    assert client.get(f"/media/{SLUG}/media/intern.png").status_code == 404
    assert client.get(f"/media/{SLUG}/./media/preisverleihung.png").status_code == 200


def test_publish_writes_the_same_archive_as_static_files(site, client, tmp_path):
    out = tmp_path / "site" / "newsroom"
    result = CliRunner().invoke(cli, ["--workspace", str(site.root), "publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "archive/de/index.html").read_bytes() == client.get("/archive/de/").data
    assert (out / f"archive/en/{SLUG}/index.html").read_bytes() == client.get(
        f"/archive/en/{SLUG}/"
    ).data
    assert (out / "archive/en/feed.atom").is_file()
    assert (out / f"media/{SLUG}/media/preisverleihung.png").is_file()
    again = CliRunner().invoke(cli, ["--workspace", str(site.root), "publish", "--out", str(out)])
    assert again.exit_code == 0, again.output


def _main(capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    try:
        main(list(args))
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_publish_refuses_a_foreign_folder(site, tmp_path, capsys):
    out = tmp_path / "website"
    out.mkdir()
    (out / "index.html").write_text("the organisation's own page", encoding="utf-8")
    status, output = _main(capsys, "--workspace", str(site.root), "publish", "--out", str(out))
    assert status == 2
    assert "not empty" in output and "Traceback" not in output
    assert (out / "index.html").read_text(encoding="utf-8") == "the organisation's own page"


def test_publish_names_the_release_files_it_left_out(site, tmp_path, capsys):
    broken = site.releases_dir / "kaputt.de.md"
    broken.write_text("---\ntitle: [offen\n---\nText\n", encoding="utf-8")
    out = tmp_path / "website"
    status, output = _main(capsys, "--workspace", str(site.root), "publish", "--out", str(out))
    assert status == 1
    assert f"left out: {broken}:2: " in output and "Traceback" not in output
    assert (out / f"archive/de/{SLUG}/index.html").is_file()  # the others are published


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_serve_on_another_address_needs_the_admin_token(site, host, monkeypatch, capsys):
    monkeypatch.delenv("NEWSDESK_ADMIN_TOKEN", raising=False)
    status, output = _main(capsys, "--workspace", str(site.root), "serve", "--host", host)
    assert status == 2 and "NEWSDESK_ADMIN_TOKEN" in output


def test_request_log_hides_tokens_and_addresses():
    from newsdesk.web.serving import redact

    line = redact('"POST /u/WzEsMiwzXQ.abc.def HTTP/1.1" 200 -')
    assert "WzEsMiwzXQ" not in line and "/u/…" in line
    assert redact("GET /hooks/brevo?token=s3cret HTTP/1.1") == "GET /hooks/brevo?token=… HTTP/1.1"
    shown = redact("GET /preview/x/en/html?v=1&contact=anna@example.org HTTP/1.1")
    assert "anna@" not in shown and "v=1" in shown
    assert redact("GET /confirm/abc.def/ HTTP/1.1") == "GET /confirm/…/ HTTP/1.1"
