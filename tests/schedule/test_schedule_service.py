"""The scheduler itself: APScheduler with the job store in the workspace database.

Time is real but short: a send due a few seconds ahead, or one already past due
(scheduled with a simulated "now" in the past, as if the host had been down).
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from schedule_helpers import FakePostmark, wait_for

from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger
from newsdesk.schedule.sends import schedule_send
from newsdesk.schedule.service import Scheduler, build_scheduler, quiet_apscheduler
from newsdesk.schedule.store import job_ids
from newsdesk.schedule.tables import JOBS_TABLE

POLL = timedelta(seconds=0.2)


def status(workspace: Workspace, campaign_id: int) -> str:
    return Ledger(connect(workspace.database_url)).campaign(campaign_id).status


def schedule_at(workspace: Workspace, at: datetime, *, now: datetime) -> int:
    return schedule_send(
        workspace,
        workspace.releases_dir / "gewerbeflaechen.md",
        ["presse"],
        at.isoformat(),
        provider="postmark",
        now=now,
    ).campaign_id


class Running:
    """A scheduler running ``run_until_stopped`` in a thread, as the command does."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self.thread = threading.Thread(target=scheduler.run_until_stopped, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.scheduler.request_stop()
        self.thread.join(timeout=120)
        assert not self.thread.is_alive(), "the scheduler did not stop"


@pytest.fixture
def start(newsroom: Workspace) -> Iterator[Callable[[], Running]]:
    quiet_apscheduler()
    running: list[Running] = []

    def start_one() -> Running:
        served = Workspace.open(newsroom.root)  # as a (re)started process reads it
        one = Running(build_scheduler(served, poll=POLL))
        running.append(one)
        return one

    yield start_one
    for one in running:
        if one.thread.is_alive():
            one.stop()


def test_stopped_before_due_and_restarted_after_sends_once(
    newsroom: Workspace, fake_postmark: FakePostmark, start: Callable[[], Running]
) -> None:
    now = datetime.now(UTC)
    due = now + timedelta(seconds=3)
    campaign_id = schedule_at(newsroom, due, now=now)
    first = start()
    time.sleep(0.5)  # a few polls, all before the due time
    first.stop()
    assert status(newsroom, campaign_id) == "scheduled"
    assert fake_postmark.messages == []

    wait_for(lambda: datetime.now(UTC) > due + timedelta(seconds=0.5), "the due time to pass")
    second = start()
    wait_for(lambda: status(newsroom, campaign_id) == "sent", "the send")
    wait_for(lambda: job_ids(connect(newsroom.database_url)) == set(), "the job to be done")
    time.sleep(0.6)  # more polls: nothing fires again
    second.stop()
    counts = fake_postmark.count()
    assert len(counts) == 3 and set(counts.values()) == {1}


def test_missed_within_grace_goes_out_once_after_restart(
    newsroom: Workspace, fake_postmark: FakePostmark, start: Callable[[], Running]
) -> None:
    now = datetime.now(UTC)
    # scheduled two hours ago for an hour ago; no scheduler ran in between
    campaign_id = schedule_at(newsroom, now - timedelta(hours=1), now=now - timedelta(hours=2))
    start()
    wait_for(lambda: status(newsroom, campaign_id) == "sent", "the late send")
    assert len(fake_postmark.messages) == 3


def test_missed_beyond_grace_is_reported_not_sent(
    newsroom: Workspace, fake_postmark: FakePostmark, start: Callable[[], Running]
) -> None:
    now = datetime.now(UTC)
    campaign_id = schedule_at(newsroom, now - timedelta(hours=7), now=now - timedelta(hours=8))
    start()
    wait_for(lambda: status(newsroom, campaign_id) == "failed", "the missed send to be reported")
    error = Ledger(connect(newsroom.database_url)).campaign(campaign_id).error
    assert "missed" in error and "grace of 6 h 00 min" in error
    assert fake_postmark.messages == []


