"""The invented newsroom of the "Wirtschaftsförderung Musterstadt" the sources tests pull from.

Every text here was written for these tests.
"""

from __future__ import annotations

from .server import Site

NAV = """<header><nav><a href="/">Startseite</a> <a href="/presse/">Presse</a>
<a href="/kontakt/">Kontakt</a> <a href="/presse/archiv.pdf">Archiv (PDF)</a></nav></header>"""
FOOTER = """<footer><p>© 2026 Wirtschaftsförderung Musterstadt · Hafenstraße 4 ·
<a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a></p></footer>"""

GRUENDERZENTRUM = [
    "Die Wirtschaftsförderung Musterstadt hat am Freitag das neue Gründerzentrum am Hafen "
    "eröffnet. Auf 2.400 Quadratmetern finden dort bis zu 40 junge Unternehmen Platz.",
    "Das Zentrum bietet neben Büros auch Werkstätten, einen Veranstaltungssaal und eine "
    "Beratung zu Förderprogrammen von Land und Bund.",
    "Interessierte Gründerinnen und Gründer können sich ab sofort bewerben. Die Mieten liegen "
    "in den ersten zwei Jahren deutlich unter dem ortsüblichen Niveau.",
]

RADWEG = [
    "Zwischen dem Hauptbahnhof und dem Gewerbegebiet Nord entsteht bis zum Sommer ein "
    "durchgehender Radschnellweg. Die Bauarbeiten beginnen in der kommenden Woche.",
    "Der neue Weg ist vier Meter breit, beleuchtet und kreuzt keine einzige Hauptstraße. "
    "Die Stadt rechnet mit bis zu 3.000 Fahrten am Tag.",
]


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    dateline: str = "",
    charset: str = "utf-8",
    quote: str = "",
    image: str = "",
) -> bytes:
    """An article page with navigation and footer around the article, in ``charset``."""
    meta = f'<p class="ort-datum">{dateline}</p>' if dateline else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    if quote:
        body += f"<blockquote><p>{quote}</p></blockquote>"
    if image:
        body += (
            f'<figure><img src="{image}" alt="Blick in die neue Halle">'
            "<figcaption>Blick in die neue Halle. Foto: Wirtschaftsförderung Musterstadt"
            "</figcaption></figure>"
        )
    html = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="{charset}"><title>{title} – Musterstadt</title></head>
<body>{NAV}
<main><article><h1>{title}</h1>{meta}{body}</article>
<aside><h2>Weitere Meldungen</h2><p><a href="/presse/">Alle Pressemitteilungen</a></p></aside>
</main>{FOOTER}</body></html>"""
    return html.encode(charset, "xmlcharrefreplace")


def rss(site: Site, items: list[dict[str, str]]) -> str:
    entries = []
    for item in items:
        content = (
            f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>"
            if item.get("content")
            else ""
        )
        entries.append(
            f"""<item><title>{item["title"]}</title><link>{site.url(item["path"])}</link>
<guid isPermaLink="false">{item["guid"]}</guid><pubDate>{item["date"]}</pubDate>
<description>{item.get("summary", "")}</description>{content}</item>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Presse – Stadt Musterstadt</title><link>{site.url("/")}</link>
<description>Pressemitteilungen</description>{"".join(entries)}</channel></rss>"""


def atom(site: Site, entries: list[dict[str, str]]) -> str:
    parts = [
        f"""<entry><title>{entry["title"]}</title><id>{entry["id"]}</id>
<link rel="alternate" href="{site.url(entry["path"])}"/><updated>{entry["updated"]}</updated>
<summary>{entry["summary"]}</summary></entry>"""
        for entry in entries
    ]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Cluster Neue Werkstoffe – Neuigkeiten</title>
<id>urn:uuid:4f1c2a0e-cluster-werkstoffe</id><updated>2026-11-28T09:00:00Z</updated>
{"".join(parts)}</feed>"""


