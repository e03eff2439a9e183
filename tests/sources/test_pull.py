from __future__ import annotations

import logging
import socket
from datetime import date
from pathlib import Path

import docx
import pytest

from newsdesk.core import Workspace
from newsdesk.ingest import read_release
from newsdesk.sources import SourceStore, approve, pull_source, pull_sources

from .newsroom import GRUENDERZENTRUM, RADWEG, article_page
from .server import Site


def add(ws: Workspace, name: str, kind: str, location: str, *, local: bool = True) -> None:
    SourceStore.for_workspace(ws).add(name, kind, location, 900, local)


def newsroom_sources(ws: Workspace, site: Site) -> None:
    add(ws, "stadt", "feed", site.url("/presse/rss.xml"))
    add(ws, "cluster", "feed", site.url("/cluster/atom.xml"))
    add(ws, "hallen", "page", site.url("/presse/"))


def drafts(ws: Workspace) -> dict[str, object]:
    """Every draft in releases/ by title."""
    found = {}
    for path in ws.release_files():
        release = read_release(path)
        found[release.title] = release
    return found


def test_first_pull_creates_drafts_with_title_date_and_paragraphs(
    ws: Workspace, site: Site
) -> None:
    newsroom_sources(ws, site)
    reports = {report.source: report for report in pull_sources(ws)}

    assert all(report.ok for report in reports.values()), reports
    assert len(reports["stadt"].created) == 2
    assert len(reports["cluster"].created) == 2
    assert len(reports["hallen"].created) == 1
    found = drafts(ws)
    assert len(found) == 5

    # RSS entry with its full text in content:encoded: the feed alone, no page request.
    zentrum = found["Neues Gründerzentrum am Hafen eröffnet"]
    assert zentrum.paragraphs() == GRUENDERZENTRUM
    assert zentrum.date == date(2026, 11, 28)
    assert zentrum.status == "draft"
    assert zentrum.source_url == site.url("/presse/gruenderzentrum.html")
    assert site.count("/presse/gruenderzentrum.html") == 0

    # RSS entry with only a summary: the article page was fetched and extracted,
    # without its navigation, aside and footer.
    radweg = found["Radschnellweg in den Norden"]
    assert radweg.paragraphs() == RADWEG
    assert radweg.date == date(2026, 11, 27)
    assert radweg.teaser == "Baubeginn in der kommenden Woche"
    text = " ".join(radweg.paragraphs())
    assert "Impressum" not in text and "Startseite" not in text and "Weitere" not in text

    # Atom entry → ISO-8859-1 page with a German date and a quote.
    preis = found["Werkstoffpreis für Münchner Start-up"]
    assert preis.paragraphs()[0].startswith("Der Werkstoffpreis des Clusters geht")
    assert "Überführung" in preis.paragraphs()[1]
    assert preis.date == date(2026, 3, 3)
    quotes = [block for block in preis.blocks if block.type == "quote"]
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Recycling beginnt beim Entwurf", "Prof. Dr. Jana Öztürk")
    ]

    # A page without any date gets none (the feed's updated date is the entry's own).
    versammlung = found["Mitgliederversammlung im Frühjahr"]
    assert versammlung.date == date(2026, 2, 20)
    assert len(versammlung.paragraphs()) == 2

    # Listing page: the article link was followed; nav, footer and pagination were not.
    hallen = found["Neue Hallen im Gewerbegebiet Nord"]
    assert hallen.date == date(2026, 11, 28)
    assert hallen.paragraphs()[0].startswith("Im Gewerbegebiet Nord sind drei neue")
    assert hallen.source_url == site.url("/presse/hallen.html")
    assert hallen.dateline == "Musterstadt, 28.11.2026 –"
    images = [block for block in hallen.blocks if block.type == "image"]
    assert [(i.src, i.alt, i.caption, i.credit) for i in images] == [
        (
            site.url("/bilder/halle.jpg"),
            "Blick in die neue Halle",
            "Blick in die neue Halle.",
            "Wirtschaftsförderung Musterstadt",
        )
    ]
    for path in ("/kontakt/", "/impressum", "/presse/?seite=2", "/presse/archiv.pdf", "/"):
        assert site.count(path) == 0, path


