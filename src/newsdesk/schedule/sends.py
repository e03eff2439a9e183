"""One-off scheduled sends: create, fire, list, cancel and move them.

Scheduling reads the release, checks it and the time now, creates the campaign
in state ``scheduled`` and writes a date job. At send time the job claims the
campaign (``scheduled → sending``, exactly once across processes), reads the
release file again — it is sent as it is then, and a change is logged —, runs
the checks again and sends. Anything that stops it marks the campaign failed
with the reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.deliver import Ledger
from newsdesk.deliver import scheduled as campaigns
from newsdesk.schedule import gate
from newsdesk.schedule.jobs import fire_send
from newsdesk.schedule.store import drop_job, put_job
from newsdesk.schedule.tables import scheduled_sends
from newsdesk.schedule.triggers import date_trigger
from newsdesk.schedule.when import describe, parse_duration, parse_when, zone

log = logging.getLogger("newsdesk.schedule")

DEFAULT_GRACE = "6h"


def grace(workspace: Workspace) -> timedelta:
    """How late a missed send may still go out (``[schedule] grace``, default 6 h)."""
    return parse_duration(workspace.config.section("schedule").get("grace", DEFAULT_GRACE))


def utc(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite gives it back without a zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def send_job_id(campaign_id: int) -> str:
    return f"send-{campaign_id}"


@dataclass
class ScheduledSend:
    """What ``schedule send`` created (printed as JSON with ``--json``)."""

    campaign_id: int
    release: Release
    lists: list[str]
    run_at: datetime
    tz: str
    recipients: int
    languages: list[str]
    warnings: list[str]
    forced: str = ""

    def to_dict(self) -> dict[str, Any]:
        local = self.run_at.astimezone(zone(self.tz))
        return {
            "campaign": self.campaign_id,
            "release": self.release.slug,
            "file": str(self.release.path) if self.release.path else None,
            "lists": self.lists,
            "at": local.isoformat(),
            "at_utc": self.run_at.astimezone(UTC).isoformat(),
            "timezone": self.tz,
            "recipients": self.recipients,
            "languages": self.languages,
            "embargo": self.release.embargo.isoformat() if self.release.embargo else None,
            "status": "scheduled",
            "warnings": self.warnings,
            "forced": self.forced,
        }


def schedule_send(
    workspace: Workspace,
    path: Path,
    lists: list[str],
    at: str,
    *,
    tz_name: str | None = None,
    fold: int | None = None,
    provider: str | None = None,
    fallback: str | None = None,
    force: str | None = None,
    now: datetime | None = None,
) -> ScheduledSend:
    """Check ``path`` for a send to ``lists`` at ``at`` and schedule it. ``force`` is the
    reason to schedule despite warnings of the checks; it holds again when the send fires."""
    from newsdesk.ingest import read_release

    if not lists:
        raise NewsdeskError("name at least one list with --list NAME")
    now = now or datetime.now(UTC)
    tz = zone(tz_name or workspace.config.timezone)
    release = read_release(path)
    run_at = parse_when(at, tz, now=now, fold=fold, embargo=release.embargo)
    verdict = gate.presend(workspace, release, lists, at=run_at, fallback=fallback, force=force)
    engine = connect(workspace.database_url)
    with engine.begin() as connection:
        campaign_id = campaigns.create(
            connection,
            workspace,
            release,
            lists,
            provider=provider,
            fallback=fallback,
            scheduled_at=run_at,
            forced=verdict.forced,
            forced_warnings=verdict.forced_warnings,
        )
        connection.execute(
            scheduled_sends.insert().values(
                campaign_id=campaign_id,
                release_path=str(path.resolve()),
                release_slug=release.slug,
                content_hash=content_hash(path),
                lists=json.dumps(lists, ensure_ascii=False),
                provider=provider,
                fallback=fallback,
                timezone=tz.key,
                run_at=run_at.astimezone(UTC),
                created_at=now,
            )
        )
    put_send_job(workspace, engine, campaign_id, run_at, now)
    log.info("scheduled campaign %s (%s) for %s", campaign_id, release.slug, describe(run_at))
    return ScheduledSend(
        campaign_id=campaign_id,
        release=release,
        lists=list(lists),
        run_at=run_at,
        tz=tz.key,
        recipients=verdict.recipients,
        languages=verdict.languages,
        warnings=verdict.warnings,
        forced=verdict.forced,
    )


def put_send_job(
    workspace: Workspace, engine: Engine, campaign_id: int, run_at: datetime, now: datetime
) -> None:
    put_job(
        engine,
        send_job_id(campaign_id),
        fire_send,
        (campaign_id,),
        date_trigger(run_at),
        grace=grace(workspace),
        name=f"send campaign {campaign_id}",
        now=now,
    )


def _entry(engine: Engine, campaign_id: int) -> sa.Row[Any] | None:
    with engine.connect() as connection:
        return connection.execute(
            scheduled_sends.select().where(scheduled_sends.c.campaign_id == campaign_id)
        ).first()


def _note(engine: Engine, campaign_id: int, outcome: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            scheduled_sends.update()
            .where(scheduled_sends.c.campaign_id == campaign_id)
            .values(outcome=outcome)
        )


def locate_release(workspace: Workspace, path: Path, slug: str) -> tuple[Path, str]:
    """The release file now: at ``path``, or moved within the workspace (same slug)."""
    from newsdesk.ingest import read_release

    if path.is_file():
        return path, ""
    for candidate in workspace.release_files():
        try:
            if read_release(candidate).slug == slug:
                return candidate, f"release file moved from {path} to {candidate}"
        except NewsdeskError:
            continue
    raise NewsdeskError(
        f"the release file is gone (moved out of {workspace.releases_dir} or deleted) "
        f"and no release with slug {slug!r} is there",
        place=path,
    )


def run_send(workspace: Workspace, campaign_id: int, *, now: datetime) -> str:
    """The work of a send job; returns (and logs) its outcome in one line."""
    from newsdesk.ingest import read_release

    engine = connect(workspace.database_url)
    entry = _entry(engine, campaign_id)
    if entry is None:
        message = f"campaign {campaign_id}: not a scheduled send; nothing to do"
        log.warning(message)
        return message
    log.info(
        "trigger: campaign %s (%s), due %s",
        campaign_id,
        entry.release_slug,
        describe(utc(entry.run_at), zone(entry.timezone)),
    )
    if not campaigns.claim(engine, campaign_id):
        message = (
            f"campaign {campaign_id}: already {campaigns.status(engine, campaign_id)}; skipped"
        )
        log.info(message)
        return message
    notes: list[str] = []
    try:
        path, moved = locate_release(workspace, Path(entry.release_path), entry.release_slug)
        if moved:
            notes.append(moved)
        if content_hash(path) != entry.content_hash:
            notes.append("the release changed since it was scheduled; sending it as it is now")
        for note in notes:
            log.warning("campaign %s: %s", campaign_id, note)
        release = read_release(path)
        lists = json.loads(entry.lists)
        verdict = gate.presend(
            workspace,
            release,
            lists,
            at=now,
            fallback=entry.fallback,
            force=campaigns.forced_reason(engine, campaign_id),
        )
        summary = campaigns.run(
            workspace,
            campaign_id,
            release,
            lists,
            provider=entry.provider,
            rendered=verdict.rendered,
        )
    except NewsdeskError as error:
        campaigns.finish(engine, campaign_id, "failed", str(error))
        message = f"campaign {campaign_id}: failed: {error}"
        _note(engine, campaign_id, "; ".join([*notes, f"failed: {error}"]))
        log.error(message)
        return message
    except Exception as error:  # a bug or an outage: never leave the campaign "sending"
        reason = f"unexpected error: {type(error).__name__}: {error}; " + _after_failure(
            engine, campaign_id
        )
        campaigns.finish(engine, campaign_id, "failed", reason)
        _note(engine, campaign_id, reason)
        log.exception("campaign %s: failed: %s", campaign_id, reason)
        return f"campaign {campaign_id}: failed: {reason}"
    message = f"campaign {campaign_id}: {summary}"
    _note(engine, campaign_id, "; ".join([*notes, summary]))
    log.info(message)
    return message


def _after_failure(engine: Engine, campaign_id: int) -> str:
    """What the user can do about a campaign that failed while sending: go on with its
    ledger, or — when it failed before the audience was written — send it anew."""
    if Ledger(engine).counts(campaign_id):
        return f"`newsdesk send --resume {campaign_id}` goes on with the rows not sent"
    return (
        "nothing was sent; fix the cause, then send the release with "
        "`newsdesk send FILE --list NAME` or schedule it again"
    )


def mark_missed(workspace: Workspace, campaign_id: int, now: datetime) -> bool:
    """A send whose time passed longer ago than the grace: failed, not sent."""
    engine = connect(workspace.database_url)
    entry = _entry(engine, campaign_id)
    if entry is None:
        return False
    late = now - utc(entry.run_at)
    reason = (
        f"missed: due {describe(utc(entry.run_at), zone(entry.timezone))}, the scheduler "
        f"was not running; {hours(late)} late is beyond the grace of {hours(grace(workspace))}"
        " — not sent; schedule it again with `newsdesk schedule move`"
    )
    if campaigns.fail_scheduled(engine, campaign_id, reason):
        _note(engine, campaign_id, reason)
        log.error("campaign %s: %s", campaign_id, reason)
        return True
    return False


def hours(span: timedelta) -> str:
    """``6 h 00 min``."""
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def cancel_send(workspace: Workspace, campaign_id: int) -> None:
    engine = connect(workspace.database_url)
    if _entry(engine, campaign_id) is None:
        raise NewsdeskError(
            f"there is no scheduled send {campaign_id}; see `newsdesk schedule list`"
        )
    if not campaigns.cancel(engine, campaign_id):
        raise NewsdeskError(
            f"campaign {campaign_id} is {campaigns.status(engine, campaign_id)}, not scheduled; "
            "only a scheduled send can be cancelled"
        )
    drop_job(engine, send_job_id(campaign_id))
    _note(engine, campaign_id, "cancelled")
    log.info("campaign %s: cancelled", campaign_id)


def move_send(
    workspace: Workspace,
    campaign_id: int,
    at: str,
    *,
    tz_name: str | None = None,
    fold: int | None = None,
    now: datetime | None = None,
) -> datetime:
    """Give a scheduled send a new time (the embargo rule applies again)."""
    from newsdesk.ingest import read_release

    now = now or datetime.now(UTC)
    engine = connect(workspace.database_url)
    entry = _entry(engine, campaign_id)
    if entry is None:
        raise NewsdeskError(
            f"there is no scheduled send {campaign_id}; see `newsdesk schedule list`"
        )
    tz = zone(tz_name or entry.timezone)
    path, _moved = locate_release(workspace, Path(entry.release_path), entry.release_slug)
    release = read_release(path)
    run_at = parse_when(at, tz, now=now, fold=fold, embargo=release.embargo)
    if not campaigns.reschedule(engine, campaign_id, run_at):
        raise NewsdeskError(
            f"campaign {campaign_id} is {campaigns.status(engine, campaign_id)}, not scheduled; "
            "only a scheduled send can be moved"
        )
    with engine.begin() as connection:
        connection.execute(
            scheduled_sends.update()
            .where(scheduled_sends.c.campaign_id == campaign_id)
            .values(run_at=run_at.astimezone(UTC), timezone=tz.key, release_path=str(path))
        )
    put_send_job(workspace, engine, campaign_id, run_at, now)
    log.info("campaign %s: moved to %s", campaign_id, describe(run_at))
    return run_at