def test_a_lost_job_is_rebuilt_from_the_schedule(
    newsroom: Workspace, fake_postmark: FakePostmark, start: Callable[[], Running]
) -> None:
    now = datetime.now(UTC)
    campaign_id = schedule_at(newsroom, now - timedelta(minutes=5), now=now - timedelta(hours=1))
    engine = connect(newsroom.database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE {JOBS_TABLE} SET job_state = :junk"), {"junk": b"x"})
    start()
    wait_for(lambda: status(newsroom, campaign_id) == "sent", "the rebuilt job's send")
    assert len(fake_postmark.messages) == 3


def test_a_new_job_is_seen_by_a_running_scheduler(
    newsroom: Workspace, fake_postmark: FakePostmark, start: Callable[[], Running]
) -> None:
    start()
    now = datetime.now(UTC)
    campaign_id = schedule_at(newsroom, now + timedelta(seconds=1), now=now)
    wait_for(lambda: status(newsroom, campaign_id) == "sent", "the send")
    assert len(fake_postmark.messages) == 3


def test_the_configured_grace_applies_to_jobs_written_before(
    newsroom: Workspace, fake_postmark: FakePostmark, start: Callable[[], Running]
) -> None:
    now = datetime.now(UTC)
    campaign_id = schedule_at(newsroom, now - timedelta(hours=2), now=now - timedelta(hours=3))
    config = newsroom.root / "newsdesk.toml"
    config.write_text(config.read_text() + '\n[schedule]\ngrace = "1h"\n')
    start()
    wait_for(lambda: status(newsroom, campaign_id) == "failed", "the missed send to be reported")
    error = Ledger(connect(newsroom.database_url)).campaign(campaign_id).error
    assert "grace of 1 h 00 min" in error
    assert fake_postmark.messages == []


def test_sources_are_pulled_and_new_ones_picked_up(
    newsroom: Workspace, start: Callable[[], Running], tmp_path: Path
) -> None:
    from newsdesk.sources import SourceStore

    first, second = tmp_path / "eingang", tmp_path / "partner"
    for folder, title in ((first, "Hafenfest im Juni"), (second, "Partnerstadt zu Besuch")):
        folder.mkdir()
        (folder / "meldung.txt").write_text(
            f"{title}\n\nDie Wirtschaftsförderung lädt ein.\n", encoding="utf-8"
        )
    store = SourceStore.for_workspace(newsroom)
    store.add("eingang", "folder", str(first), 3600, True)
    scheduler = start().scheduler
    drafts = newsroom.releases_dir
    wait_for(lambda: (drafts / "hafenfest-im-juni.md").exists(), "the first source's draft")
    store.add("partner", "folder", str(second), 3600, True)
    wait_for(lambda: (drafts / "partnerstadt-zu-besuch.md").exists(), "the new source's draft")
    assert {job.id for job in scheduler.get_jobs(jobstore="local")} >= {
        "pull-eingang",
        "pull-partner",
    }


def _drop_folder_source(workspace: Workspace, tmp_path: Path, settings: str) -> None:
    """The source ``eingang``: a folder with one release; ``settings`` go to [sources]."""
    from newsdesk.sources import SourceStore

    config = workspace.root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"\n[sources]\n{settings}\n", encoding="utf-8"
    )
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "meldung.txt").write_text(
        "Hafenfest im Juni\n\nDie Wirtschaftsförderung lädt ein.\n", encoding="utf-8"
    )
    SourceStore.for_workspace(workspace).add("eingang", "folder", str(folder), 3600, True)


def test_a_scheduled_pull_with_new_drafts_notifies_the_team(
    newsroom: Workspace, start: Callable[[], Running], tmp_path: Path
) -> None:
    _drop_folder_source(
        newsroom, tmp_path, 'notify = ["presse@example.org", "leitung@example.org"]'
    )
    start()
    outbox = newsroom.root / "outbox"
    wait_for(lambda: len(list(outbox.rglob("*.eml"))) == 2, "the notification of both addresses")
    sent = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in outbox.rglob("*.eml")
    ]
    assert sorted(str(message["To"]) for message in sent) == [
        "leitung@example.org",
        "presse@example.org",
    ]
    for message in sent:
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()  # type: ignore[attr-defined]
        assert "* Hafenfest im Juni (neu)" in text
        assert "Vorschau: http://127.0.0.1:8025/preview/hafenfest-im-juni/" in text
        assert "Datei: releases/hafenfest-im-juni.md" in text


def test_a_scheduled_pull_drafts_translations_like_newsdesk_pull(
    newsroom: Workspace,
    tmp_path: Path,
    shared: Path,
    deepl_fake: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsdesk.schedule import jobs

    _drop_folder_source(
        newsroom, tmp_path, 'draft_translation = true\nnotify = ["presse@example.org"]'
    )
    jobs.serve(Workspace.open(newsroom.root))  # as the scheduler opens it, with [sources]
    try:
        with deepl_fake.running(shared / "specs" / "deepl.yaml") as fake:
            monkeypatch.setenv("DEEPL_AUTH_KEY", deepl_fake.GOOD_KEY)
            monkeypatch.setenv("NEWSDESK_DEEPL_URL", fake.url)
            outcome = jobs.pull("eingang")
    finally:
        jobs.serve(None)
    assert "1 new" in outcome and fake.problems == []
    catalog = newsroom.catalog_path("hafenfest-im-juni", "en").read_text(encoding="utf-8")
    assert "EN-GB: Die Wirtschaftsförderung lädt ein." in catalog and "#, fuzzy" in catalog
    (notice,) = (newsroom.root / "outbox").rglob("*.eml")
    text = email.message_from_bytes(notice.read_bytes(), policy=email.policy.default)
    body = text.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "machine-drafted, to be reviewed" in body
