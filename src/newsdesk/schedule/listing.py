"""``newsdesk schedule list``: what goes out when, to how many, in which languages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rich.console import Console

from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.deliver import scheduled as campaigns
from newsdesk.schedule.gate import audience_languages
from newsdesk.schedule.sends import utc
from newsdesk.schedule.tables import digest_runs, digests, scheduled_sends
from newsdesk.schedule.triggers import cron_trigger
from newsdesk.schedule.when import zone

DONE = {"sent", "failed", "cancelled"}


def _audience(workspace: Workspace, lists: list[str]) -> tuple[int | None, list[str]]:
    try:
        return audience_languages(workspace, lists)
    except NewsdeskError:
        return None, []


def _embargo(workspace: Workspace, path: str) -> str | None:
    from newsdesk.ingest import read_release

    try:
        release = read_release(Path(path))
    except (NewsdeskError, OSError):
        return None
    return release.embargo.isoformat() if release.embargo else None


def listing(workspace: Workspace, *, include_done: bool = False) -> list[dict[str, Any]]:
    """The scheduled sends (soonest first) and the digests, as JSON-ready rows."""
    engine = connect(workspace.database_url)
    with engine.connect() as connection:
        sends = connection.execute(
            sa.select(scheduled_sends).order_by(scheduled_sends.c.run_at)
        ).all()
        digest_rows = connection.execute(sa.select(digests).order_by(digests.c.id)).all()
        last_runs = {
            run.digest_id: run
            for run in connection.execute(sa.select(digest_runs).order_by(digest_runs.c.slot))
        }
    rows: list[dict[str, Any]] = []
    for entry in sends:
        status = campaigns.status(engine, entry.campaign_id)
        if status in DONE and not include_done:
            continue
        lists = json.loads(entry.lists)
        recipients, languages = _audience(workspace, lists)
        rows.append(
            {
                "id": str(entry.campaign_id),
                "kind": "send",
                "at": utc(entry.run_at).astimezone(zone(entry.timezone)).isoformat(),
                "timezone": entry.timezone,
                "release": entry.release_slug,
                "file": entry.release_path,
                "lists": lists,
                "recipients": recipients,
                "languages": languages,
                "embargo": _embargo(workspace, entry.release_path),
                "status": status,
                "outcome": entry.outcome,
            }
        )
    now = datetime.now(UTC)
    for digest in digest_rows:
        if digest.status != "active" and not include_done:
            continue
        tz = zone(digest.timezone)
        lists = json.loads(digest.lists)
        recipients, languages = _audience(workspace, lists)
        upcoming = cron_trigger(digest.cron, tz).get_next_fire_time(None, now.astimezone(tz))
        last = last_runs.get(digest.id)
        rows.append(
            {
                "id": f"d{digest.id}",
                "kind": "digest",
                "at": upcoming.isoformat() if upcoming and digest.status == "active" else None,
                "timezone": digest.timezone,
                "cron": digest.cron,
                "release": None,
                "lists": lists,
                "recipients": recipients,
                "languages": languages,
                "embargo": None,
                "status": digest.status,
                "outcome": f"{last.status}: {last.reason}".rstrip(": ") if last else "",
            }
        )
    return rows


def _when(value: str | None, tz: str) -> str:
    if not value:
        return "—"
    moment = datetime.fromisoformat(value).astimezone(zone(tz))
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"


def print_listing(console: Console, rows: list[dict[str, Any]]) -> None:
    """One line per entry, soonest send first, then the digests."""
    if not rows:
        console.print("Nothing is scheduled.")
        return
    for row in rows:
        what = row["release"] or f"digest ({row['cron']})"
        reach = "? recipients" if row["recipients"] is None else f"{row['recipients']} recipients"
        if row["languages"]:
            reach += ": " + ", ".join(row["languages"])
        when = _when(row["at"], row["timezone"])
        line = f"{row['id']:>4}  {when}  {what} → {', '.join(row['lists'])} ({reach})"
        if row["embargo"]:
            line += f"  Sperrfrist {_when(row['embargo'], row['timezone'])}"
        line += f"  [{row['status']}]"
        if row["outcome"] and row["outcome"] != row["status"]:
            line += f" {row['outcome']}"
        console.print(line, soft_wrap=True, markup=False)
