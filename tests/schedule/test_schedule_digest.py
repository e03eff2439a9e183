"""Recurring digests: what goes in, each slot once (two schedulers, DST), an empty
period sends nothing, German and English from the UI catalogs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from schedule_helpers import TOKEN, FakePostmark, add_people, translate_fully, write_release

from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger
from newsdesk.schedule.digest import cancel_digest, run_digest, schedule_digest
from newsdesk.schedule.store import job_ids
from newsdesk.schedule.tables import digest_runs

CREATED = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
FIRST = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # 09:00 in Berlin


def _digest(workspace: Workspace, cron: str = "0 9 1 * *", **options: object) -> int:
    digest_id, _first = schedule_digest(
        workspace,
        ["presse"],
        cron,
        provider="postmark",
        now=CREATED,
        **options,  # type: ignore[arg-type]
    )
    return digest_id


def _runs(workspace: Workspace) -> list[sa.Row]:
    with connect(workspace.database_url).connect() as connection:
        return connection.execute(sa.select(digest_runs).order_by(digest_runs.c.id)).all()


@pytest.fixture
def releases(newsroom: Workspace) -> Workspace:
    """Releases of November (one still embargoed at the digest, one a draft) and October."""
    (newsroom.releases_dir / "gewerbeflaechen.md").unlink()
    write_release(newsroom, "hafen", title="Hafenviertel wächst", date="2026-11-20")
    write_release(newsroom, "preis", title="Innovationspreis vergeben", date="2026-11-05")
    write_release(
        newsroom,
        "sperre",
        title="Noch gesperrt",
        date="2026-11-30",
        embargo="2026-12-02T10:00:00+01:00",
    )
    write_release(newsroom, "alt", title="Oktobermeldung", date="2026-10-20")
    draft = write_release(newsroom, "entwurf", title="Entwurf", date="2026-11-10")
    draft.write_text(draft.read_text().replace("status: approved", "status: draft"))
    return newsroom


def test_a_digest_job_is_stored(releases: Workspace) -> None:
    digest_id, first = schedule_digest(releases, ["presse"], "0 9 1 * *", now=CREATED)
    assert first is not None and first.astimezone(UTC) == FIRST
    assert job_ids(connect(releases.database_url)) == {f"digest-{digest_id}"}


def test_the_digest_carries_what_was_published_since_the_previous_one(
    releases: Workspace, fake_postmark: FakePostmark
) -> None:
    digest_id = _digest(releases)
    outcome = run_digest(releases, digest_id, now=FIRST + timedelta(seconds=2))
    assert "with 2 release(s)" in outcome, outcome
    message = fake_postmark.messages[0]
    assert (
        message["Subject"]
        == "Wirtschaftsförderung Musterstadt – Nachrichtenüberblick Dezember 2026"
    )
    text = message["TextBody"]
    assert text.index("Hafenviertel wächst") < text.index("Innovationspreis vergeben")
    assert "https://presse.wirtschaft-musterstadt.de/archive/de/hafen/" in text
    assert "20. November 2026" in text and "Weiterlesen" in text
    for absent in ("Noch gesperrt", "Oktobermeldung", "Entwurf"):
        assert absent not in text
    assert len(fake_postmark.messages) == 3
    campaign_id = _runs(releases)[0].campaign_id
    assert Ledger(connect(releases.database_url)).campaign(campaign_id).status == "sent"

    # the next month: only what is new since (the embargo has lifted by now)
    fake_postmark.messages.clear()
    write_release(releases, "dezember", title="Dezembermeldung", date="2026-12-10")
    run_digest(releases, digest_id, now=datetime(2027, 1, 1, 8, 0, 5, tzinfo=UTC))
    text = fake_postmark.messages[0]["TextBody"]
    assert "Dezembermeldung" in text and "Noch gesperrt" in text
    assert "Hafenviertel" not in text


def test_english_readers_get_the_english_digest(
    releases: Workspace, fake_postmark: FakePostmark
) -> None:
    add_people(releases, "presse", [("dana@example.org", "en")])
    for slug in ("hafen", "preis"):
        translate_fully(releases, releases.releases_dir / f"{slug}.md")
    digest_id = _digest(releases)
    run_digest(releases, digest_id, now=FIRST)
    [english] = [m for m in fake_postmark.messages if "dana@" in m["To"]]
    assert english["Subject"] == "Wirtschaftsförderung Musterstadt news digest, December 2026"
    assert "EN Hafenviertel wächst" in english["TextBody"]
    assert "/archive/en/hafen/" in english["TextBody"] and "Read more" in english["TextBody"]


def test_a_digest_keeps_the_batch_size_and_suppresses_dead_addresses(
    releases: Workspace, fake_postmark: FakePostmark
) -> None:
    from newsdesk.audience import ContactStore

    add_people(releases, "presse", [("gone@inactive.example.net", "de")])
    with (releases.root / "newsdesk.toml").open("a", encoding="utf-8") as config:
        config.write("batch_size = 2\n")  # the file ends in its [delivery] table
    releases = Workspace.open(releases.root)
    digest_id = _digest(releases)
    outcome = run_digest(releases, digest_id, now=FIRST)
    assert outcome.endswith("sent (de: 1 failed, 3 sent)"), outcome
    assert fake_postmark.batch_sizes == [2, 2]
    assert len(fake_postmark.messages) == 3
    assert ContactStore.for_workspace(releases).is_suppressed("gone@inactive.example.net")
    ledger = Ledger(connect(releases.database_url))
    [run] = _runs(releases)
    assert ledger.counts(run.campaign_id) == {"de": {"sent": 3, "failed": 1}}


def test_incomplete_english_stops_the_digest_unless_it_falls_back(
    releases: Workspace, fake_postmark: FakePostmark
) -> None:
    add_people(releases, "presse", [("dana@example.org", "en")])
    digest_id = _digest(releases)
    outcome = run_digest(releases, digest_id, now=FIRST)
    assert "failed" in outcome and _runs(releases)[-1].status == "failed"
    assert fake_postmark.messages == []
    lenient = _digest(releases, fallback="source")
    assert "with 2 release(s)" in run_digest(releases, lenient, now=FIRST)
    assert len(fake_postmark.messages) == 4


def test_an_empty_period_sends_nothing_and_says_why(
    newsroom: Workspace, fake_postmark: FakePostmark, caplog: pytest.LogCaptureFixture
) -> None:
    (newsroom.releases_dir / "gewerbeflaechen.md").unlink()
    digest_id = _digest(newsroom)
    with caplog.at_level(logging.INFO, logger="newsdesk.schedule"):
        outcome = run_digest(newsroom, digest_id, now=FIRST)
    assert "no release was published since 2026-11-01 09:00" in outcome
    assert outcome in caplog.text
    assert fake_postmark.messages == []
    [run] = _runs(newsroom)
    assert run.status == "empty" and run.campaign_id is None


def test_a_slot_runs_once_even_when_triggered_twice(
    releases: Workspace, fake_postmark: FakePostmark
) -> None:
    digest_id = _digest(releases)
    run_digest(releases, digest_id, now=FIRST)
    again = run_digest(releases, digest_id, now=FIRST + timedelta(seconds=5))
    assert "skipped" in again or "no run due" in again
    assert len(fake_postmark.messages) == 3


def test_the_repeated_hour_in_october_does_not_send_twice(
    releases: Workspace, fake_postmark: FakePostmark
) -> None:
    write_release(
        releases,
        "herbst",
        title="Herbstmeldung",
        date="2026-10-24",
        embargo="2026-10-24T12:00:00+02:00",
    )
    digest_id, _first = schedule_digest(
        releases,
        ["presse"],
        "30 2 * * *",
        provider="postmark",
        now=datetime(2026, 10, 24, 3, tzinfo=UTC),
    )
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the hour again
    assert "with 1 release(s)" in run_digest(releases, digest_id, now=first)
    outcome = run_digest(releases, digest_id, now=second)
    assert "no run due" in outcome or "skipped" in outcome
    assert len(fake_postmark.messages) == 3
    assert [run.local_slot for run in _runs(releases)] == ["2026-10-25 02:30"]


def test_cancel_and_bad_input(releases: Workspace) -> None:
    digest_id = _digest(releases)
    cancel_digest(releases, digest_id)
    assert job_ids(connect(releases.database_url)) == set()
    assert "not active" in run_digest(releases, digest_id, now=FIRST)
    with pytest.raises(NewsdeskError, match="no active digest"):
        cancel_digest(releases, digest_id)
    with pytest.raises(NewsdeskError, match="not a crontab line"):
        schedule_digest(releases, ["presse"], "monatlich", now=CREATED)
    with pytest.raises(NewsdeskError, match="verteiler"):
        schedule_digest(releases, ["verteiler"], "0 9 1 * *", now=CREATED)
    with pytest.raises(NewsdeskError, match="never fires"):
        schedule_digest(releases, ["presse"], "0 9 31 2 *", now=CREATED)
    assert _runs(releases) == [] and job_ids(connect(releases.database_url)) == set()


def test_a_paused_digest_resumes_with_only_the_rows_left(
    releases: Workspace, fake_postmark: FakePostmark, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsdesk.schedule.digest import resume_digest_campaign

    digest_id = _digest(releases)
    monkeypatch.setenv("POSTMARK_SERVER_TOKEN", "revoked")
    outcome = run_digest(releases, digest_id, now=FIRST)
    assert "paused" in outcome and fake_postmark.messages == []
    [run] = _runs(releases)
    assert run.status == "paused"
    ledger = Ledger(connect(releases.database_url))
    assert ledger.campaign(run.campaign_id).status == "paused"

    monkeypatch.setenv("POSTMARK_SERVER_TOKEN", TOKEN)
    assert resume_digest_campaign(releases, run.campaign_id).startswith("sent")
    assert ledger.campaign(run.campaign_id).status == "sent"
    assert _runs(releases)[0].status == "sent"
    counts = fake_postmark.count()
    assert len(counts) == 3 and set(counts.values()) == {1}
    assert "Hafenviertel wächst" in fake_postmark.messages[0]["TextBody"]
    with pytest.raises(NewsdeskError, match="nothing to resume"):
        resume_digest_campaign(releases, run.campaign_id)
