"""``newsdesk scheduler run``: APScheduler with its job store in the workspace database.

Jobs get ``coalesce=True`` and the configured misfire grace (``[schedule]
grace``, default 6 h): a send missed while the host was down goes out once
after a restart; an older one is reported and its campaign marked failed.
Before starting, the job store is read once (a damaged table is rebuilt) and
every scheduled send and active digest without a job gets one again.
"""

from __future__ import annotations

import logging
import signal
import time
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Any

import sqlalchemy as sa
from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.engine import Engine

from newsdesk.core.db import connect
from newsdesk.core.workspace import Workspace
from newsdesk.deliver import scheduled as campaigns
from newsdesk.schedule import jobs
from newsdesk.schedule.pulls import sync_source_jobs
from newsdesk.schedule.sends import grace, hours, mark_missed, put_send_job, utc
from newsdesk.schedule.store import check_store, job_ids, job_store
from newsdesk.schedule.tables import digests, scheduled_sends
from newsdesk.schedule.when import parse_duration

log = logging.getLogger("newsdesk.schedule")

DEFAULT_POLL = "30s"


def poll_interval(workspace: Workspace) -> timedelta:
    return parse_duration(workspace.config.section("schedule").get("poll", DEFAULT_POLL))


def reconcile(workspace: Workspace, now: datetime) -> int:
    """Give every scheduled send and active digest its job again; returns how many."""
    from newsdesk.schedule.digest import put_digest_job

    engine = connect(workspace.database_url)
    present = job_ids(engine)
    restored = 0
    with engine.connect() as connection:
        sends = connection.execute(sa.select(scheduled_sends)).all()
        active = connection.execute(digests.select().where(digests.c.status == "active")).all()
    limit = grace(workspace)
    for entry in sends:
        if f"send-{entry.campaign_id}" in present:
            continue
        if campaigns.status(engine, entry.campaign_id) != "scheduled":
            continue
        run_at = utc(entry.run_at)
        if now - run_at > limit:
            mark_missed(workspace, entry.campaign_id, now)
            continue
        put_send_job(workspace, engine, entry.campaign_id, run_at, now)
        restored += 1
    for digest in active:
        if f"digest-{digest.id}" not in present:
            put_digest_job(workspace, engine, digest, now)
            restored += 1
    if restored:
        log.warning("job store: restored %s job(s) from the schedule", restored)
    _sync_grace(engine, int(limit.total_seconds()))
    return restored


def _sync_grace(engine: Engine, seconds: int) -> None:
    """Jobs keep the grace they were written with; give them the configured one."""
    store = job_store(engine)
    store.start(BackgroundScheduler(), "default")
    for job in store.get_all_jobs():
        if job.misfire_grace_time != seconds:
            job._modify(misfire_grace_time=seconds)
            store.update_job(job)


def _on_missed(workspace: Workspace, event: JobExecutionEvent) -> None:
    now = datetime.now(UTC)
    if event.job_id.startswith("send-"):
        mark_missed(workspace, int(event.job_id.removeprefix("send-")), now)
    else:
        log.error(
            "%s: the run due %s was missed by more than the grace; not sent",
            event.job_id,
            event.scheduled_run_time,
        )


class Scheduler(BlockingScheduler):
    """The scheduler of ``newsdesk scheduler run``: a BlockingScheduler whose loop
    also looks at the shared job store every ``poll`` (for jobs other commands
    wrote), keeps the source pulls in step with the ``sources`` table, and ends
    when :meth:`request_stop` was called.

    Nothing here runs inside a job: a job that calls the scheduler deadlocks
    with ``shutdown(wait=True)``, which holds the job-store lock while it waits
    for the jobs. A signal handler only calls :meth:`request_stop` (it sets an
    attribute): taking any lock there can deadlock against the interrupted
    main thread.
    """

    stop_signal: int | None = None
    poll_seconds: float = 30.0
    served: Workspace | None = None

    def request_stop(self, signum: int = 0) -> None:
        if self.stop_signal is None:
            self.stop_signal = signum

    def _main_loop(self) -> None:
        next_poll = 0.0
        due_at = 0.0
        while self.state != STATE_STOPPED and self.stop_signal is None:
            now = time.monotonic()
            woken = self._event.wait(max(0.0, min(due_at - now, next_poll - now, STOP_CHECK)))
            self._event.clear()
            if self.stop_signal is not None:
                break
            now = time.monotonic()
            if now >= next_poll:
                if self.served is not None:
                    sync_source_jobs(self, self.served)
                next_poll = now + self.poll_seconds
            elif not woken and now < due_at:
                continue
            wait_seconds = self._process_jobs()
            due_at = now + (wait_seconds if wait_seconds is not None else self.poll_seconds)

    def run_until_stopped(self) -> None:
        """Start, run until :meth:`request_stop`, then finish the jobs in flight."""
        self.start()
        if self.stop_signal:
            log.info(
                "scheduler: %s received; finishing the sends in flight, then stopping",
                signal.Signals(self.stop_signal).name,
            )
        self.shutdown(wait=True)


STOP_CHECK = 0.5


def build_scheduler(
    workspace: Workspace, *, poll: timedelta | None = None, workers: int = 4
) -> Scheduler:
    """A scheduler serving ``workspace``'s job store (not started)."""
    engine = connect(workspace.database_url)
    check_store(engine)
    scheduler = Scheduler(
        jobstores={"default": job_store(engine), "local": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(workers)},
        job_defaults={
            "coalesce": True,
            "misfire_grace_time": int(grace(workspace).total_seconds()),
            "max_instances": 1,
        },
        timezone=UTC,
    )
    scheduler.add_listener(lambda event: _on_missed(workspace, event), EVENT_JOB_MISSED)
    every = poll if poll is not None else poll_interval(workspace)
    scheduler.poll_seconds = max(every.total_seconds(), 0.1)
    scheduler.served = workspace
    jobs.serve(workspace)
    reconcile(workspace, datetime.now(UTC))
    return scheduler


def quiet_apscheduler() -> None:
    """APScheduler logs every run of the wake job at INFO; ours says what matters."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def run(workspace: Workspace, *, poll: timedelta | None = None) -> None:
    """Run the scheduler until SIGTERM or SIGINT; sends in flight are finished first."""
    quiet_apscheduler()
    scheduler = build_scheduler(workspace, poll=poll)

    def stop(signum: int, _frame: FrameType | None) -> None:
        scheduler.request_stop(signum)

    previous: dict[int, Any] = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, stop)
    log.info(
        "scheduler: serving %s (database %s), grace %s",
        workspace.root,
        connect(workspace.database_url).url.render_as_string(hide_password=True),
        hours(grace(workspace)),
    )
    try:
        scheduler.run_until_stopped()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        jobs.serve(None)
    log.info("scheduler: stopped")
