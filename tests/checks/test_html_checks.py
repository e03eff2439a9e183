"""Checks of the compiled HTML: lang, contrast, third-party resources."""

from pathlib import Path

from check_samples import MakeContext, clean_html, rendition

from newsdesk.checks import contrast, html_lang, resources
from newsdesk.checks.colours import contrast_ratio, parse_colour
from newsdesk.core import Workspace


def with_html(make_context: MakeContext, html: str, lang: str = "de"):
    return make_context(renditions=[rendition(lang, html=html)])


def test_html_lang_present_and_matching(make_context: MakeContext) -> None:
    assert list(html_lang.check(with_html(make_context, clean_html("en"), "en"))) == []
    assert list(html_lang.check(with_html(make_context, clean_html("de-DE"), "de"))) == []
    missing = clean_html("de").replace(' lang="de"', "")
    assert [f.code for f in html_lang.check(with_html(make_context, missing))] == ["html-lang"]
    wrong = list(html_lang.check(with_html(make_context, clean_html("de"), "en")))
    assert [f.code for f in wrong] == ["html-lang"] and 'lang="de"' in wrong[0].message


def test_contrast_ratio_matches_wcag() -> None:
    black, white = parse_colour("#000"), parse_colour("white")
    assert black and white
    assert round(contrast_ratio(black, white), 1) == 21.0
    grey = parse_colour("rgb(118, 118, 118)")
    assert grey and round(contrast_ratio(grey, white), 2) == 4.54
    assert parse_colour("transparent") is None
    assert parse_colour("rgba(0,0,0,0.5)") is None


def test_pale_text_on_white_is_a_warning(make_context: MakeContext) -> None:
    body = '<p style="color:#aaaaaa">Bildnachweis: Stadt Musterstadt</p>'
    found = list(contrast.check(with_html(make_context, clean_html(body=body))))
    assert [(f.level, f.code) for f in found] == [("warning", "contrast")]
    assert "#aaaaaa on #ffffff" in found[0].message and "HTML line" in found[0].place


def test_white_text_on_a_pale_button_and_inherited_backgrounds(make_context: MakeContext) -> None:
    button = (
        '<table><tr><td bgcolor="#7fc4e0"><a href="https://www.wifoe-musterstadt.de/a" '
        'style="color:#ffffff;font-size:14px">Jetzt anmelden</a></td></tr></table>'
    )
    found = list(contrast.check(with_html(make_context, clean_html(body=button))))
    assert ["#ffffff on #7fc4e0" in f.message for f in found] == [True]


def test_large_text_needs_only_3_to_1_and_hidden_text_is_ignored(
    make_context: MakeContext,
) -> None:
    large = '<h2 style="color:#888888;font-size:26px">Zwischentitel</h2>'  # 3.5:1
    hidden = '<div style="display:none;color:#eeeeee">Vorschautext</div>'
    assert list(contrast.check(with_html(make_context, clean_html(body=large + hidden)))) == []
    small = '<p style="color:#888888;font-size:14px">Kleingedrucktes</p>'
    assert [f.code for f in contrast.check(with_html(make_context, clean_html(body=small)))] == [
        "contrast"
    ]


def test_a_pale_accent_colour_is_a_warning(make_context: MakeContext, site: Workspace) -> None:
    path: Path = site.root / "newsdesk.toml"
    path.write_text(path.read_text().replace("#0b5a7a", "#ffcc00"), encoding="utf-8")
    found = list(contrast.check(make_context(workspace=Workspace.open(site.root))))
    assert [f.place for f in found] == ["newsdesk.toml [organisation] accent_color"]


def test_third_party_fonts_icons_and_pixels_are_errors(make_context: MakeContext) -> None:
    head = (
        '<link href="https://fonts.googleapis.com/css?family=Roboto" rel="stylesheet">'
        "<style>@import url(https://fonts.bunny.net/css?family=Inter);"
        "@import 'https://cdn.jsdelivr.net/icons.css';</style>"
    )
    body = (
        '<img src="https://pixel.tracker.example.net/open.gif" alt="" width="1" role="none">'
        "<div style=\"background-image:url('https://cdn.other-host.de/bg.png')\">x</div>"
        '<img src="https://images.other-host.de/a.png" srcset="//cdn.other-host.de/a2.png 2x" '
        'alt="Bild" width="600">'
    )
    found = list(resources.check(with_html(make_context, clean_html(head=head, body=body))))
    hosts = [f.message.split(" from ")[1].split(",")[0] for f in found]
    assert hosts == [
        "fonts.googleapis.com",
        "fonts.bunny.net",
        "cdn.jsdelivr.net",
        "pixel.tracker.example.net",
        "cdn.other-host.de",
        "images.other-host.de",
        "cdn.other-host.de",
    ]
    assert {f.level for f in found} == {"error"}


def test_own_hosts_and_links_are_not_third_party(
    make_context: MakeContext, site: Workspace
) -> None:
    body = (
        '<img src="https://www.wifoe-musterstadt.de/bild.jpg" alt="Bild" width="600">'
        '<img src="https://static.wifoe-musterstadt.de/bild.jpg" alt="Bild" width="600">'
        '<img src="cid:logo" alt="Logo" width="100"><img src="data:image/png;base64,AA" alt="x">'
        '<a href="https://www.google.com/maps">Karte</a>'
    )
    assert list(resources.check(with_html(make_context, clean_html(body=body)))) == []
    extra = '<img src="https://media.stadt-musterstadt.de/a.jpg" alt="Bild" width="600">'
    assert len(list(resources.check(with_html(make_context, clean_html(body=extra))))) == 1
    path = site.root / "newsdesk.toml"
    path.write_text(
        path.read_text() + '\n[checks]\nresource_hosts = ["stadt-musterstadt.de"]\n',
        encoding="utf-8",
    )
    context = make_context(
        renditions=[rendition(html=clean_html(body=extra))], workspace=Workspace.open(site.root)
    )
    assert list(resources.check(context)) == []
