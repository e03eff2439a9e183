"""APScheduler's job store in the workspace database: written without a running
scheduler, shared by two schedulers, damaged rows and tables."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler

from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.schedule.jobs import fire_send
from newsdesk.schedule.store import check_store, drop_job, job_ids, job_store, put_job
from newsdesk.schedule.tables import JOBS_TABLE
from newsdesk.schedule.triggers import date_trigger

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def _put(engine: sa.Engine, job_id: str, when: datetime) -> datetime | None:
    return put_job(
        engine,
        job_id,
        fire_send,
        (7,),
        date_trigger(when),
        grace=timedelta(hours=6),
        name="send campaign 7",
        now=NOW,
    )


def _stored(engine: sa.Engine) -> list:
    store = job_store(engine)
    store.start(BackgroundScheduler(), "default")
    return store.get_all_jobs()


def test_a_job_is_written_and_replaced(workspace: Workspace) -> None:
    engine = connect(workspace.database_url)
    when = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert _put(engine, "send-7", when) == when
    later = when + timedelta(hours=1)
    _put(engine, "send-7", later)
    [job] = _stored(engine)
    assert job.id == "send-7"
    assert job.next_run_time == later
    assert job.func is fire_send and job.args == (7,)
    assert job.coalesce is True and job.misfire_grace_time == 6 * 3600
    drop_job(engine, "send-7")
    assert job_ids(engine) == set()


def test_a_job_another_scheduler_removed_is_no_error(workspace: Workspace) -> None:
    engine = connect(workspace.database_url)
    _put(engine, "send-7", datetime(2026, 12, 1, tzinfo=UTC))
    [job] = _stored(engine)
    drop_job(engine, "send-7")
    store = job_store(engine)
    store.start(BackgroundScheduler(), "default")
    store.update_job(job)  # the other scheduler ran and removed it: nothing to update
    store.remove_job("send-7")
    assert job_ids(engine) == set()


def test_an_unreadable_job_is_removed_with_one_line(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    engine = connect(workspace.database_url)
    _put(engine, "send-7", datetime(2026, 12, 1, tzinfo=UTC))
    _put(engine, "send-8", datetime(2026, 12, 2, tzinfo=UTC))
    with engine.begin() as connection:
        connection.execute(
            sa.text(f"UPDATE {JOBS_TABLE} SET job_state = :junk WHERE id = 'send-7'"),
            {"junk": b"not a pickle"},
        )
    with caplog.at_level(logging.ERROR, logger="newsdesk.schedule"):
        assert [job.id for job in _stored(engine)] == ["send-8"]
    [record] = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert "send-7" in record.getMessage() and record.exc_info is None
    assert job_ids(engine) == {"send-8"}


def test_a_damaged_table_is_rebuilt(workspace: Workspace, caplog: pytest.LogCaptureFixture) -> None:
    engine = connect(workspace.database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE TABLE {JOBS_TABLE} (junk TEXT)"))
        connection.execute(sa.text(f"INSERT INTO {JOBS_TABLE} VALUES ('x')"))
    with caplog.at_level(logging.ERROR, logger="newsdesk.schedule"):
        assert check_store(engine) == 0
    assert "damaged" in caplog.text
    _put(engine, "send-9", datetime(2026, 12, 1, tzinfo=UTC))
    assert job_ids(engine) == {"send-9"}
