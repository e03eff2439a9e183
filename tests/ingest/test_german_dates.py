from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from newsdesk.ingest.dates import DateError, parse_date, parse_datetime

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28. November 2026", date(2026, 11, 28)),
        ("1. März 2027", date(2027, 3, 1)),
        ("3. Dez. 2026", date(2026, 12, 3)),
        ("Freitag, 28. November 2026", date(2026, 11, 28)),
        ("28.11.2026", date(2026, 11, 28)),
        ("05.01.27", date(2027, 1, 5)),
        ("28. NOVEMBER 2026", date(2026, 11, 28)),
    ],
)
def test_german_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Dezember 2026, 10:00 Uhr", datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)),
        ("1. Dezember 2026 um 9.30 Uhr", datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)),
        ("Di., 01.12.2026, 18 Uhr", datetime(2026, 12, 1, 18, 0, tzinfo=BERLIN)),
        ("1. Juli 2026, 10:00 Uhr", datetime(2026, 7, 1, 10, 0, tzinfo=BERLIN)),
        ("1. Dezember 2026", datetime(2026, 12, 1, 0, 0, tzinfo=BERLIN)),
    ],
)
def test_german_date_and_time(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text, BERLIN)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["31. Februar 2026", "morgen", "1. Dezember 2026, 25:00 Uhr"])
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError):
        parse_datetime(text, BERLIN)
