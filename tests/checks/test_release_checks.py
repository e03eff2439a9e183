"""Checks of the release itself: embargo, dateline, press contact."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from check_samples import MakeContext, clean_release

from newsdesk.checks import contact, dateline, embargo
from newsdesk.checks.dateline import dateline_date
from newsdesk.core import Contact

BERLIN = ZoneInfo("Europe/Berlin")
SPERRFRIST = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)


def levels(findings: object) -> list[tuple[str, str]]:
    return [(f.level, f.code) for f in findings]  # type: ignore[attr-defined]


def test_sending_before_the_sperrfrist_is_an_error(make_context: MakeContext) -> None:
    release = clean_release(embargo=SPERRFRIST)
    early = make_context(release, send_at=datetime(2026, 12, 1, 8, 59, tzinfo=UTC))
    found = list(embargo.check(early))
    assert levels(found) == [("error", "embargo")]
    assert "01.12.2026 09:59 CET" in found[0].message
    assert "01.12.2026 10:00 CET" in found[0].place


def test_sending_at_or_after_the_sperrfrist_passes(make_context: MakeContext) -> None:
    release = clean_release(embargo=SPERRFRIST)
    assert list(embargo.check(make_context(release, send_at=SPERRFRIST))) == []
    naive_local = datetime(2026, 12, 1, 10, 0)  # read in the workspace's time zone
    assert list(embargo.check(make_context(release, send_at=naive_local))) == []
    assert list(embargo.check(make_context(clean_release(), send_at=datetime.now(UTC)))) == []


def test_a_check_without_send_time_warns_while_the_embargo_holds(
    make_context: MakeContext,
) -> None:
    release = clean_release(embargo=SPERRFRIST)
    before = make_context(release, now=datetime(2026, 11, 30, tzinfo=UTC))
    assert levels(embargo.check(before)) == [("warning", "embargo")]
    after = make_context(release, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert list(embargo.check(after)) == []


def test_dateline_dates_are_read_in_german_and_english_forms() -> None:
    expected = date(2026, 11, 28)
    for text in (
        "Mannheim, 28. November 2026 –",
        "Mannheim, 28.11.2026 –",
        "Mannheim, 28. Nov. 2026 -",
        "Mannheim, 28 November 2026 –",
        "Mannheim, November 28, 2026 –",
        "Mannheim, 2026-11-28",
    ):
        assert dateline_date(text) == expected, text
    assert dateline_date("Mannheim –") is None
    assert dateline_date("Mannheim, 3. März 2027") == date(2027, 3, 3)


def test_dateline_date_must_match_the_release_date(make_context: MakeContext) -> None:
    wrong = clean_release(dateline="Musterstadt, 27. November 2026 –")
    found = list(dateline.check(make_context(wrong)))
    assert levels(found) == [("error", "dateline-date")]
    assert "27.11.2026" in found[0].message and "28.11.2026" in found[0].message
    assert list(dateline.check(make_context(clean_release()))) == []
    assert list(dateline.check(make_context(clean_release(dateline="Musterstadt –")))) == []


def test_contacts(make_context: MakeContext) -> None:
    assert levels(contact.check(make_context(clean_release(contacts=[])))) == [
        ("warning", "contact")
    ]
    unreachable = clean_release(contacts=[Contact(name="Jana Muster", role="Presse")])
    found = list(contact.check(make_context(unreachable)))
    assert levels(found) == [("error", "contact")] and "Jana Muster" in found[0].place
    by_phone = clean_release(contacts=[Contact(name="Jana Muster", phone="+49 621 123")])
    assert list(contact.check(make_context(by_phone))) == []
    bad_email = clean_release(contacts=[Contact(name="Jana Muster", email="jana@")])
    assert levels(contact.check(make_context(bad_email))) == [("error", "contact")]
