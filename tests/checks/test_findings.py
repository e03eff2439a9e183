import pytest

from newsdesk.checks.findings import CheckReport, Finding, error, warning


def test_errors_come_first_and_each_finding_once() -> None:
    late = warning("subject", "too long", "de, subject")
    report = CheckReport([late, error("size", "too big", "de"), late])
    assert [finding.level for finding in report.findings] == ["error", "warning"]
    assert report.has_errors


def test_force_overrides_warnings_but_never_errors() -> None:
    only_warnings = CheckReport([warning("preheader", "missing")])
    assert only_warnings.blocking(force=False) == only_warnings.findings
    assert only_warnings.blocking(force=True) == []
    assert not only_warnings.has_errors

    with_error = CheckReport([warning("preheader", "missing"), error("embargo", "too early")])
    assert [f.code for f in with_error.blocking(force=True)] == ["embargo"]


def test_a_finding_has_a_known_level_and_serialises_plainly() -> None:
    with pytest.raises(ValueError):
        Finding("info", "x", "y")  # type: ignore[arg-type]
    assert error("size", "too big", "de").to_dict() == {
        "level": "error",
        "code": "size",
        "message": "too big",
        "place": "de",
        "accepted_by": "",
    }


def test_a_warning_accepted_by_an_option_is_shown_but_needs_no_force() -> None:
    untranslated = warning(
        "translation", "2 segments untranslated", "en", accepted_by="--fallback source"
    )
    report = CheckReport([untranslated, warning("subject", "too long")])
    assert report.warnings == [untranslated, report.findings[1]]
    assert [f.code for f in report.blocking(force=False)] == ["subject"]
    assert "[accepted by --fallback source]" in untranslated.text
    CheckReport([untranslated]).enforce()  # nothing blocks


def test_force_needs_a_reason_in_words() -> None:
    from newsdesk.checks import forced_reason
    from newsdesk.core import NewsdeskError

    assert forced_reason(None) is None
    assert forced_reason("  Betreff  mit Leitung\nabgestimmt ") == "Betreff mit Leitung abgestimmt"
    with pytest.raises(NewsdeskError, match="--force needs a reason"):
        forced_reason("   ")


def test_enforce_raises_a_newsdesk_error_naming_what_blocks() -> None:
    from newsdesk.checks import ChecksFailed
    from newsdesk.core import NewsdeskError

    report = CheckReport([warning("preheader", "there is no preheader", "de, preheader")])
    with pytest.raises(ChecksFailed) as stopped:
        report.enforce(place="releases/preis.md")
    assert isinstance(stopped.value, NewsdeskError)
    assert stopped.value.findings == report.findings
    assert "preheader: there is no preheader (de, preheader)" in str(stopped.value)
    assert "--force" in str(stopped.value)
    report.enforce(force=True)  # warnings only: forced through

    report.extend([error("embargo", "before the Sperrfrist")])
    with pytest.raises(ChecksFailed) as stopped:
        report.enforce(force=True)
    assert [f.code for f in stopped.value.findings] == ["embargo"]
    assert "never overrides an error" in str(stopped.value)
