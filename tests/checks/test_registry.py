from check_samples import MakeContext, clean_release, rendition, translate

from newsdesk.checks.registry import CHECKS, evaluate


def test_a_clean_email_in_two_languages_has_no_findings(make_context: MakeContext) -> None:
    release = clean_release()
    translate(make_context().workspace, release)
    context = make_context(
        release, [rendition("de", release), rendition("en", release.replace(lang="en"))]
    )
    assert evaluate(context).findings == []


def test_every_check_is_registered_by_a_name() -> None:
    assert {"size", "footer", "links", "embargo", "third-party", "contrast"} <= set(CHECKS)
    assert all(callable(check) for check in CHECKS.values())
