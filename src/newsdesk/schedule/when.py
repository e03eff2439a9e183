"""When a scheduled send goes out: parsing a time the staff typed, in their time zone.

A local time is checked against the zone's rules with :mod:`zoneinfo` ``fold``
semantics: a time in the spring-forward gap does not exist and is refused; a
time in the fall-back hour exists twice and must be told apart with ``fold``
(0 = the first, still summer time; 1 = the second) or an explicit UTC offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime

from newsdesk.core.errors import NewsdeskError
from newsdesk.ingest.dates import wall_clock_moments

_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y, %H:%M",
)

_DURATION = re.compile(r"(\d+)\s*([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise NewsdeskError(
            f"--tz {name!r} is not a known time zone (use a name like Europe/Berlin)"
        ) from None


def describe(moment: datetime, tz: ZoneInfo | None = None) -> str:
    """``moment`` as staff read it: ``2026-12-01 10:00 CET (+01:00)``."""
    local = moment.astimezone(tz) if tz is not None else moment
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({offset[:3]}:{offset[3:]})"


def describe_long(moment: datetime, locale: str = "de_DE") -> str:
    """``moment`` in words for a message: ``1. Dezember 2026, 10:00 MEZ``."""
    return format_datetime(moment, "d. MMMM y, HH:mm zzz", tzinfo=moment.tzinfo, locale=locale)


def _naive(text: str) -> datetime | None:
    for pattern in _FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def localize(naive: datetime, tz: ZoneInfo, fold: int | None, text: str) -> datetime:
    """``naive`` wall-clock time in ``tz``; refuses a gap and an undisambiguated overlap."""
    moments = wall_clock_moments(naive, tz)
    if not moments:
        raise NewsdeskError(
            f"{text!r} does not exist in {tz.key}: the clocks jump forward over it "
            f"(daylight saving time starts); choose a time before or after the gap"
        )
    if len(moments) > 1 and fold is None:
        first, second = moments
        raise NewsdeskError(
            f"{text!r} happens twice in {tz.key} (the clocks go back): "
            f"pass --fold 0 for the first, {describe(first)}, or --fold 1 for the "
            f"second, {describe(second)} — or write the offset, "
            f"e.g. {first.isoformat(timespec='minutes')}"
        )
    return moments[-1] if fold else moments[0]


def _date_alone(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_when(
    text: str,
    tz: ZoneInfo,
    *,
    now: datetime,
    fold: int | None = None,
    embargo: datetime | None = None,
    what: str = "--at",
) -> datetime:
    """The moment ``text`` names, as an aware datetime in ``tz``.

    Accepts ``2026-12-01 10:00`` (local time in ``tz``), ``01.12.2026 10:00`` and
    ISO 8601 with an offset (``2026-12-01T10:00+01:00``). Refuses an unparsable
    text, a time not after ``now``, a time before ``embargo`` (the Sperrfrist), a
    local time that does not exist and one that exists twice unless ``fold``
    says which.
    """
    cleaned = " ".join(text.split())
    naive = _naive(cleaned)
    if naive is not None:
        moment = localize(naive, tz, fold, cleaned)
    else:
        if _date_alone(cleaned):  # fromisoformat would read it as midnight
            raise NewsdeskError(
                f'{what} {text!r} has no time of day; write it like "{cleaned} 10:00" (in {tz.key})'
            )
        try:
            parsed = datetime.fromisoformat(cleaned)
        except ValueError:
            raise NewsdeskError(
                f"{what} {text!r} is not a time; write it like "
                f'"2026-12-01 10:00" (in {tz.key}) or "2026-12-01T10:00+01:00"'
            ) from None
        if parsed.tzinfo is None:
            moment = localize(parsed, tz, fold, cleaned)
        else:
            moment = parsed.astimezone(tz)
    if moment <= now:
        raise NewsdeskError(
            f"{what} {describe(moment)} is in the past (it is now {describe(now, tz)}); "
            "choose a later time"
        )
    check_embargo(moment, embargo)
    return moment


def check_embargo(moment: datetime, embargo: datetime | None, place: str | None = None) -> None:
    """Refuse ``moment`` when it falls before the release's Sperrfrist."""
    if embargo is not None and moment < embargo:
        tz = embargo.tzinfo
        local = moment.astimezone(tz) if tz is not None else moment
        raise NewsdeskError(
            f"{describe(local)} is before the release's Sperrfrist (embargo) "
            f"{describe(embargo)}: schedule it at or after {embargo:%Y-%m-%d %H:%M}",
            place=place,
        )


def parse_duration(text: str, what: str = "schedule.grace") -> timedelta:
    """``"6h"``, ``"90m"``, ``"1d 2h"`` or a number of seconds as a timedelta."""
    cleaned = str(text).strip().lower()
    if cleaned.isdigit():
        return timedelta(seconds=int(cleaned))
    parts = _DURATION.findall(cleaned)
    if not parts or _DURATION.sub("", cleaned).strip():
        raise NewsdeskError(f'{what} {text!r} is not a duration; write it like "6h" or "90m"')
    total = timedelta()
    for amount, unit in parts:
        total += timedelta(**{_UNITS[unit]: int(amount)})
    return total
