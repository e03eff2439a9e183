"""Trigger fire times, computed (no waiting): one date fire, cron across both DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from newsdesk.core import NewsdeskError
from newsdesk.schedule.triggers import (
    cron_trigger,
    date_trigger,
    fire_times,
    last_fire_time,
    previous_fire_time,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_date_trigger_fires_once() -> None:
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
    trigger = date_trigger(moment)
    first = trigger.get_next_fire_time(None, datetime(2026, 11, 29, tzinfo=UTC))
    assert first == moment
    assert trigger.get_next_fire_time(first, first + timedelta(seconds=1)) is None


def test_monthly_digest_on_the_first_at_nine_local_all_year() -> None:
    trigger = cron_trigger("0 9 1 * *", BERLIN)
    times = fire_times(
        trigger, datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2027, 1, 1, tzinfo=BERLIN)
    )
    assert [(t.month, t.day, t.hour, t.minute) for t in times] == [
        (month, 1, 9, 0) for month in range(1, 13)
    ]
    utc_hours = [t.astimezone(UTC).hour for t in times]
    assert utc_hours == [
        8,
        8,
        8,
        7,
        7,
        7,
        7,
        7,
        7,
        7,
        8,
        8,
    ]  # CET, CEST from April, CET from November


def test_daily_digest_across_spring_forward() -> None:
    trigger = cron_trigger("0 9 * * *", BERLIN)
    times = fire_times(
        trigger, datetime(2026, 3, 27, 12, tzinfo=BERLIN), datetime(2026, 3, 31, tzinfo=BERLIN)
    )
    assert [t.astimezone(BERLIN).strftime("%m-%d %H:%M %Z") for t in times] == [
        "03-28 09:00 CET",
        "03-29 09:00 CEST",
        "03-30 09:00 CEST",
    ]


def test_a_time_in_the_gap_fires_once_when_the_clocks_jump() -> None:
    trigger = cron_trigger("30 2 * * *", BERLIN)
    times = fire_times(
        trigger, datetime(2026, 3, 28, 12, tzinfo=BERLIN), datetime(2026, 3, 31, tzinfo=BERLIN)
    )
    utc_times = [t.astimezone(UTC) for t in times]
    assert utc_times == [
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 03:30 CEST: right after the jump
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),
    ]


def test_daily_at_0230_fires_once_on_fall_back_day() -> None:
    trigger = cron_trigger("30 2 * * *", BERLIN)
    times = fire_times(
        trigger, datetime(2026, 10, 23, 12, tzinfo=BERLIN), datetime(2026, 10, 27, tzinfo=BERLIN)
    )
    days = [t.astimezone(BERLIN).strftime("%m-%d %H:%M") for t in times]
    assert days == ["10-24 02:30", "10-25 02:30", "10-26 02:30"]
    assert times[1].astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    # APScheduler asked directly from the first 02:30 must skip the repeated hour
    after_first = trigger.get_next_fire_time(times[1], times[1] + timedelta(minutes=30))
    assert after_first.astimezone(UTC) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


def test_daily_at_nine_across_fall_back() -> None:
    trigger = cron_trigger("0 9 * * *", BERLIN)
    times = fire_times(
        trigger, datetime(2026, 10, 24, 12, tzinfo=BERLIN), datetime(2026, 10, 27, tzinfo=BERLIN)
    )
    assert [t.astimezone(UTC).strftime("%m-%d %H:%M") for t in times] == [
        "10-25 08:00",
        "10-26 08:00",
    ]


def test_last_and_previous_fire_time() -> None:
    trigger = cron_trigger("0 9 1 * *", BERLIN)
    now = datetime(2026, 12, 15, tzinfo=BERLIN)
    assert last_fire_time(trigger, datetime(2026, 10, 1, tzinfo=BERLIN), now) == datetime(
        2026, 12, 1, 9, tzinfo=BERLIN
    )
    assert previous_fire_time(trigger, now) == datetime(2026, 12, 1, 9, tzinfo=BERLIN)


def test_bad_cron() -> None:
    with pytest.raises(NewsdeskError, match="not a crontab line"):
        cron_trigger("every month", BERLIN)
