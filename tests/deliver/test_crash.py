"""Crash safety: `newsdesk send` is SIGKILLed mid-campaign, then resumed. Every contact got
exactly one message, or is listed `unknown` (and got at most one)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

from deliver_fakes.audience import people, release_file, seed
from deliver_fakes.contracts import Postmark

from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger


def run_env(workspace: Workspace, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NEWSDESK_WORKSPACE=str(workspace.root),
        POSTMARK_SERVER_TOKEN=Postmark.token,
        POSTMARK_BASE_URL=url,
    )
    return env


def test_sigkill_mid_campaign_then_resume(workspace, fake) -> None:
    server = fake(Postmark())
    with (workspace.root / "newsdesk.toml").open("a") as config:
        config.write("batch_size = 5\n")
    workspace = Workspace.open(workspace.root)
    rows = people(25, 15)
    seed(workspace, "mitglieder", rows)
    path = release_file(workspace)
    server.stall = 0.3  # each batch is recorded as delivered, then answered late

    command = [
        sys.executable,
        "-m",
        "newsdesk",
        "send",
        str(path),
        "--list",
        "mitglieder",
        "--provider",
        "postmark",
        "--json",
    ]
    process = subprocess.Popen(
        command,
        env=run_env(workspace, server.url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(server.requests) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(server.requests) >= 4, process.stderr.read1().decode() if process.poll() else ""
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    ledger = Ledger(connect(workspace.database_url))
    (campaign,) = ledger.campaigns()
    before = ledger.counts(campaign.id)
    assert sum(c.get("sending", 0) for c in before.values()) > 0, before
    assert sum(c.get("pending", 0) for c in before.values()) > 0, before

    server.stall = 0.0
    resumed = subprocess.run(
        [sys.executable, "-m", "newsdesk", "send", "--resume", str(campaign.id), "--json"],
        env=run_env(workspace, server.url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    assert report["status"] == "sent"

    received = Counter(d.email for d in server.delivered)
    assert max(received.values()) == 1, "nobody got two copies"
    unknown = {row["email"] for row in report["unknown"]}
    assert unknown, "the batch in flight at the kill is listed as unknown"
    everyone = {row["E-Mail"] for row in rows}
    for email in everyone:
        assert received[email] == 1 or email in unknown, email
    statuses = Counter()
    for by_status in report["counts"].values():
        statuses.update(by_status)
    assert statuses["sent"] + statuses["unknown"] == 40
    assert set(statuses) <= {"sent", "unknown"}
