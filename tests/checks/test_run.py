"""``run_checks`` end to end: the real renderer and translations, template overrides."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from check_samples import clean_release, translate

from newsdesk.checks import CheckReport, run_checks
from newsdesk.core import Block, Workspace
from newsdesk.core.theme import default_templates_dir
from newsdesk.ingest import read_release

BERLIN = ZoneInfo("Europe/Berlin")


def codes(report: CheckReport) -> list[str]:
    return [finding.code for finding in report]


def override(site: Workspace, old: str, new: str) -> None:
    """A workspace copy of the default template with one change."""
    template = (default_templates_dir() / "release.mjml.j2").read_text(encoding="utf-8")
    assert old in template
    (site.templates_dir / "release.mjml.j2").write_text(
        template.replace(old, new), encoding="utf-8"
    )


def test_a_translated_release_passes_in_both_languages(site: Workspace) -> None:
    release = clean_release()
    translate(site, release)
    report = run_checks(release, site)
    assert report.findings == []
    assert not report.has_errors


def test_a_missing_translation_is_a_finding_not_a_crash(site: Workspace) -> None:
    release = clean_release(blocks=[*clean_release().blocks, Block("image", src="x.png")])
    report = run_checks(release, site)
    assert report.has_errors
    # German was still rendered and checked: its image has no alt text and no file.
    assert [(f.code, f.place.split(",")[0]) for f in report] == [
        ("translation", "en"),
        ("image-alt", "de"),
        ("image-missing", "x.png"),
    ]


def test_fallback_turns_an_incomplete_translation_into_a_warning(site: Workspace) -> None:
    release = clean_release()
    translate(site, release, missing=1)
    report = run_checks(release, site, fallback=True)
    assert [(f.level, f.code) for f in report] == [("warning", "translation")]
    assert not run_checks(release, site, languages=["de"]).findings


def test_only_the_languages_asked_for_are_checked(site: Workspace) -> None:
    release = clean_release()
    assert run_checks(release, site, languages=["de"]).findings == []
    assert codes(run_checks(release, site, languages="all")) == ["translation"]


def test_sending_before_the_embargo(site: Workspace) -> None:
    release = clean_release(embargo=datetime(2026, 12, 1, 10, tzinfo=BERLIN))
    early = run_checks(release, site, languages=["de"], send_at=datetime(2026, 12, 1, 9))
    assert codes(early) == ["embargo"] and early.has_errors
    on_time = run_checks(release, site, languages=["de"], send_at=datetime(2026, 12, 1, 10))
    assert on_time.findings == []


def test_a_template_loading_a_third_party_icon_is_an_error(site: Workspace) -> None:
    icon = "https://cdn.icon-host.net/social/mastodon.png"
    override(
        site,
        "      </mj-column>\n    </mj-section>\n  </mj-body>",
        f'        <mj-image src="{icon}" alt="Mastodon" width="24px" />\n'
        "      </mj-column>\n    </mj-section>\n  </mj-body>",
    )
    report = run_checks(clean_release(), site, languages=["de"])
    assert codes(report) == ["third-party"]
    assert "cdn.icon-host.net" in report.findings[0].message


def test_a_template_importing_a_web_font_is_an_error(site: Workspace) -> None:
    font = "https://fonts.bunny.net/css?family=inter:400"
    override(site, "<mj-style>", f"<mj-style>\n      @import url({font});")
    report = run_checks(clean_release(), site, languages=["de"])
    assert codes(report) == ["third-party"]
    assert "fonts.bunny.net" in report.findings[0].message


def test_a_template_without_unsubscribe_link_is_an_error(site: Workspace) -> None:
    override(site, '<a href="%%unsubscribe_url%%"', '<a href="%%preferences_url%%"')
    report = run_checks(clean_release(), site, languages=["de"])
    assert [(f.code, f.place) for f in report] == [("footer-unsubscribe", "de, HTML")]


def test_a_template_without_lang_and_with_pale_text(site: Workspace) -> None:
    override(site, '<mjml lang="{{ lang }}">', "<mjml>")
    assert "html-lang" in codes(run_checks(clean_release(), site, languages=["de"]))
    override(site, '{% set muted = "#5b6670" %}', '{% set muted = "#b0b8bf" %}')
    assert "contrast" in codes(run_checks(clean_release(), site, languages=["de"]))


def test_a_broken_template_is_a_render_finding(site: Workspace) -> None:
    override(site, "<mj-column>", "<mj-colum>")
    report = run_checks(clean_release(), site, languages=["de"])
    assert codes(report) == ["render"] and report.has_errors
    override(site, "{% for block in release.blocks %}", "{% for block in release.blocks %")
    report = run_checks(clean_release(), site, languages=["de"])
    assert codes(report) == ["render"] and "release.mjml.j2:" in report.findings[0].message


def test_a_very_long_release_is_clipped_by_gmail(site: Workspace) -> None:
    paragraph = Block("paragraph", text="Die Wirtschaftsförderung berichtet ausführlich. " * 12)
    release = clean_release(blocks=[paragraph] * 200)
    report = run_checks(release, site, languages=["de"])
    assert [(f.level, f.code) for f in report] == [("error", "size")]


def test_the_seed_release_from_plain_text(site: Workspace, bronze_label: Path) -> None:
    """The real German seed: no contact, no teaser; otherwise fine."""
    release = read_release(bronze_label, tz=site.config.tz)
    report = run_checks(release, site, languages=["de"])
    assert [(f.level, f.code) for f in report] == [
        ("warning", "preheader-repeat"),
        ("warning", "contact"),
    ]
    assert not report.has_errors
