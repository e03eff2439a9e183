"""The default theme rendered through MJML: content, labels, languages, privacy."""

from __future__ import annotations

import re

import pytest

from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.render import PLACEHOLDERS, render_release
from newsdesk.render.compose import media_url, preheader


def test_german_email_has_every_part(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release, workspace)
    html = email.html
    assert re.search(r'<html[^>]* lang="de"', html)
    assert "PRESSEMITTEILUNG" in html
    assert "Sperrfrist: 1. Dezember 2026, 10:00 MEZ" in html
    assert "Musterstadt vergibt <strong>Gründungspreis</strong> 2026" in html
    assert "Zwölf Start-ups aus der Region im Finale" in html
    assert "<strong>Musterstadt, 28. November 2026 –</strong> Die Wirtschaftsförderung" in html
    assert "„Diese Gründerinnen und Gründer zeigen, was in der Region steckt“" in html
    assert "Dr. Anna Weber, Oberbürgermeisterin" in html
    assert "<li>Kategorie Digital &amp; Daten</li>" in html
    assert "Die Preisträgerinnen und Preisträger 2026" in html
    assert "Foto: Stadt Musterstadt/J. Beispiel" in html
    assert 'href="https://www.musterstadt.example/preis"' in html
    assert "Zur Preisverleihung" in html
    assert "Pressekontakt" in html and 'href="mailto:presse@musterstadt.example"' in html
    assert "Über die Wirtschaftsförderung Musterstadt" in html
    assert "berät Unternehmen &lt;und&gt; Gründende" in html
    assert 'href="https://www.example.org/impressum"' in html and ">Impressum</a>" in html
    assert ">Datenschutz</a>" in html and "Musterstraße 1, 12345 Musterstadt" in html
    assert 'href="%%unsubscribe_url%%"' in html and ">Abmelden</a>" in html
    assert 'href="%%web_url%%"' in html and "im Browser ansehen" in html
    assert "%%salutation%%" in html
    assert email.placeholders == set(PLACEHOLDERS)
    assert "<mjml" not in html and "<mj-" not in html


def test_english_labels_and_quotes(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release.replace(lang="en"), workspace)
    assert re.search(r'<html[^>]* lang="en"', email.html)
    assert "PRESS RELEASE" in email.html
    assert "Embargoed until 1 December 2026, 10:00 CET" in email.html
    assert "“Diese Gründerinnen" in email.html
    assert "Photo: Stadt Musterstadt/J. Beispiel" in email.html
    assert ">Unsubscribe</a>" in email.html and ">Imprint</a>" in email.html
    assert "Press contact" in email.text and "Unsubscribe: %%unsubscribe_url%%" in email.text


def test_kind_is_translated(full_release: Release, workspace: Workspace) -> None:
    invitation = full_release.replace(kind="Presseeinladung")
    assert "PRESSEEINLADUNG" in render_release(invitation, workspace).html
    assert "PRESS INVITATION" in render_release(invitation.replace(lang="en"), workspace).html


def test_plain_text_part(full_release: Release, workspace: Workspace) -> None:
    text = render_release(full_release, workspace).text
    assert text.startswith("Diese E-Mail im Browser ansehen: %%web_url%%\n")
    assert "%%salutation%%\nnachfolgend erhalten Sie" in text
    assert "Musterstadt vergibt Gründungspreis 2026\n=====" in text
    assert "„Diese Gründerinnen und Gründer zeigen, was in der Region steckt“" in text
    assert "* Kategorie Digital & Daten" in text
    assert "Foto: Stadt Musterstadt/J. Beispiel" in text
    assert "https://newsletter.example.org/media/foerderpreis-2026/bilder/preistraeger.jpg" in text
    assert "<und>" in text and "<p>" not in text
    assert "Abmelden: %%unsubscribe_url%%" in text
    assert all(len(line) <= 76 or "://" in line for line in text.splitlines())


def test_no_third_party_resources(full_release: Release, workspace: Workspace) -> None:
    html = render_release(full_release, workspace).html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "@import" not in html and "<link" not in html and "<script" not in html
    sources = re.findall(r'\ssrc="([^"]*)"', html)
    assert sources == [
        "https://newsletter.example.org/media/foerderpreis-2026/bilder/preistraeger.jpg"
    ]
    assert "-apple-system" in html


def test_logo_replaces_the_brand_text(full_release: Release, workspace: Workspace) -> None:
    config_path = workspace.root / "newsdesk.toml"
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace('logo = ""', 'logo = "logo.png"'),
        encoding="utf-8",
    )
    html = render_release(full_release, Workspace.open(workspace.root)).html
    assert 'src="https://newsletter.example.org/brand/logo.png"' in html
    assert 'alt="Wirtschaftsförderung Musterstadt"' in html


def test_subject_and_preheader(full_release: Release, workspace: Workspace) -> None:
    email = render_release(full_release, workspace)
    assert email.subject == "Musterstadt vergibt Gründungspreis 2026"
    assert email.preheader == (
        "Die Wirtschaftsförderung Musterstadt hat am Freitag zwölf Start-ups ausgezeichnet."
    )
    assert email.preheader in email.html
    assert preheader(full_release.replace(teaser="Zwölf Preise, ein Abend.")) == (
        "Zwölf Preise, ein Abend."
    )


def test_preheader_skips_abbreviations_and_dates() -> None:
    release = Release(slug="x", title="T")
    release.blocks.append(
        __import__("newsdesk.core", fromlist=["Block"]).Block(
            "paragraph", text="Am 28. November sprach Dr. Weber im Rathaus. Danach gab es Kaffee."
        )
    )
    assert preheader(release) == "Am 28. November sprach Dr. Weber im Rathaus."


def test_media_urls() -> None:
    base = "https://news.example.org"
    assert media_url(base, "a-b", "bild 1.jpg") == "https://news.example.org/media/a-b/bild%201.jpg"
    assert media_url(base, "a", "./img/x.png") == "https://news.example.org/media/a/img/x.png"
    assert media_url(base, "a", "https://cdn.example.org/x.png") == "https://cdn.example.org/x.png"
    with pytest.raises(NewsdeskError, match="outside the release's media folder"):
        media_url(base, "a", "../../etc/passwd")
    with pytest.raises(NewsdeskError, match="an image has no file"):
        media_url(base, "a", " ", place="releases/a.md")


def test_accent_colour_must_be_a_colour(full_release: Release, workspace: Workspace) -> None:
    config_path = workspace.root / "newsdesk.toml"
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace("#0b5a7a", "red;} body {x:y"),
        encoding="utf-8",
    )
    with pytest.raises(NewsdeskError, match="accent_color") as caught:
        render_release(full_release, Workspace.open(workspace.root))
    assert caught.value.place and caught.value.place.endswith("newsdesk.toml")


def test_accent_colour_reaches_the_html(full_release: Release, workspace: Workspace) -> None:
    assert "#0b5a7a" in render_release(full_release, workspace).html


def test_workspace_template_overrides_by_name(full_release: Release, workspace: Workspace) -> None:
    (workspace.templates_dir / "release.txt.j2").write_text(
        "{{ _('Unsubscribe') }} – {{ release.title|plain }}\n", encoding="utf-8"
    )
    email = render_release(full_release, workspace)
    assert email.text == "Abmelden – Musterstadt vergibt Gründungspreis 2026\n"
    assert "PRESSEMITTEILUNG" in email.html
