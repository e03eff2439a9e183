"""The commands: ``newsdesk schedule send|digest|list|cancel|move`` and bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from schedule_helpers import FakePostmark

from newsdesk.cli import main
from newsdesk.core import Workspace


def run(workspace: Workspace, *args: str) -> int:
    try:
        main(["--workspace", str(workspace.root), *args])
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def _future(days: int = 2) -> str:
    moment = datetime.now(UTC) + timedelta(days=days)
    return moment.strftime("%Y-%m-%d") + " 10:00"


def test_send_list_move_cancel(
    newsroom: Workspace, fake_postmark: FakePostmark, capsys: pytest.CaptureFixture[str]
) -> None:
    release = str(newsroom.releases_dir / "gewerbeflaechen.md")
    assert (
        run(
            newsroom,
            "schedule",
            "send",
            release,
            "--list",
            "presse",
            "--at",
            _future(),
            "--provider",
            "postmark",
            "--json",
        )
        == 0
    )
    created = json.loads(capsys.readouterr().out)
    assert created["status"] == "scheduled" and created["recipients"] == 3
    assert created["languages"] == ["de"] and created["timezone"] == "Europe/Berlin"
    assert created["at"].endswith(("+01:00", "+02:00"))
    campaign = str(created["campaign"])

    assert run(newsroom, "schedule", "digest", "--list", "presse", "--cron", "0 9 1 * *") == 0
    assert "Digest d1" in capsys.readouterr().out

    assert run(newsroom, "schedule", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["id"], row["kind"], row["status"]) for row in rows] == [
        (campaign, "send", "scheduled"),
        ("d1", "digest", "active"),
    ]
    assert rows[0]["release"] == "gewerbeflaechen" and rows[0]["recipients"] == 3
    assert rows[0]["lists"] == ["presse"] and rows[0]["embargo"] is None
    assert rows[1]["cron"] == "0 9 1 * *" and rows[1]["at"] is not None

    assert run(newsroom, "schedule", "list") == 0
    table = capsys.readouterr().out
    assert "gewerbeflaechen" in table and "digest (0 9 1 * *)" in table

    assert run(newsroom, "schedule", "move", campaign, "--at", _future(3)) == 0
    assert "now goes out at" in capsys.readouterr().out
    assert run(newsroom, "schedule", "cancel", campaign) == 0
    assert run(newsroom, "schedule", "cancel", "d1") == 0
    capsys.readouterr()
    assert run(newsroom, "schedule", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(newsroom, "schedule", "list", "--json", "--all") == 0
    statuses = {row["id"]: row["status"] for row in json.loads(capsys.readouterr().out)}
    assert statuses == {campaign: "cancelled", "d1": "cancelled"}
    assert fake_postmark.messages == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "bald"], "is not a time"),
        (["--at", "2020-01-01 10:00"], "is in the past"),
        (["--at", "2026-12-01 10:00", "--tz", "Mars/Olympus"], "not a known time zone"),
        (["--at", "2099-03-29 02:30"], "does not exist in Europe/Berlin"),
        (["--at", "2099-10-25 02:30"], "happens twice"),
    ],
)
def test_bad_times_are_one_line_and_exit_2(
    newsroom: Workspace, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    release = str(newsroom.releases_dir / "gewerbeflaechen.md")
    assert run(newsroom, "schedule", "send", release, "--list", "presse", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unknown_list_missing_file_and_bad_ids(
    newsroom: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    release = str(newsroom.releases_dir / "gewerbeflaechen.md")
    assert run(newsroom, "schedule", "send", release, "--list", "partner", "--at", _future()) == 2
    assert "partner" in capsys.readouterr().err
    missing = str(tmp_path / "weg.md")
    assert run(newsroom, "schedule", "send", missing, "--list", "presse", "--at", _future()) == 2
    assert "no such release file" in capsys.readouterr().err
    assert run(newsroom, "schedule", "cancel", "x7") == 2
    assert "not a schedule id" in capsys.readouterr().err
    assert run(newsroom, "schedule", "cancel", "42") == 2
    assert "no scheduled send 42" in capsys.readouterr().err
    assert run(newsroom, "schedule", "digest", "--list", "presse", "--cron", "9 Uhr") == 2
    assert "not a crontab line" in capsys.readouterr().err


def test_scheduler_run_refuses_an_unreachable_database(
    newsroom: Workspace, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", "sqlite:////nonexistent/folder/newsdesk.db")
    assert run(newsroom, "scheduler", "run", "--poll", "0.1") == 2
    err = capsys.readouterr().err
    assert "newsdesk: error:" in err and "Traceback" not in err


def test_schedule_send_with_warnings_needs_force_with_a_reason(
    newsroom: Workspace, fake_postmark: FakePostmark, capsys: pytest.CaptureFixture[str]
) -> None:
    from schedule_helpers import write_release

    write_release(newsroom, "gewerbeflaechen", teaser="")
    release = str(newsroom.releases_dir / "gewerbeflaechen.md")
    args = ["schedule", "send", release, "--list", "presse", "--at", _future()]
    assert run(newsroom, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error:") and "preheader" in err and "--force" in err
    assert run(newsroom, *args, "--force", " ") == 2
    assert "--force needs a reason" in capsys.readouterr().err

    assert run(newsroom, *args, "--force", "Teaser kommt mit der Web-Fassung") == 0
    captured = capsys.readouterr()
    assert "Scheduled campaign" in captured.out
    assert "warnings overridden — forced: Teaser kommt mit der Web-Fassung" in captured.err
    assert "warning: preheader" in captured.err
