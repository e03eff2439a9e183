"""The Sperrfrist: nothing goes out before it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from newsdesk.checks.context import CheckContext
from newsdesk.checks.findings import Finding, error, warning


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _shown(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M %Z")


def check(context: CheckContext) -> Iterator[Finding]:
    embargo = context.release.embargo
    if embargo is None:
        return
    zone = context.workspace.config.tz
    embargo = _aware(embargo, zone)
    place = f"Sperrfrist {_shown(embargo, zone)}"
    if context.send_at is not None:
        send_at = _aware(context.send_at, zone)
        if send_at < embargo:
            yield error(
                "embargo",
                f"the send time {_shown(send_at, zone)} is before the Sperrfrist; schedule "
                f"it for {_shown(embargo, zone)} or later",
                place,
            )
    elif context.now < embargo:
        yield warning(
            "embargo",
            f"the release is under embargo until {_shown(embargo, zone)}; it can only be "
            "sent or scheduled for that time or later",
            place,
        )
