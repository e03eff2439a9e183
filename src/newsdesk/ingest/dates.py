"""German dates and times as press releases write them.

``28. November 2026``, ``28. Nov. 2026``, ``28.11.2026``, ``28.11.26``, each
optionally after a weekday (``Freitag, 28. November 2026``); times as
``10:00 Uhr``, ``10.30 Uhr``, ``10 Uhr``. Month names are parsed here, not by
the locale, so a release reads the same on every machine.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}

WEEKDAY = (
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+"
)
_MONTH_NAMES = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
DATE = (
    rf"(?:{WEEKDAY})?(?:"
    rf"(?P<day>\d{{1,2}})\.\s*(?P<month_name>{_MONTH_NAMES})\.?\s+(?P<year>\d{{4}})"
    rf"|(?P<nday>\d{{1,2}})\.\s?(?P<nmonth>\d{{1,2}})\.\s?(?P<nyear>\d{{4}}|\d{{2}})(?!\d)"
    r")"
)
TIME = r"(?:,\s*|\s+)(?:um\s+)?(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*Uhr"
DATE_RE = re.compile(DATE, re.IGNORECASE)
DATETIME_RE = re.compile(rf"{DATE}(?:{TIME})?", re.IGNORECASE)


class DateError(ValueError):
    """A date that looks German but does not exist (31. Februar) or cannot be read."""


class WallClockError(DateError):
    """A local time the clocks skip (spring forward) or pass twice (fall back)."""


def _date(match: re.Match[str]) -> date:
    if match.group("day"):
        day = int(match.group("day"))
        month = MONTHS[match.group("month_name").lower()]
        year = int(match.group("year"))
    else:
        day, month = int(match.group("nday")), int(match.group("nmonth"))
        year = int(match.group("nyear"))
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateError(f"{match.group(0).strip()!r} is not a date ({error})") from None


def parse_date(text: str) -> date:
    """The date of ``text``, which must be a German date and nothing else."""
    match = DATE_RE.fullmatch(text.strip())
    if not match:
        raise DateError(f"{text.strip()!r} is not a date like '28. November 2026' or 28.11.2026")
    return _date(match)


def parse_datetime(text: str, tz: tzinfo) -> datetime:
    """``1. Dezember 2026, 10:00 Uhr`` as an aware datetime in ``tz``.

    Without a time the moment is the start of that day.
    """
    cleaned = text.strip().rstrip(".").strip()
    match = DATETIME_RE.fullmatch(cleaned)
    if not match:
        raise DateError(f"{cleaned!r} is not a date and time like '1. Dezember 2026, 10:00 Uhr'")
    day = _date(match)
    hour = int(match.group("hour") or 0)
    minute = int(match.group("minute") or 0)
    try:
        moment = time(hour, minute)
    except ValueError:
        raise DateError(f"{cleaned!r} has no valid time of day") from None
    return in_zone(datetime.combine(day, moment), tz, cleaned)


def wall_clock_moments(naive: datetime, tz: tzinfo) -> list[datetime]:
    """The moments the wall-clock time ``naive`` names in ``tz``: none in the gap when
    the clocks jump forward, two in the hour they go back (``fold`` 0, then 1), else one."""
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return []
    return [first, second] if first.utcoffset() != second.utcoffset() else [first]


def in_zone(naive: datetime, tz: tzinfo, text: str) -> datetime:
    """``naive`` as the wall-clock time in ``tz`` that ``text`` wrote. A time the clocks
    skip or pass twice is refused: a Sperrfrist read an hour off lifts an hour early."""
    moments = wall_clock_moments(naive, tz)
    if not moments:
        raise WallClockError(
            f"{text!r} does not exist in {tz}: the clocks jump forward over it; "
            "write the time after the change"
        )
    if len(moments) > 1:
        raise WallClockError(
            f"{text!r} happens twice in {tz} (the clocks go back); write the offset: "
            f"{moments[0].isoformat(timespec='minutes')} for the first, "
            f"{moments[1].isoformat(timespec='minutes')} for the second"
        )
    return moments[0]
