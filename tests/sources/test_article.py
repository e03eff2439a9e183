from __future__ import annotations

from datetime import date

import pytest

from newsdesk.sources.article import NoArticle, decode_html, extract_article
from newsdesk.sources.dates import parse_german_date
from newsdesk.sources.drafts import slugify
from newsdesk.sources.page import article_links
from newsdesk.sources.store import parse_interval

from .newsroom import GRUENDERZENTRUM, article_page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Musterstadt, 28. November 2026 –", date(2026, 11, 28)),
        ("am 3. März 2026 in München", date(2026, 3, 3)),
        ("1. Dez. 2026", date(2026, 12, 1)),
        ("Stand: 28.11.2026", date(2026, 11, 28)),
        ("31. Februar 2026", None),
        ("© 2026 Stadt Musterstadt", None),
    ],
)
def test_german_dates(text: str, expected: date | None) -> None:
    assert parse_german_date(text) == expected


def test_declared_encodings() -> None:
    latin = "Gründerzentrum für Unternehmen – „neu“".encode("cp1252")
    assert decode_html(latin, "ISO-8859-1") == "Gründerzentrum für Unternehmen – „neu“"
    meta = b'<meta charset="iso-8859-1"><p>M\xfcnchen</p>'
    assert "München" in decode_html(meta, None)
    assert "München" in decode_html("<p>München</p>".encode(), None)
    assert "München" in decode_html(b"<p>M\xfcnchen</p>", "x-unknown")


def test_article_blocks_quote_image_and_dateline() -> None:
    page = article_page(
        "Neues Gründerzentrum eröffnet",
        [
            *GRUENDERZENTRUM[:2],
            'Mehr unter <a href="https://www.example.org/foerderung">Förderprogramme</a>.',
        ],
        dateline="Musterstadt, 28. November 2026",
        quote="„Wir wollen, dass gute Ideen hier bleiben“, sagt Dr. Anna Weber, "
        "Geschäftsführerin der Wirtschaftsförderung.",
        image="/bilder/halle.jpg",
    )
    release = extract_article(page, "https://www.example.org/presse/zentrum.html")
    assert release.title == "Neues Gründerzentrum eröffnet"
    assert release.date == date(2026, 11, 28)
    assert release.dateline == "Musterstadt, 28. November 2026 –"
    assert release.paragraphs()[:2] == GRUENDERZENTRUM[:2]
    assert release.paragraphs()[2] == (
        "Mehr unter [Förderprogramme](https://www.example.org/foerderung)."
    )
    assert [(link.url, link.text) for link in release.links] == [
        ("https://www.example.org/foerderung", "Förderprogramme")
    ]
    quote = next(block for block in release.blocks if block.type == "quote")
    assert (quote.text, quote.speaker, quote.role) == (
        "Wir wollen, dass gute Ideen hier bleiben",
        "Dr. Anna Weber",
        "Geschäftsführerin der Wirtschaftsförderung",
    )
    image = next(block for block in release.blocks if block.type == "image")
    assert image.src == "https://www.example.org/bilder/halle.jpg"
    assert image.alt == "Blick in die neue Halle"
    assert image.caption == "Blick in die neue Halle."
    assert image.credit == "Wirtschaftsförderung Musterstadt"
    assert release.status == "draft"


def test_a_page_without_an_article_is_named() -> None:
    with pytest.raises(NoArticle, match="no article"):
        extract_article(
            b"<html><body><nav><a href='/'>Start</a></nav></body></html>", "https://a.example/x"
        )


def test_listing_heuristic() -> None:
    listing = b"""<html><body><nav><a href="/presse/menu.html">Men\xc3\xbc</a></nav>
    <main><a href="/presse/">Presse</a><a href="/">Start</a>
    <article><a href="/presse/eins.html#top">Eins</a></article>
    <article><a href="eins.html">Eins nochmal</a><a href="zwei.html">Zwei</a></article>
    <article><a href="https://andere.example/drei.html">Fremd</a></article>
    <article><a href="/presse/bericht.pdf">PDF</a><a href="/presse/?seite=2">weiter</a></article>
    <article><a href="/service/kontakt.html">Kontakt</a></article>
    </main><footer><a href="/impressum">Impressum</a></footer></body></html>"""
    found = article_links(listing, "https://www.example.org/presse/", None, limit=20)
    assert found == [
        "https://www.example.org/presse/eins.html",
        "https://www.example.org/presse/zwei.html",
    ]
    assert article_links(listing, "https://www.example.org/presse/", None, limit=1) == found[:1]
    # Listed at /aktuelles/: the relative links lie below it, so the others do not count.
    assert article_links(listing, "https://www.example.org/aktuelles/", None, limit=20) == [
        "https://www.example.org/aktuelles/eins.html",
        "https://www.example.org/aktuelles/zwei.html",
    ]
    # No link below the listing's folder: every same-host article link counts.
    flat = b"""<html><body><main><a href="/meldung/a.html">A</a><a href="/meldung/b.html">B</a>
    </main></body></html>"""
    assert article_links(flat, "https://www.example.org/aktuelles/", None, limit=20) == [
        "https://www.example.org/meldung/a.html",
        "https://www.example.org/meldung/b.html",
    ]


