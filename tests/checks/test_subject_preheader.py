from check_samples import MakeContext, clean_release, rendition

from newsdesk.checks import preheader, subject


def levels(findings: object) -> list[tuple[str, str]]:
    return [(f.level, f.code) for f in findings]  # type: ignore[attr-defined]


def test_empty_subject_is_an_error_and_a_long_one_a_warning(make_context: MakeContext) -> None:
    assert levels(subject.check(make_context(renditions=[rendition(subject="  ")]))) == [
        ("error", "subject")
    ]
    long = "Musterstadt vergibt den Gründerpreis 2026 an drei junge Firmen aus der Region Nord"
    assert len(long) > 78
    found = list(subject.check(make_context(renditions=[rendition(subject=long)])))
    assert levels(found) == [("warning", "subject")] and str(len(long)) in found[0].message
    assert list(subject.check(make_context())) == []


def test_missing_preheader_is_a_warning(make_context: MakeContext) -> None:
    assert levels(preheader.check(make_context(renditions=[rendition(preheader="")]))) == [
        ("warning", "preheader")
    ]


def test_preheader_repeating_the_subject_or_the_first_paragraph(
    make_context: MakeContext,
) -> None:
    release = clean_release()
    same_as_subject = rendition(release=release, preheader=release.title.upper() + ".")
    cut_first_line = rendition(
        release=release, preheader="Die Wirtschaftsförderung Musterstadt hat am Freitag …"
    )
    for case in (same_as_subject, cut_first_line):
        assert levels(preheader.check(make_context(renditions=[case]))) == [
            ("warning", "preheader-repeat")
        ]
    assert list(preheader.check(make_context())) == []
