"""Parsing the time of a scheduled send: formats, zones, the past, the Sperrfrist, DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newsdesk.core import NewsdeskError
from newsdesk.schedule.when import parse_duration, parse_when, zone

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def test_local_time_in_the_workspace_zone() -> None:
    moment = parse_when("2026-12-01 10:00", BERLIN, now=NOW)
    assert moment.astimezone(UTC) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert moment.tzinfo == BERLIN


def test_german_and_iso_forms() -> None:
    german = parse_when("01.12.2026 10:00", BERLIN, now=NOW)
    iso = parse_when("2026-12-01T10:00+01:00", BERLIN, now=NOW)
    zulu = parse_when("2026-12-01T09:00Z", BERLIN, now=NOW)
    assert german == iso == zulu


def test_other_zone() -> None:
    moment = parse_when("2026-12-01 10:00", zone("America/New_York"), now=NOW)
    assert moment.astimezone(UTC) == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["morgen früh", "2026-13-01 10:00", "", "10:00"])
def test_unparsable(text: str) -> None:
    with pytest.raises(NewsdeskError, match="is not a time"):
        parse_when(text, BERLIN, now=NOW)


def test_a_date_without_a_time_is_refused() -> None:
    with pytest.raises(NewsdeskError, match="'2027-01-05' has no time of day"):
        parse_when("2027-01-05", BERLIN, now=NOW)


def test_past_is_refused() -> None:
    with pytest.raises(NewsdeskError, match="in the past"):
        parse_when("2026-11-29 09:59", BERLIN, now=NOW)  # 08:59 UTC


def test_before_embargo_is_refused_with_the_sperrfrist() -> None:
    embargo = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    with pytest.raises(NewsdeskError, match=r"Sperrfrist.*2026-12-01 10:00 CET"):
        parse_when("2026-12-01 09:59", BERLIN, now=NOW, embargo=embargo)
    assert parse_when("2026-12-01 10:00", BERLIN, now=NOW, embargo=embargo) == embargo


def test_spring_forward_gap_does_not_exist() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(NewsdeskError, match="does not exist in Europe/Berlin"):
        parse_when("2026-03-29 02:30", BERLIN, now=now)
    with pytest.raises(NewsdeskError, match="does not exist"):
        parse_when("2026-03-29 02:30", BERLIN, now=now, fold=1)
    assert parse_when("2026-03-29 03:00", BERLIN, now=now).utcoffset() == timedelta(hours=2)


def test_fall_back_hour_needs_fold_or_offset() -> None:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    with pytest.raises(NewsdeskError, match=r"happens twice.*--fold 0.*\+02:00.*--fold 1.*\+01:00"):
        parse_when("2026-10-25 02:30", BERLIN, now=now)
    first = parse_when("2026-10-25 02:30", BERLIN, now=now, fold=0)
    second = parse_when("2026-10-25 02:30", BERLIN, now=now, fold=1)
    assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    explicit = parse_when("2026-10-25T02:30+01:00", BERLIN, now=now)
    assert explicit.astimezone(UTC) == second.astimezone(UTC)


def test_unknown_zone() -> None:
    with pytest.raises(NewsdeskError, match="not a known time zone"):
        zone("Europe/Mannheim")


def test_durations() -> None:
    assert parse_duration("6h") == timedelta(hours=6)
    assert parse_duration("1d 2h") == timedelta(days=1, hours=2)
    assert parse_duration("90") == timedelta(seconds=90)
    with pytest.raises(NewsdeskError, match="not a duration"):
        parse_duration("six hours")