def test_slugs_and_intervals() -> None:
    assert slugify("Neues Gründerzentrum eröffnet: Süßes & Saures") == (
        "neues-gruenderzentrum-eroeffnet-suesses-saures"
    )
    assert len(slugify("Wort " * 40)) <= 60
    assert slugify("„“") == "release"
    assert parse_interval("15m") == 900
    assert parse_interval("1h30m") == 5400
    assert parse_interval("1d") == 86400


CITY_PAGE = """<!DOCTYPE html><html lang="de"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Pressemitteilung: Wärmenetz - Stadt Musterstadt</title>
<meta name="description" content="Die Stadtwerke bauen das Fernwärmenetz aus.">
</head><body>
<div id="top"><a href="#content">Zum Inhalt springen</a></div>
<div class="breadcrumb"><a href="/">Startseite</a> &gt; <a href="/presse/">Presse</a></div>
<div id="content"><div class="pressemitteilung">
<span class="datum">Freitag, 27.11.2026</span>
<h1>Stadtwerke investieren 40 Millionen Euro in das Wärmenetz</h1>
<p>Musterstadt, 27. November 2026 – Die Stadtwerke Musterstadt bauen das Fernwärmenetz in
den kommenden vier Jahren deutlich aus. Der Aufsichtsrat hat dafür 40 Millionen Euro
freigegeben.</p>
<p>Angeschlossen werden zunächst die Stadtteile Nordstadt und Am Hafen. Die Arbeiten
beginnen im Frühjahr.</p>
<p>„Mit dem Ausbau machen wir die Wärmeversorgung klimafreundlicher“, sagt Petra Lindner,
Geschäftsführerin der Stadtwerke.</p>
<h3>Über die Stadtwerke Musterstadt</h3>
<p>Die Stadtwerke Musterstadt versorgen 80.000 Haushalte mit Strom, Gas und Wärme.</p>
<h3>Pressekontakt</h3>
<p>Jonas Beispiel, Pressesprecher<br>Tel. 01234 5678-90<br>
<a href="mailto:presse@musterstadt.example">presse@musterstadt.example</a></p>
<div class="share">Teilen: <a href="https://social.example/share">Teilen</a></div>
<p><a href="/presse/">Zurück zur Übersicht</a></p>
</div></div>
<div class="footer"><ul><li><a href="/impressum">Impressum</a></li>
<li>© Stadt Musterstadt 2026</li></ul></div>
</body></html>"""


def test_a_city_press_page_in_windows_1252_with_a_contact_block() -> None:
    release = extract_article(
        CITY_PAGE.encode("cp1252"), "https://www.musterstadt.example/presse/waerme.html"
    )
    assert release.title == "Stadtwerke investieren 40 Millionen Euro in das Wärmenetz"
    assert release.date == date(2026, 11, 27)
    assert release.dateline == "Musterstadt, 27. November 2026 –"
    assert release.paragraphs() == [
        "Die Stadtwerke Musterstadt bauen das Fernwärmenetz in den kommenden vier Jahren "
        "deutlich aus. Der Aufsichtsrat hat dafür 40 Millionen Euro freigegeben.",
        "Angeschlossen werden zunächst die Stadtteile Nordstadt und Am Hafen. Die Arbeiten "
        "beginnen im Frühjahr.",
    ]
    quote = next(block for block in release.blocks if block.type == "quote")
    assert (quote.speaker, quote.role) == ("Petra Lindner", "Geschäftsführerin der Stadtwerke")
    assert [(c.name, c.role, c.phone, c.email) for c in release.contacts] == [
        ("Jonas Beispiel", "Pressesprecher", "01234 5678-90", "presse@musterstadt.example")
    ]
    assert release.teaser == "Die Stadtwerke bauen das Fernwärmenetz aus."
    assert release.boilerplate_title == "Über die Stadtwerke Musterstadt"
    assert release.boilerplate == (
        "Die Stadtwerke Musterstadt versorgen 80.000 Haushalte mit Strom, Gas und Wärme."
    )
    assert release.links == []
    assert not any("Pressekontakt" in block.text for block in release.blocks)
