"""APScheduler's job store in the workspace database, and writing jobs into it.

The store is only a trigger: the rows of ``scheduled_sends`` and ``digests``
are the truth, and :func:`newsdesk.schedule.service.reconcile` rebuilds missing
jobs from them. Two schedulers on one store (two hosts on PostgreSQL) may both
fire a job; the campaign claim makes the work happen once. This store therefore
tolerates a job that the other scheduler already removed or updated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from sqlalchemy.engine import Engine

from newsdesk.core.errors import NewsdeskError
from newsdesk.schedule.tables import JOBS_TABLE

log = logging.getLogger("newsdesk.schedule")


class SharedJobStore(SQLAlchemyJobStore):
    """SQLAlchemyJobStore that survives another scheduler having run a job first,
    and reports an unreadable job in one line instead of a traceback."""

    def update_job(self, job: Job) -> None:
        try:
            super().update_job(job)
        except JobLookupError:
            log.debug("job %s was removed by another scheduler", job.id)

    def remove_job(self, job_id: str) -> None:
        try:
            super().remove_job(job_id)
        except JobLookupError:
            log.debug("job %s was removed by another scheduler", job_id)

    def _get_jobs(self, *conditions: Any) -> list[Job]:
        jobs: list[Job] = []
        select = sa.select(self.jobs_t.c.id, self.jobs_t.c.job_state).order_by(
            self.jobs_t.c.next_run_time
        )
        if conditions:
            select = select.where(sa.and_(*conditions))
        broken: list[str] = []
        with self.engine.begin() as connection:
            for row in connection.execute(select):
                try:
                    jobs.append(self._reconstitute_job(row.job_state))
                except Exception as error:  # a damaged or foreign row
                    log.error(
                        "job store: job %s cannot be read (%s: %s); removed it — "
                        "it is rebuilt from the schedule when the scheduler starts",
                        row.id,
                        type(error).__name__,
                        error,
                    )
                    broken.append(row.id)
            if broken:
                connection.execute(self.jobs_t.delete().where(self.jobs_t.c.id.in_(broken)))
        return jobs


def job_store(engine: Engine) -> SharedJobStore:
    return SharedJobStore(engine=engine, tablename=JOBS_TABLE)


def check_store(engine: Engine) -> int:
    """Read every job in the store once; returns how many there are.

    A table APScheduler cannot use (wrong columns, not a table) is dropped and
    recreated: its jobs are rebuilt from the schedule afterwards. A database
    that cannot be reached at all is a :class:`NewsdeskError`.
    """
    store = job_store(engine)
    store.start(BackgroundScheduler(), "check")
    try:
        return len(store.get_all_jobs())
    except sa.exc.OperationalError as error:
        if "no such column" not in str(error) and "does not exist" not in str(error):
            raise NewsdeskError(f"cannot read the scheduler's job store: {error.orig}") from None
        reason = error.orig
    except sa.exc.DatabaseError as error:
        reason = error.orig
    log.error(
        "job store table %s is damaged (%s); rebuilding it from the schedule", JOBS_TABLE, reason
    )
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP TABLE {JOBS_TABLE}"))
    store = job_store(engine)
    store.start(BackgroundScheduler(), "check")
    return 0


def put_job(
    engine: Engine,
    job_id: str,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    trigger: BaseTrigger,
    *,
    grace: timedelta,
    name: str,
    now: datetime,
) -> datetime | None:
    """Write (or replace) one job in the store without starting a scheduler.

    The running ``newsdesk scheduler run`` picks it up at its next poll. Returns
    the job's first run time.
    """
    scheduler = BackgroundScheduler(timezone=now.tzinfo)
    store = job_store(engine)
    store.start(scheduler, "default")
    next_run = trigger.get_next_fire_time(None, now)
    job = Job(
        scheduler,
        id=job_id,
        func=func,
        args=args,
        kwargs={},
        trigger=trigger,
        executor="default",
        name=name,
        misfire_grace_time=int(grace.total_seconds()),
        coalesce=True,
        max_instances=1,
        next_run_time=next_run,
    )
    if store.lookup_job(job_id) is None:
        store.add_job(job)
    else:
        store.update_job(job)
    return next_run


def drop_job(engine: Engine, job_id: str) -> None:
    store = job_store(engine)
    store.start(BackgroundScheduler(), "default")
    store.remove_job(job_id)


def job_ids(engine: Engine) -> set[str]:
    store = job_store(engine)
    store.start(BackgroundScheduler(), "default")
    return {job.id for job in store.get_all_jobs()}
