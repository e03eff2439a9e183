"""Scheduled sends: checked when scheduled and again when they fire, claimed once,
the release read as it is at send time; cancel and move."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from schedule_helpers import FakePostmark, add_people, translate_fully, write_release

from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger
from newsdesk.schedule.sends import cancel_send, move_send, run_send, schedule_send
from newsdesk.schedule.store import job_ids

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


def _schedule(workspace: Workspace, slug: str = "gewerbeflaechen", **options: object) -> int:
    path = workspace.releases_dir / f"{slug}.md"
    result = schedule_send(
        workspace,
        path,
        ["presse"],
        str(options.pop("at", "2026-12-01 10:00")),
        provider="postmark",
        now=NOW,
        **options,  # type: ignore[arg-type]
    )
    return result.campaign_id


def _status(workspace: Workspace, campaign_id: int) -> tuple[str, str]:
    campaign = Ledger(connect(workspace.database_url)).campaign(campaign_id)
    return campaign.status, campaign.error


def test_scheduling_creates_a_scheduled_campaign_and_a_job(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    result = schedule_send(
        newsroom,
        newsroom.releases_dir / "gewerbeflaechen.md",
        ["presse"],
        "2026-12-01 10:00",
        provider="postmark",
        now=NOW,
    )
    assert result.run_at.astimezone(UTC) == DUE
    assert result.recipients == 3 and result.languages == ["de"]
    assert _status(newsroom, result.campaign_id) == ("scheduled", "")
    assert job_ids(connect(newsroom.database_url)) == {f"send-{result.campaign_id}"}
    assert fake_postmark.messages == []


def test_the_job_sends_once_and_a_second_trigger_does_nothing(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    campaign_id = _schedule(newsroom)
    outcome = run_send(newsroom, campaign_id, now=DUE)
    assert "sent" in outcome
    assert _status(newsroom, campaign_id)[0] == "sent"
    again = run_send(newsroom, campaign_id, now=DUE + timedelta(seconds=1))
    assert "already sent; skipped" in again
    counts = fake_postmark.count()
    assert {to.rpartition("<")[2].rstrip(">") for _campaign, to in counts} == {
        "anna@example.org",
        "bernd@example.org",
        "cem@example.org",
    }
    assert set(counts.values()) == {1} and len(counts) == 3


def test_embargoed_release_refused_before_and_accepted_after(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    write_release(newsroom, "sperrfrist", embargo="2026-12-01T10:00:00+01:00")
    with pytest.raises(NewsdeskError, match=r"before the release's Sperrfrist.*2026-12-01 10:00"):
        _schedule(newsroom, "sperrfrist", at="2026-12-01 09:59")
    campaign_id = _schedule(newsroom, "sperrfrist", at="2026-12-01 10:00")
    assert "sent" in run_send(newsroom, campaign_id, now=DUE)
    assert len(fake_postmark.messages) == 3


def test_a_later_embargo_written_after_scheduling_stops_the_send(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    campaign_id = _schedule(newsroom)
    write_release(newsroom, "gewerbeflaechen", embargo="2026-12-02T10:00:00+01:00")
    outcome = run_send(newsroom, campaign_id, now=DUE)
    status, error = _status(newsroom, campaign_id)
    assert status == "failed" and "Sperrfrist" in error and "Sperrfrist" in outcome
    assert fake_postmark.messages == []


def test_the_release_is_sent_as_it_is_at_send_time_and_the_change_is_logged(
    newsroom: Workspace, fake_postmark: FakePostmark, caplog: pytest.LogCaptureFixture
) -> None:
    campaign_id = _schedule(newsroom)
    write_release(newsroom, "gewerbeflaechen", title="Gewerbeflächen: Vergabe beginnt")
    with caplog.at_level(logging.INFO, logger="newsdesk.schedule"):
        run_send(newsroom, campaign_id, now=DUE)
    assert "changed since it was scheduled" in caplog.text
    assert {message["Subject"] for message in fake_postmark.messages} == {
        "Gewerbeflächen: Vergabe beginnt"
    }


def test_english_that_became_incomplete_fails_the_campaign(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    add_people(newsroom, "presse", [("dana@example.org", "en")])
    path = newsroom.releases_dir / "gewerbeflaechen.md"
    translate_fully(newsroom, path)
    campaign_id = _schedule(newsroom)
    write_release(newsroom, "gewerbeflaechen", what="neue Gewerbeflächen und ein Gründerzentrum")
    outcome = run_send(newsroom, campaign_id, now=DUE)
    status, error = _status(newsroom, campaign_id)
    assert status == "failed", outcome
    assert "en" in error and ("translat" in error.lower() or "Gründerzentrum" in error)
    assert fake_postmark.messages == []


def test_incomplete_english_goes_out_in_german_with_fallback(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    add_people(newsroom, "presse", [("dana@example.org", "en")])
    campaign_id = _schedule(newsroom, fallback="source")
    assert "sent" in run_send(newsroom, campaign_id, now=DUE)
    assert len(fake_postmark.messages) == 4


def test_a_release_moved_within_the_workspace_is_found(
    newsroom: Workspace, fake_postmark: FakePostmark, caplog: pytest.LogCaptureFixture
) -> None:
    campaign_id = _schedule(newsroom)
    archive = newsroom.releases_dir / "2026"
    archive.mkdir()
    shutil.move(newsroom.releases_dir / "gewerbeflaechen.md", newsroom.releases_dir / "neu.md")
    with caplog.at_level(logging.INFO, logger="newsdesk.schedule"):
        assert "sent" in run_send(newsroom, campaign_id, now=DUE)
    assert "moved from" in caplog.text and "neu.md" in caplog.text
    assert len(fake_postmark.messages) == 3


def test_a_release_moved_away_fails_with_the_reason(
    newsroom: Workspace, fake_postmark: FakePostmark, tmp_path
) -> None:
    campaign_id = _schedule(newsroom)
    shutil.move(newsroom.releases_dir / "gewerbeflaechen.md", tmp_path / "elsewhere.md")
    run_send(newsroom, campaign_id, now=DUE)
    status, error = _status(newsroom, campaign_id)
    assert status == "failed" and "release file is gone" in error
    assert fake_postmark.messages == []


def test_cancel_and_move(newsroom: Workspace, fake_postmark: FakePostmark) -> None:
    first = _schedule(newsroom)
    second = _schedule(newsroom)
    cancel_send(newsroom, first)
    assert _status(newsroom, first)[0] == "cancelled"
    assert job_ids(connect(newsroom.database_url)) == {f"send-{second}"}
    assert "already cancelled" in run_send(newsroom, first, now=DUE)
    with pytest.raises(NewsdeskError, match="not scheduled"):
        cancel_send(newsroom, first)

    moved = move_send(newsroom, second, "2026-12-02 08:30", now=NOW)
    assert moved.astimezone(UTC) == datetime(2026, 12, 2, 7, 30, tzinfo=UTC)
    write_release(newsroom, "gewerbeflaechen", embargo="2026-12-03T00:00:00+01:00")
    with pytest.raises(NewsdeskError, match="Sperrfrist"):
        move_send(newsroom, second, "2026-12-02 23:00", now=NOW)
    assert fake_postmark.messages == []


def test_bad_input(newsroom: Workspace) -> None:
    path = newsroom.releases_dir / "gewerbeflaechen.md"
    with pytest.raises(NewsdeskError, match="is not a time"):
        schedule_send(newsroom, path, ["presse"], "nächsten Dienstag", now=NOW)
    with pytest.raises(NewsdeskError, match="in the past"):
        schedule_send(newsroom, path, ["presse"], "2026-11-28 10:00", now=NOW)
    with pytest.raises(NewsdeskError, match="happens twice"):
        schedule_send(newsroom, path, ["presse"], "2027-10-31 02:30", now=NOW)
    with pytest.raises(NewsdeskError, match="mitglieder"):
        schedule_send(newsroom, path, ["mitglieder"], "2026-12-01 10:00", now=NOW)
    assert job_ids(connect(newsroom.database_url)) == set()


def test_resume_by_hand_refuses_a_scheduled_campaign_and_the_job_still_sends(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    from newsdesk.deliver import send_campaign

    campaign_id = _schedule(newsroom)
    with pytest.raises(NewsdeskError) as refused:
        send_campaign(newsroom, resume=campaign_id, provider="postmark")
    message = str(refused.value)
    assert f"campaign {campaign_id} is scheduled for 2026-12-01 10:00 CET" in message
    assert f"newsdesk schedule move {campaign_id} --at" in message
    assert f"newsdesk schedule cancel {campaign_id}" in message
    assert _status(newsroom, campaign_id) == ("scheduled", "")
    assert fake_postmark.messages == []

    assert "sent" in run_send(newsroom, campaign_id, now=DUE)
    assert _status(newsroom, campaign_id)[0] == "sent"
    assert len(fake_postmark.count()) == 3


def test_resume_by_hand_refuses_a_cancelled_campaign(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    from newsdesk.deliver import send_campaign

    campaign_id = _schedule(newsroom)
    cancel_send(newsroom, campaign_id)
    with pytest.raises(NewsdeskError, match=f"campaign {campaign_id} was cancelled"):
        send_campaign(newsroom, resume=campaign_id, provider="postmark")
    assert _status(newsroom, campaign_id)[0] == "cancelled"
    assert fake_postmark.messages == []


def test_resume_by_hand_refuses_a_campaign_that_failed_before_its_ledger(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    """It would otherwise end "sent" with nobody reached."""
    from newsdesk.deliver import send_campaign

    campaign_id = _schedule(newsroom)
    write_release(newsroom, "gewerbeflaechen", embargo="2026-12-02T10:00:00+01:00")
    assert "failed" in run_send(newsroom, campaign_id, now=DUE)
    with pytest.raises(NewsdeskError, match=f"campaign {campaign_id} has nobody in its ledger"):
        send_campaign(newsroom, resume=campaign_id, provider="postmark")
    assert _status(newsroom, campaign_id)[0] == "failed"
    assert fake_postmark.messages == []


def test_a_draft_is_not_scheduled(workspace, tmp_path) -> None:
    from newsdesk.core import NewsdeskError
    from newsdesk.schedule.sends import schedule_send

    draft = workspace.releases_dir / "entwurf.md"
    draft.write_text(
        "---\ntitle: Ein Entwurf aus dem Newsroom\nstatus: draft\n---\n\nErster Absatz.\n",
        encoding="utf-8",
    )
    with pytest.raises(NewsdeskError, match="newsdesk approve"):
        schedule_send(workspace, draft, ["presse"], at="2030-01-02 10:00")


LONG_TITLE = (
    "Neue Gewerbeflächen im Hafenviertel: zwölf Hektar für Handwerk, Produktion und "
    "Logistik ab dem Frühjahr"
)


def test_a_warning_stops_scheduling_unless_forced_and_the_reason_holds_at_send_time(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    from newsdesk.checks import ChecksFailed

    write_release(newsroom, "gewerbeflaechen", title=LONG_TITLE)
    with pytest.raises(ChecksFailed, match="subject: the subject has"):
        _schedule(newsroom)
    assert job_ids(connect(newsroom.database_url)) == set()

    campaign_id = _schedule(newsroom, force="Titel so vom Dezernat gewünscht")
    campaign = Ledger(connect(newsroom.database_url)).campaign(campaign_id)
    assert campaign.forced == "Titel so vom Dezernat gewünscht"
    assert campaign.forced_warnings.startswith("subject: the subject has")

    assert "sent" in run_send(newsroom, campaign_id, now=DUE)
    assert _status(newsroom, campaign_id)[0] == "sent"
    assert len(fake_postmark.count()) == 3


def test_a_warning_that_appears_after_scheduling_stops_the_send(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    campaign_id = _schedule(newsroom)
    write_release(newsroom, "gewerbeflaechen", title=LONG_TITLE)
    outcome = run_send(newsroom, campaign_id, now=DUE)
    assert "failed" in outcome and "subject: the subject has" in outcome
    status, error = _status(newsroom, campaign_id)
    assert status == "failed" and '--force "REASON"' in error
    assert fake_postmark.messages == []


def test_a_reader_of_another_language_is_checked_in_the_language_they_get(
    newsroom: Workspace, fake_postmark: FakePostmark
) -> None:
    from schedule_helpers import add_people

    from newsdesk.schedule.gate import audience_languages

    add_people(newsroom, "presse", [("dara@example.org", "fr")])
    with pytest.raises(NewsdeskError, match="no en translation yet"):
        _schedule(newsroom)
    translate_fully(newsroom, newsroom.releases_dir / "gewerbeflaechen.md")
    assert audience_languages(newsroom, ["presse"]) == (4, ["de", "en"])
    assert _status(newsroom, _schedule(newsroom)) == ("scheduled", "")
