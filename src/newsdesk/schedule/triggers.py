"""APScheduler triggers for scheduled sends and digests.

APScheduler 3.x's cron trigger fires a job twice when its wall-clock time falls
into the hour repeated when the clocks go back (02:30 on 2026-10-25 in
Europe/Berlin, once in summer and once in winter time).
:class:`WallClockCronTrigger` fires each wall-clock time once. A time inside
the spring-forward gap fires once, at the same instant the clocks skip to
(like cron).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from newsdesk.core.errors import NewsdeskError

_SECOND = timedelta(seconds=1)


def wall_clock(moment: datetime, tz: ZoneInfo) -> datetime:
    """``moment`` as a naive local time in ``tz`` (what a clock on the wall shows)."""
    return moment.astimezone(tz).replace(tzinfo=None, fold=0)


class WallClockCronTrigger(CronTrigger):
    """A cron trigger that never fires the same local wall-clock time twice."""

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        candidate = super().get_next_fire_time(previous_fire_time, now)
        if previous_fire_time is None:
            return candidate
        previous_wall = wall_clock(previous_fire_time, self.timezone)
        for _ in range(4):
            if candidate is None or wall_clock(candidate, self.timezone) != previous_wall:
                return candidate
            later = (candidate.astimezone(UTC) + _SECOND).astimezone(self.timezone)
            candidate = super().get_next_fire_time(candidate, later)
        return candidate


def cron_trigger(expression: str, tz: ZoneInfo) -> WallClockCronTrigger:
    """The trigger for a crontab line like ``0 9 1 * *`` (minute hour day month weekday)."""
    try:
        return WallClockCronTrigger.from_crontab(expression, timezone=tz)
    except ValueError as error:
        raise NewsdeskError(
            f"--cron {expression!r} is not a crontab line ({error}); write five fields, "
            'minute hour day month weekday, e.g. "0 9 1 * *" for 09:00 on the 1st of each month'
        ) from None


def date_trigger(moment: datetime) -> DateTrigger:
    return DateTrigger(run_date=moment, timezone=moment.tzinfo)


def fire_times(
    trigger: CronTrigger, start: datetime, end: datetime, limit: int = 1000
) -> list[datetime]:
    """The times ``trigger`` fires after ``start`` up to and including ``end``."""
    times: list[datetime] = []
    previous: datetime | None = None
    now = (start.astimezone(UTC) + _SECOND).astimezone(start.tzinfo)
    while len(times) < limit:
        moment = trigger.get_next_fire_time(previous, now)
        if moment is None or moment > end:
            break
        times.append(moment)
        previous = moment
        now = (moment.astimezone(UTC) + _SECOND).astimezone(moment.tzinfo)
    return times


def last_fire_time(trigger: CronTrigger, since: datetime, now: datetime) -> datetime | None:
    """The latest time ``trigger`` fired after ``since`` and not after ``now``."""
    times = fire_times(trigger, since, now, limit=100_000)
    return times[-1] if times else None


def previous_fire_time(trigger: CronTrigger, before: datetime) -> datetime:
    """The last time ``trigger`` fired before ``before`` (up to a year back), else ``before``."""
    for days in (1 / 24, 1, 32, 367):
        found = last_fire_time(trigger, before - timedelta(days=days), before)
        if found is not None:
            return found
    return before
