"""Release sources pulled by the scheduler, each at its own interval.

Pull jobs live in the scheduler's in-memory store, not the shared one: they are
rebuilt from the ``sources`` table at every poll (a source added, removed or
re-timed with ``newsdesk sources`` is picked up while the scheduler runs).
Each pull runs first when the scheduler starts. Two schedulers both pull; the
sources stage recognises what it already has.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.schedule import jobs

log = logging.getLogger("newsdesk.schedule")

LOCAL = "local"
PREFIX = "pull-"


def sync_source_jobs(scheduler: BaseScheduler, workspace: Workspace) -> None:
    """One interval job per configured source; none for a source that is gone."""
    from newsdesk.sources import list_sources

    try:
        wanted = {f"{PREFIX}{source.name}": source for source in list_sources(workspace)}
    except NewsdeskError as error:
        log.warning("sources: cannot read them: %s", error)
        return
    for job in scheduler.get_jobs(jobstore=LOCAL):
        if job.id.startswith(PREFIX) and job.id not in wanted:
            job.remove()
            log.info("sources: %s no longer pulled", job.id.removeprefix(PREFIX))
    for job_id, source in wanted.items():
        existing = scheduler.get_job(job_id, jobstore=LOCAL)
        trigger = existing.trigger if existing is not None else None
        if (
            isinstance(trigger, IntervalTrigger)
            and trigger.interval.total_seconds() == source.every_seconds
        ):
            continue
        scheduler.add_job(
            jobs.pull,
            IntervalTrigger(seconds=source.every_seconds, timezone=UTC),
            args=(source.name,),
            id=job_id,
            name=f"pull source {source.name}",
            jobstore=LOCAL,
            replace_existing=True,
            next_run_time=datetime.now(UTC) if existing is None else existing.next_run_time,
        )
        log.info("sources: %s pulled every %s s", source.name, source.every_seconds)
