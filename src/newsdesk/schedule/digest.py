"""Recurring digests: the releases published since the previous digest, on a cron schedule.

A release belongs in a digest when it is approved, published (its embargo, or
else its date, is past) after the digest's period started, and no earlier run
of the same digest carried it. Each cron slot runs once: the run is claimed by
inserting its local wall-clock slot (unique per digest), so two schedulers —
or the repeated hour when the clocks go back — never send it twice.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.schedule.jobs import fire_digest
from newsdesk.schedule.sends import grace, utc
from newsdesk.schedule.store import drop_job, put_job
from newsdesk.schedule.tables import digest_runs, digests
from newsdesk.schedule.triggers import cron_trigger, last_fire_time, previous_fire_time
from newsdesk.schedule.when import describe, zone

log = logging.getLogger("newsdesk.schedule")


def digest_job_id(digest_id: int) -> str:
    return f"digest-{digest_id}"


def published_at(release: Release, tz: ZoneInfo) -> datetime | None:
    """When a release counts as published: its embargo, else the start of its date,
    else when its file was last written."""
    if release.embargo is not None:
        return release.embargo
    if release.date is not None:
        return datetime.combine(release.date, time(0, 0), tzinfo=tz)
    if release.path is not None and release.path.exists():
        return datetime.fromtimestamp(release.path.stat().st_mtime, tz=UTC)
    return None


def collect(
    workspace: Workspace, since: datetime, until: datetime, exclude: set[str]
) -> list[tuple[Release, datetime]]:
    """Approved releases published after ``since`` and by ``until``, newest first."""
    from newsdesk.ingest import read_release

    tz = workspace.config.tz
    found: list[tuple[Release, datetime]] = []
    for path in workspace.release_files():
        try:
            release = read_release(path)
        except NewsdeskError as error:
            log.warning("digest: skipped %s: %s", path.name, error)
            continue
        if release.status != "approved" or release.slug in exclude:
            continue
        published = published_at(release, tz)
        if published is None or not since < published <= until:
            continue
        found.append((release, published))
    found.sort(key=lambda pair: pair[1], reverse=True)
    return found


def schedule_digest(
    workspace: Workspace,
    lists: list[str],
    cron: str,
    *,
    tz_name: str | None = None,
    provider: str | None = None,
    fallback: str | None = None,
    now: datetime | None = None,
) -> tuple[int, datetime | None]:
    """Create a recurring digest; returns its id and its first send time."""
    from newsdesk.schedule.gate import audience_languages

    if not lists:
        raise NewsdeskError("name at least one list with --list NAME")
    now = now or datetime.now(UTC)
    tz = zone(tz_name or workspace.config.timezone)
    trigger = cron_trigger(cron, tz)
    if trigger.get_next_fire_time(None, now.astimezone(tz)) is None:
        raise NewsdeskError(
            f"--cron {cron!r} never fires: no day matches it (like the 31st of February); "
            "choose a day of the month that exists in the months named"
        )
    audience_languages(workspace, lists)  # an unknown list is refused now, not at 09:00
    since = previous_fire_time(trigger, now.astimezone(tz))
    engine = connect(workspace.database_url)
    with engine.begin() as connection:
        digest_id = connection.execute(
            digests.insert().values(
                lists=json.dumps(lists, ensure_ascii=False),
                cron=cron,
                timezone=tz.key,
                provider=provider,
                fallback=fallback,
                status="active",
                created_at=now,
                since=since.astimezone(UTC),
            )
        ).inserted_primary_key[0]
        row = connection.execute(digests.select().where(digests.c.id == digest_id)).one()
    first = put_digest_job(workspace, engine, row, now)
    log.info("digest %s: %s (%s), first %s", digest_id, cron, tz.key, first)
    return int(digest_id), first


def put_digest_job(
    workspace: Workspace, engine: Engine, row: Any, now: datetime
) -> datetime | None:
    tz = zone(row.timezone)
    return put_job(
        engine,
        digest_job_id(row.id),
        fire_digest,
        (row.id,),
        cron_trigger(row.cron, tz),
        grace=grace(workspace),
        name=f"digest {row.id}",
        now=now.astimezone(tz),
    )


def cancel_digest(workspace: Workspace, digest_id: int) -> None:
    engine = connect(workspace.database_url)
    with engine.begin() as connection:
        changed = connection.execute(
            digests.update()
            .where(digests.c.id == digest_id, digests.c.status == "active")
            .values(status="cancelled")
        ).rowcount
    if not changed:
        raise NewsdeskError(f"there is no active digest d{digest_id}; see `newsdesk schedule list`")
    drop_job(engine, digest_job_id(digest_id))
    log.info("digest %s: cancelled", digest_id)


def _claim(
    engine: Engine, digest_id: int, slot: datetime, since: datetime, tz: ZoneInfo, now: datetime
) -> int | None:
    local = f"{slot.astimezone(tz):%Y-%m-%d %H:%M}"
    try:
        with engine.begin() as connection:
            return int(
                connection.execute(
                    digest_runs.insert().values(
                        digest_id=digest_id,
                        slot=slot.astimezone(UTC),
                        local_slot=local,
                        since=since.astimezone(UTC),
                        status="sending",
                        created_at=now,
                    )
                ).inserted_primary_key[0]
            )
    except sa.exc.IntegrityError:
        return None


def _finish(engine: Engine, run_id: int, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(digest_runs.update().where(digest_runs.c.id == run_id).values(**values))


def run_digest(workspace: Workspace, digest_id: int, *, now: datetime) -> str:
    """The work of a digest job for the latest slot due by ``now``; returns its outcome."""
    engine = connect(workspace.database_url)
    with engine.connect() as connection:
        row = connection.execute(digests.select().where(digests.c.id == digest_id)).first()
        runs = connection.execute(
            sa.select(digest_runs.c.slot, digest_runs.c.slugs, digest_runs.c.status)
            .where(digest_runs.c.digest_id == digest_id)
            .order_by(digest_runs.c.slot)
        ).all()
    if row is None or row.status != "active":
        message = f"digest {digest_id}: not active; nothing to do"
        log.info(message)
        return message
    tz = zone(row.timezone)
    after = utc(runs[-1].slot) if runs else utc(row.since)
    done = [run for run in runs if run.status in ("sent", "paused", "empty")]
    since = utc(done[-1].slot) if done else utc(row.since)
    slot = last_fire_time(cron_trigger(row.cron, tz), after.astimezone(tz), now.astimezone(tz))
    if slot is None:
        message = f"digest {digest_id}: no run due by {describe(now, tz)}"
        log.info(message)
        return message
    log.info("trigger: digest %s, slot %s", digest_id, describe(slot, tz))
    run_id = _claim(engine, digest_id, slot, since, tz, now)
    if run_id is None:
        message = f"digest {digest_id}: the run of {describe(slot, tz)} is done elsewhere; skipped"
        log.info(message)
        return message
    sent_before: set[str] = set()
    for run in runs:
        if run.status in ("sent", "paused"):
            sent_before.update(json.loads(run.slugs))
    found = collect(workspace, since, min(now, slot.astimezone(UTC)), sent_before)
    if not found:
        reason = f"no release was published since {describe(since, tz)}; nothing sent"
        _finish(engine, run_id, status="empty", reason=reason)
        message = f"digest {digest_id}: {reason}"
        log.info(message)
        return message
    slugs = [release.slug for release, _published in found]
    try:
        campaign_id, summary = _send(workspace, row, found, since, slot.astimezone(tz))
    except NewsdeskError as error:
        _finish(engine, run_id, status="failed", reason=str(error), slugs=json.dumps(slugs))
        message = f"digest {digest_id}: failed: {error}"
        log.error(message)
        return message
    except Exception as error:  # a bug or an outage: the run must not stay "sending"
        reason = f"unexpected error: {type(error).__name__}: {error}"
        _finish(engine, run_id, status="failed", reason=reason, slugs=json.dumps(slugs))
        log.exception("digest %s: failed: %s", digest_id, reason)
        return f"digest {digest_id}: failed: {reason}"
    state = summary.split(" ", 1)[0].rstrip(":")  # sent, paused or failed
    _finish(engine, run_id, status=state, campaign_id=campaign_id, slugs=json.dumps(slugs))
    message = f"digest {digest_id}: campaign {campaign_id} with {len(found)} release(s): {summary}"
    log.info(message)
    return message


def _send(
    workspace: Workspace,
    row: Any,
    found: list[tuple[Release, datetime]],
    since: datetime,
    slot: datetime,
) -> tuple[int, str]:
    from newsdesk.deliver import scheduled as campaigns
    from newsdesk.schedule.digest_email import digest_slug, render_digest
    from newsdesk.schedule.gate import audience_languages

    lists = json.loads(row.lists)
    _count, languages = audience_languages(workspace, lists)
    rendered = {
        lang: render_digest(
            workspace,
            found,
            lang,
            since=since.astimezone(slot.tzinfo),
            slot=slot,
            fallback=row.fallback == "source",
        )
        for lang in languages or [workspace.config.source_language]
    }
    first = next(iter(rendered.values()))
    return campaigns.send_digest(
        workspace,
        rendered,
        lists,
        slug=digest_slug(slot),
        title=first.subject,
        provider=row.provider,
    )


def resume_digest_campaign(workspace: Workspace, campaign_id: int) -> str:
    """Go on with the digest campaign ``campaign_id`` (paused by its provider, or
    interrupted): the same releases rendered again, only the rows not yet sent."""
    from newsdesk.deliver import Ledger
    from newsdesk.deliver import scheduled as campaigns
    from newsdesk.ingest import read_release
    from newsdesk.schedule.digest_email import render_digest

    engine = connect(workspace.database_url)
    with engine.connect() as connection:
        run = connection.execute(
            digest_runs.select().where(digest_runs.c.campaign_id == campaign_id)
        ).first()
        row = (
            connection.execute(digests.select().where(digests.c.id == run.digest_id)).first()
            if run is not None
            else None
        )
    if run is None or row is None:
        raise NewsdeskError(
            f"campaign {campaign_id} is not a digest; `newsdesk send --resume {campaign_id}` "
            "goes on with a release's campaign"
        )
    tz = zone(row.timezone)
    wanted = json.loads(run.slugs)
    by_slug: dict[str, tuple[Release, datetime]] = {}
    for path in workspace.release_files():
        try:
            release = read_release(path)
        except NewsdeskError:
            continue
        published = published_at(release, tz)
        if release.slug in wanted and published is not None:
            by_slug[release.slug] = (release, published)
    missing = [slug for slug in wanted if slug not in by_slug]
    if missing:
        raise NewsdeskError(
            f"the digest's release(s) {', '.join(missing)} are no longer in "
            f"{workspace.releases_dir}; it cannot be rendered again"
        )
    found = sorted(by_slug.values(), key=lambda pair: pair[1], reverse=True)
    slot = utc(run.slot).astimezone(tz)
    languages = Ledger(engine).languages(campaign_id, ("pending", "sending")) or [
        workspace.config.source_language
    ]
    rendered = {
        lang: render_digest(
            workspace,
            found,
            lang,
            since=utc(run.since).astimezone(tz),
            slot=slot,
            fallback=row.fallback == "source",
        )
        for lang in languages
    }
    summary = campaigns.resume_digest(workspace, campaign_id, rendered)
    _finish(engine, run.id, status=summary.split(" ", 1)[0].rstrip(":"))
    log.info("digest %s: campaign %s resumed: %s", row.id, campaign_id, summary)
    return summary
