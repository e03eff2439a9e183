from check_samples import MakeContext, clean_html, clean_text, rendition

from newsdesk.checks import links
from newsdesk.core import Workspace


def found(make_context: MakeContext, href: str) -> list[tuple[str, str]]:
    html = clean_html(body=f'<p><a href="{href}">Link</a></p>')
    return [(f.level, f.code) for f in links.check(make_context(renditions=[rendition(html=html)]))]


def test_good_links_pass(make_context: MakeContext) -> None:
    for href in (
        "https://www.stadt-musterstadt.de/rathaus?x=1#top",
        "mailto:presse@wifoe-musterstadt.de",
        "tel:+496211234",
        "#oben",
        "https://www.müllerei-musterstadt.de/",
    ):
        assert found(make_context, href) == [], href


def test_bad_links_are_found(make_context: MakeContext) -> None:
    cases = {
        "http://www.stadt-musterstadt.de/": ("warning", "link-http"),
        "https://localhost:5000/preis": ("error", "link-local"),
        "http://127.0.0.1:8025/web": ("error", "link-local"),
        "https://192.168.1.20/intranet": ("error", "link-local"),
        "https://www.example.org/impressum": ("error", "link-placeholder"),
        "https://shop.example.com/": ("error", "link-placeholder"),
        "": ("error", "link-malformed"),
        "www.stadt-musterstadt.de": ("error", "link-malformed"),
        "javascript:alert(1)": ("error", "link-malformed"),
        "https://": ("error", "link-malformed"),
        "https://www.stadt musterstadt.de": ("error", "link-malformed"),
        "https://{{ web_url }}": ("error", "link-malformed"),
        "%%web_url%%": ("error", "link-malformed"),
        "mailto:presse": ("error", "link-malformed"),
    }
    for href, expected in cases.items():
        assert found(make_context, href) == [expected], href


def test_named_anchors_are_not_links(make_context: MakeContext) -> None:
    html = clean_html(body='<a name="oben"></a><a id="unten">Ende</a>')
    assert list(links.check(make_context(renditions=[rendition(html=html)]))) == []


def test_links_in_the_text_part_are_checked(make_context: MakeContext) -> None:
    text = clean_text() + "Anmeldung: http://localhost:8000/anmeldung.\n"
    findings = list(links.check(make_context(renditions=[rendition(text=text)])))
    assert [(f.code, f.place) for f in findings] == [
        ("link-local", "de, text line 9, http://localhost:8000/anmeldung")
    ]


def test_a_bad_link_in_both_languages_is_reported_once(make_context: MakeContext) -> None:
    html = clean_html(body='<a href="https://www.example.org/">x</a>')
    context = make_context(renditions=[rendition("de", html=html), rendition("en", html=html)])
    assert len(list(links.check(context))) == 1


def test_links_to_a_local_base_url_are_left_to_the_footer_check(
    make_context: MakeContext, site: Workspace
) -> None:
    path = site.root / "newsdesk.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("https://newsletter.wifoe-musterstadt.de", "http://127.0.0.1:8025"),
        encoding="utf-8",
    )
    local = Workspace.open(site.root)
    html = clean_html(
        body='<a href="http://127.0.0.1:8025/media/a.png">Bild</a>'
        '<a href="http://127.0.0.1:9000/admin">Admin</a>'
    )
    findings = list(links.check(make_context(renditions=[rendition(html=html)], workspace=local)))
    assert [f.place.rpartition(", ")[2] for f in findings] == ["http://127.0.0.1:9000/admin"]


def test_an_example_imprint_is_traced_to_the_setting(
    make_context: MakeContext, workspace: Workspace
) -> None:
    """The fresh workspace still has the example imprint and privacy addresses."""
    html = clean_html(footer='<a href="https://www.example.org/impressum">Impressum</a>')
    findings = list(
        links.check(make_context(renditions=[rendition(html=html)], workspace=workspace))
    )
    assert [(f.code, f.place) for f in findings] == [
        ("link-placeholder", "newsdesk.toml [organisation] imprint_url")
    ]


def test_example_links_only_warn_in_a_trial_workspace(
    make_context: MakeContext, site: Workspace
) -> None:
    """A workspace served from this machine (like the demo) cannot reach real recipients."""
    path = site.root / "newsdesk.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("https://newsletter.wifoe-musterstadt.de", "http://127.0.0.1:8025"),
        encoding="utf-8",
    )
    html = clean_html(body='<a href="https://www.example.org/preis">Preis</a>')
    context = make_context(renditions=[rendition(html=html)], workspace=Workspace.open(site.root))
    assert [(f.level, f.code) for f in links.check(context)] == [("warning", "link-placeholder")]