def test_article_page_without_a_date_has_none(ws: Workspace, site: Site) -> None:
    site.put(
        "/presse/",
        '<html><body><main><article><a href="/ohne.html">x</a></article></main></body></html>',
    )
    site.put("/ohne.html", article_page("Ohne Datum", RADWEG))
    add(ws, "ohne", "page", site.url("/presse/"))
    report = pull_source(ws, "ohne")
    assert report.ok and len(report.created) == 1
    release = read_release(ws.releases_dir / report.created[0])
    assert release.title == "Ohne Datum"
    assert release.date is None
    assert release.paragraphs() == RADWEG


def test_second_pull_creates_nothing_and_gets_304s(ws: Workspace, site: Site) -> None:
    newsroom_sources(ws, site)
    pull_sources(ws)
    files = sorted(path.name for path in ws.release_files())
    site.forget()

    reports = pull_sources(ws)

    assert sorted(path.name for path in ws.release_files()) == files
    assert all(not r.created and not r.updated and r.ok for r in reports)
    assert site.count() > 0
    assert site.statuses() == {304: site.count()}  # every request answered Not Modified
    by_name = {report.source: report for report in reports}
    assert by_name["stadt"].requests == 1  # an unchanged feed costs one request
    assert by_name["cluster"].requests == 1
    assert by_name["hallen"].requests == by_name["hallen"].not_modified == 2  # listing, article
    assert by_name["hallen"].unchanged == 1


def test_an_edited_article_updates_its_draft(ws: Workspace, site: Site) -> None:
    newsroom_sources(ws, site)
    first = {r.source: r for r in pull_sources(ws)}
    edited = ["Im Gewerbegebiet Nord sind vier neue Gewerbehallen fertig.", "Alle sind vermietet."]
    site.put("/presse/hallen.html", article_page("Neue Hallen im Gewerbegebiet Nord", edited))

    second = {r.source: r for r in pull_sources(ws)}

    assert second["hallen"].updated == first["hallen"].created
    assert not second["hallen"].created
    release = read_release(ws.releases_dir / second["hallen"].updated[0])
    assert release.paragraphs() == edited
    assert release.status == "draft"
    assert len(ws.release_files()) == 5


def test_an_edited_feed_entry_updates_its_draft_unless_approved(ws: Workspace, site: Site) -> None:
    add(ws, "stadt", "feed", site.url("/presse/rss.xml"))
    created = pull_source(ws, "stadt").created
    zentrum = next(name for name in created if "gruenderzentrum" in name)
    radweg = next(name for name in created if "radschnellweg" in name)
    approve(ws.releases_dir / radweg)
    approved_text = (ws.releases_dir / radweg).read_text(encoding="utf-8")
    feed = site.pages["/presse/rss.xml"].body.decode("utf-8")
    site.put(
        "/presse/rss.xml",
        feed.replace("40 junge Unternehmen", "45 junge Unternehmen"),
        content_type="application/rss+xml",
    )
    site.put("/presse/radweg.html", article_page("Radschnellweg in den Norden", RADWEG[:1]))

    report = pull_source(ws, "stadt")

    assert report.updated == [zentrum]
    assert report.kept == [radweg]
    assert "45 junge Unternehmen" in read_release(ws.releases_dir / zentrum).paragraphs()[0]
    assert (ws.releases_dir / radweg).read_text(encoding="utf-8") == approved_text
    again = pull_source(ws, "stadt")
    assert not again.updated and not again.kept and not again.created