def listing(items: list[tuple[str, str]]) -> str:
    teasers = "".join(
        f'<article class="teaser"><h2><a href="{path}">{title}</a></h2><p>Kurzmeldung</p></article>'
        for path, title in items
    )
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Pressemitteilungen</title></head><body>{NAV}
<main><h1>Pressemitteilungen</h1>{teasers}
<p><a href="/presse/?seite=2">Ältere Meldungen</a></p></main>{FOOTER}</body></html>"""


def build(site: Site) -> None:
    """The whole newsroom: an RSS feed, an Atom feed, a listing page and their articles."""
    site.put("/robots.txt", "User-agent: *\nDisallow: /presse/intern/\n", content_type="text/plain")
    full_text = "".join(f"<p>{p}</p>" for p in GRUENDERZENTRUM)
    site.put(
        "/presse/rss.xml",
        rss(
            site,
            [
                {
                    "title": "Neues Gründerzentrum am Hafen eröffnet",
                    "path": "/presse/gruenderzentrum.html",
                    "guid": "musterstadt-presse-2026-118",
                    "date": "Sat, 28 Nov 2026 09:30:00 +0100",
                    "summary": "40 Plätze für junge Unternehmen",
                    "content": full_text,
                },
                {
                    "title": "Radschnellweg in den Norden",
                    "path": "/presse/radweg.html",
                    "guid": "musterstadt-presse-2026-117",
                    "date": "Fri, 27 Nov 2026 14:00:00 +0100",
                    "summary": "Baubeginn in der kommenden Woche",
                },
            ],
        ),
        content_type="application/rss+xml; charset=utf-8",
    )
    site.put(
        "/presse/radweg.html",
        article_page(
            "Radschnellweg in den Norden", RADWEG, dateline="Musterstadt, 27. November 2026"
        ),
    )
    site.put(
        "/cluster/atom.xml",
        atom(
            site,
            [
                {
                    "title": "Werkstoffpreis für Münchner Start-up",
                    "id": "urn:uuid:cluster-2026-31",
                    "path": "/cluster/werkstoffpreis.html",
                    "updated": "2026-03-03T08:00:00Z",
                    "summary": "Preis für recycelbare Faserverbunde",
                },
                {
                    "title": "Mitgliederversammlung im Frühjahr",
                    "id": "urn:uuid:cluster-2026-30",
                    "path": "/cluster/versammlung.html",
                    "updated": "2026-02-20T08:00:00Z",
                    "summary": "Einladung an alle Mitglieder",
                },
            ],
        ),
        content_type="application/atom+xml",
    )
    site.put(
        "/cluster/werkstoffpreis.html",
        article_page(
            "Werkstoffpreis für Münchner Start-up",
            [
                "Der Werkstoffpreis des Clusters geht in diesem Jahr an ein junges Unternehmen "
                "aus München. Es stellt Faserverbunde her, die sich vollständig recyceln lassen.",
                "Die Jury würdigte besonders die Zusammenarbeit mit drei Hochschulen der Region "
                "und die schnelle Überführung in die Serienfertigung.",
            ],
            dateline="München, 3. März 2026",
            charset="iso-8859-1",
            quote="&bdquo;Recycling beginnt beim Entwurf&ldquo;, sagt Prof. Dr. Jana Öztürk, "
            "Vorsitzende der Jury.",
        ),
        content_type="text/html; charset=ISO-8859-1",
    )
    site.put(
        "/cluster/versammlung.html",
        article_page(
            "Mitgliederversammlung im Frühjahr",
            [
                "Die diesjährige Mitgliederversammlung des Clusters findet im Frühjahr in der "
                "Stadthalle statt. Auf der Tagesordnung stehen die Wahl des Vorstands und der "
                "Haushalt für das kommende Jahr.",
                "Mitglieder erhalten die Einladung mit allen Unterlagen rechtzeitig per Post. "
                "Gäste sind nach vorheriger Anmeldung willkommen.",
            ],
        ),
    )
    site.put(
        "/presse/",
        listing(
            [
                ("/presse/hallen.html", "Neue Hallen im Gewerbegebiet Nord"),
                ("/presse/intern/entwurf.html", "Entwurf"),
            ]
        ),
    )
    site.put(
        "/presse/hallen.html",
        article_page(
            "Neue Hallen im Gewerbegebiet Nord",
            [
                "Im Gewerbegebiet Nord sind drei neue Gewerbehallen fertig. Zwei davon sind "
                "bereits an Handwerksbetriebe aus der Region vermietet.",
                "Die dritte Halle steht ab Januar für Unternehmen aus der Logistik bereit. "
                "Anfragen nimmt die Wirtschaftsförderung entgegen.",
            ],
            dateline="Musterstadt, 28.11.2026",
            image="/bilder/halle.jpg",
        ),
    )
    site.put(
        "/presse/intern/entwurf.html",
        article_page("Entwurf", ["Dieser interne Entwurf ist nicht für die Öffentlichkeit."]),
    )
