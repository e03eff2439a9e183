from check_samples import IMPRINT, MakeContext, clean_html, clean_text, rendition

from newsdesk.checks import footer
from newsdesk.checks.context import SAMPLE_VALUES
from newsdesk.core import Workspace


def found(make_context: MakeContext, **changes: str) -> list[tuple[str, str]]:
    context = make_context(renditions=[rendition("de", **changes)])
    return [(f.code, f.place) for f in footer.check(context)]


def test_a_footer_with_unsubscribe_and_imprint_passes(make_context: MakeContext) -> None:
    assert found(make_context) == []


def test_missing_unsubscribe_link_in_html_or_text(make_context: MakeContext) -> None:
    html = clean_html(footer=f'<a href="{IMPRINT}">Impressum</a>')
    assert found(make_context, html=html) == [("footer-unsubscribe", "de, HTML")]
    text = clean_text(footer=f"Impressum: {IMPRINT}")
    assert found(make_context, text=text) == [("footer-unsubscribe", "de, text")]


def test_unsubscribe_address_shown_as_text_is_not_a_link(make_context: MakeContext) -> None:
    html = clean_html(footer=f'{SAMPLE_VALUES["unsubscribe_url"]} <a href="{IMPRINT}">I</a>')
    assert found(make_context, html=html) == [("footer-unsubscribe", "de, HTML")]


def test_missing_imprint(make_context: MakeContext, site: Workspace) -> None:
    html = clean_html(footer=f'<a href="{SAMPLE_VALUES["unsubscribe_url"]}">Abmelden</a>')
    assert found(make_context, html=html) == [("footer-imprint", "de, HTML")]
    text = clean_text(footer=f"Abmelden: {SAMPLE_VALUES['unsubscribe_url']}")
    assert found(make_context, text=text) == [("footer-imprint", "de, text")]


def configured(site: Workspace, old: str, new: str) -> Workspace:
    path = site.root / "newsdesk.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return Workspace.open(site.root)


def test_no_imprint_configured(make_context: MakeContext, site: Workspace) -> None:
    workspace = configured(site, f'imprint_url = "{IMPRINT}"', 'imprint_url = ""')
    findings = list(footer.check(make_context(workspace=workspace)))
    assert [(f.code, f.place) for f in findings] == [
        ("footer-imprint", "newsdesk.toml [organisation] imprint_url")
    ]


def test_list_unsubscribe_needs_a_public_https_base_url(
    make_context: MakeContext, site: Workspace
) -> None:
    base = "https://newsletter.wifoe-musterstadt.de"
    cases = {
        "http://newsletter.wifoe-musterstadt.de": "error",
        "https://newsletter.example.org": "error",
        "http://127.0.0.1:8025": "warning",
        "http://localhost:5000": "warning",
    }
    for url, level in cases.items():
        workspace = configured(site, base, url)
        findings = list(footer.check(make_context(workspace=workspace)))
        assert [(f.level, f.code) for f in findings] == [(level, "list-unsubscribe")], url
        site = configured(workspace, url, base)