def test_failing_sources_log_one_line_each_and_the_others_still_pull(
    ws: Workspace, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    site.put("/kaputt.xml", "<rss><channel><item><title>Kaputt", content_type="application/rss+xml")
    site.put("/fehler.xml", "Interner Fehler", status=500, content_type="text/plain")
    site.put("/langsam.xml", "<rss/>", delay=2.0, content_type="application/rss+xml")
    site.put(
        "/gross/",
        "<html><body>" + "<p>Sehr lange Seite.</p>" * 20000 + "</body></html>",
        send_length=False,
    )
    site.redirect("/schleife-a", "/schleife-b")
    site.redirect("/schleife-b", "/schleife-a")
    site.put("/keinfeed.html", article_page("Das ist eine Seite", RADWEG))
    site.put("/leer/", "<html><body><nav><a href='/'>Start</a></nav><main>Bald mehr.</main></body>")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    failing = {
        "kaputt": ("feed", "/kaputt.xml", "not a well-formed RSS or Atom feed"),
        "fehler": ("feed", "/fehler.xml", "answered 500"),
        "langsam": ("feed", "/langsam.xml", "no answer within 0.5 s"),
        "gross": ("page", "/gross/", "larger than the limit of 200,000 bytes"),
        "schleife": ("feed", "/schleife-a", "redirect loop"),
        "keinfeed": ("feed", "/keinfeed.html", "not an RSS or Atom feed"),
        "leer": ("page", "/leer/", "no links to articles found on this page"),
        "weg": ("feed", "http://127.0.0.1:{port}/rss.xml", "cannot connect"),
    }
    for name, (kind, path, _) in failing.items():
        url = path.format(port=closed_port) if path.startswith("http") else site.url(path)
        add(ws, name, kind, url)
    add(ws, "stadt", "feed", site.url("/presse/rss.xml"))

    with caplog.at_level(logging.WARNING, logger="newsdesk.sources"):
        reports = {r.source: r for r in pull_sources(ws)}

    assert len(reports["stadt"].created) == 2 and reports["stadt"].ok
    for name, (_, _, message) in failing.items():
        lines = [
            r.getMessage() for r in caplog.records if r.getMessage().startswith(f"source {name}:")
        ]
        assert len(lines) == 1, (name, lines)
        assert message in lines[0], (name, lines[0])
        assert "\n" not in lines[0]
        assert not reports[name].ok and not reports[name].created
    assert len(caplog.records) == len(failing)
    assert site.count("/fehler.xml") == 2  # retried once
    assert SourceStore.for_workspace(ws).get("fehler").last_error is not None
    assert [p.name for p in ws.release_files()] == sorted(reports["stadt"].created)


def test_a_loopback_address_is_refused_without_local(ws: Workspace, site: Site) -> None:
    add(ws, "heimlich", "feed", site.url("/presse/rss.xml"), local=False)
    report = pull_source(ws, "heimlich")
    assert not report.ok
    assert "127.0.0.1 is a private or local address" in report.errors[0]
    assert "--local" in report.errors[0]
    assert site.count() == 0
    assert ws.release_files() == []


def test_robots_txt_is_respected_for_pages(ws: Workspace, site: Site) -> None:
    add(ws, "hallen", "page", site.url("/presse/"))
    report = pull_source(ws, "hallen")
    assert report.ok
    assert report.skipped == 1
    assert site.count("/presse/intern/entwurf.html") == 0
    assert site.count("/robots.txt") == 1

    add(ws, "intern", "page", site.url("/presse/intern/entwurf.html"))
    refused = pull_source(ws, "intern")
    assert "robots.txt does not allow" in refused.errors[0]
    assert site.count("/presse/intern/entwurf.html") == 0


def test_drafts_get_unique_slugs(ws: Workspace, site: Site) -> None:
    (ws.releases_dir / "radschnellweg-in-den-norden.txt").write_text(
        "Radschnellweg in den Norden\n\nEin älterer Text.\n", encoding="utf-8"
    )
    site.put(
        "/zwei/",
        '<html><body><main><article><a href="/a.html">a</a></article>'
        '<article><a href="/b.html">b</a></article></main></body></html>',
    )
    site.put("/a.html", article_page("Radschnellweg in den Norden", RADWEG))
    site.put("/b.html", article_page("Radschnellweg in den Norden", RADWEG[::-1]))
    add(ws, "zwei", "page", site.url("/zwei/"))
    report = pull_source(ws, "zwei")
    assert sorted(report.created) == [
        "radschnellweg-in-den-norden-2.md",
        "radschnellweg-in-den-norden-3.md",
    ]


def test_folder_source_drafts_new_and_changed_files(ws: Workspace, tmp_path: Path) -> None:
    drop = tmp_path / "eingang"
    drop.mkdir()
    (drop / "messe.txt").write_text(
        "Musterstadt auf der Hannover Messe\n\nDie Wirtschaftsförderung stellt sechs Firmen vor.\n",
        encoding="utf-8",
    )
    (drop / ".versteckt.txt").write_text("nicht lesen", encoding="utf-8")
    (drop / "notiz.pdf").write_bytes(b"%PDF-1.4")
    add(ws, "eingang", "folder", str(drop))

    first = pull_source(ws, "eingang")
    assert first.ok and first.created == ["musterstadt-auf-der-hannover-messe.md"]
    draft = read_release(ws.releases_dir / first.created[0])
    assert draft.status == "draft"
    assert draft.paragraphs() == ["Die Wirtschaftsförderung stellt sechs Firmen vor."]
    assert draft.source_url == (drop / "messe.txt").as_uri()

    assert pull_source(ws, "eingang").created == []
    (drop / "messe.txt").write_text(
        "Musterstadt auf der Hannover Messe\n\nDie Wirtschaftsförderung stellt acht Firmen vor.\n",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_paragraph("Musterstadt wirbt in Lyon")
    document.add_paragraph("Die Wirtschaftsförderung reist mit zehn Firmen nach Lyon.")
    document.save(str(drop / "lyon.docx"))
    (drop / "kaputt.md").write_text("---\ntitle: [unvollständig\n---\nText\n", encoding="utf-8")

    changed = pull_source(ws, "eingang")
    assert changed.updated == first.created
    assert changed.created == ["musterstadt-wirbt-in-lyon.md"]
    assert read_release(ws.releases_dir / first.created[0]).paragraphs() == [
        "Die Wirtschaftsförderung stellt acht Firmen vor."
    ]
    lyon = read_release(ws.releases_dir / "musterstadt-wirbt-in-lyon.md")
    assert lyon.paragraphs() == ["Die Wirtschaftsförderung reist mit zehn Firmen nach Lyon."]
    assert lyon.status == "draft"
    assert len(changed.errors) == 1 and "kaputt.md" in changed.errors[0]


def test_a_feed_entry_with_a_new_guid_but_the_same_link_is_the_same_article(
    ws: Workspace, site: Site
) -> None:
    add(ws, "stadt", "feed", site.url("/presse/rss.xml"))
    created = pull_source(ws, "stadt").created
    feed = site.pages["/presse/rss.xml"].body.decode("utf-8")
    site.put(
        "/presse/rss.xml",
        feed.replace("musterstadt-presse-2026-118", "musterstadt-presse-2026-118-v2").replace(
            "40 junge Unternehmen", "42 junge Unternehmen"
        ),
        content_type="application/rss+xml",
    )
    report = pull_source(ws, "stadt")
    assert not report.created
    assert report.updated == [name for name in created if "gruenderzentrum" in name]
    assert len(ws.release_files()) == 2


def test_a_new_feed_entry_costs_its_page_and_304s_for_the_known_ones(
    ws: Workspace, site: Site
) -> None:
    add(ws, "cluster", "feed", site.url("/cluster/atom.xml"))
    assert len(pull_source(ws, "cluster").created) == 2
    feed = site.pages["/cluster/atom.xml"].body.decode("utf-8")
    entry = f"""<entry><title>Neues Mitglied im Cluster</title><id>urn:uuid:cluster-2026-32</id>
<link rel="alternate" href="{site.url("/cluster/mitglied.html")}"/>
<updated>2026-11-27T08:00:00Z</updated><summary>Willkommen</summary></entry>"""
    site.put(
        "/cluster/atom.xml",
        feed.replace("<entry>", entry + "<entry>", 1),
        content_type="application/atom+xml",
    )
    site.put("/cluster/mitglied.html", article_page("Neues Mitglied im Cluster", RADWEG))
    site.forget()

    report = pull_source(ws, "cluster")

    assert report.created == ["neues-mitglied-im-cluster.md"]
    assert report.unchanged == 2
    assert site.count("/cluster/mitglied.html") == 1
    for path in ("/cluster/werkstoffpreis.html", "/cluster/versammlung.html"):
        assert [hit.status for hit in site.hits if hit.path == path] == [304]
