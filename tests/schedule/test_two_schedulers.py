"""Two real ``newsdesk scheduler run`` processes on one database: every one of ten
due campaigns reaches each recipient exactly once (counted at the fake provider)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from schedule_helpers import TOKEN, FakePostmark, add_people, press_office, wait_for, write_release

from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger
from newsdesk.schedule.sends import schedule_send

CAMPAIGNS = 10


def _start(
    workspace: Workspace, fake: FakePostmark, database_url: str, log: Path
) -> subprocess.Popen:
    env = {
        **os.environ,
        "NEWSDESK_WORKSPACE": str(workspace.root),
        "NEWSDESK_DATABASE_URL": database_url,
        "POSTMARK_BASE_URL": fake.url,
        "POSTMARK_SERVER_TOKEN": TOKEN,
        # both processes sign unsubscribe links with the same key, as on two hosts
        "NEWSDESK_SECRET_KEY": "k" * 48,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "scheduler", "run", "--poll", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def _run_two(workspace: Workspace, fake: FakePostmark, database_url: str, tmp: Path) -> None:
    workspace = press_office(workspace)
    write_release(workspace, "gewerbeflaechen")
    add_people(
        workspace,
        "presse",
        [(f"person{index}@example.org", "de") for index in range(5)],
    )
    now = datetime.now(UTC)
    ids = [
        schedule_send(
            workspace,
            workspace.releases_dir / "gewerbeflaechen.md",
            ["presse"],
            (now - timedelta(minutes=10) + timedelta(seconds=index)).isoformat(),
            provider="postmark",
            now=now - timedelta(hours=1),
        ).campaign_id
        for index in range(CAMPAIGNS)
    ]
    logs = [tmp / "first.log", tmp / "second.log"]
    processes = [_start(workspace, fake, database_url, log) for log in logs]
    ledger = Ledger(connect(database_url))
    try:
        wait_for(
            lambda: all(ledger.campaign(i).status in ("sent", "failed") for i in ids),
            "ten campaigns to be sent",
            limit=120,
        )
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [process.wait(timeout=60) for process in processes]
    texts = [log.read_text() for log in logs]
    assert codes == [0, 0], texts
    assert all("Traceback" not in text for text in texts), texts
    assert [ledger.campaign(i).status for i in ids] == ["sent"] * CAMPAIGNS
    counts = fake.count()
    assert {campaign for campaign, _to in counts} == {str(i) for i in ids}
    assert len(counts) == CAMPAIGNS * 5
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}
    # both processes were triggered; the claim let exactly one of them send each
    triggers = sum(text.count("trigger: campaign") for text in texts)
    assert triggers >= CAMPAIGNS
    assert all("scheduler: stopped" in text for text in texts)


def test_two_schedulers_on_sqlite(
    workspace: Workspace, fake_postmark: FakePostmark, tmp_path: Path
) -> None:
    _run_two(workspace, fake_postmark, workspace.database_url, tmp_path)


@pytest.mark.postgres
def test_two_schedulers_on_postgresql(
    workspace: Workspace,
    fake_postmark: FakePostmark,
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", postgres_url)
    assert workspace.database_url == postgres_url
    _run_two(workspace, fake_postmark, postgres_url, tmp_path)


def test_sigterm_lets_the_batch_in_flight_finish(
    workspace: Workspace, fake_postmark: FakePostmark, tmp_path: Path
) -> None:
    workspace = press_office(workspace)
    write_release(workspace, "gewerbeflaechen")
    add_people(workspace, "presse", [(f"person{index}@example.org", "de") for index in range(5)])
    now = datetime.now(UTC)
    campaign_id = schedule_send(
        workspace,
        workspace.releases_dir / "gewerbeflaechen.md",
        ["presse"],
        (now - timedelta(minutes=1)).isoformat(),
        provider="postmark",
        now=now - timedelta(hours=1),
    ).campaign_id
    fake_postmark.delay = 3.0
    log = tmp_path / "scheduler.log"
    process = _start(workspace, fake_postmark, workspace.database_url, log)
    try:
        assert fake_postmark.arrived.wait(timeout=120), log.read_text()
        process.send_signal(signal.SIGTERM)  # the batch is at the provider, unanswered
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    text = log.read_text()
    assert code == 0, text
    assert "SIGTERM received; finishing the sends in flight" in text
    assert f"campaign {campaign_id}: sent (de: 5 sent)" in text
    assert text.index("SIGTERM received") < text.index(f"campaign {campaign_id}: sent")
    assert Ledger(connect(workspace.database_url)).campaign(campaign_id).status == "sent"
    assert len(fake_postmark.messages) == 5
