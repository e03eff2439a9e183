"""send_campaign end to end: audience → ledger → fake Postmark, each contact once, in their
language, with signed one-click unsubscribe links."""

from __future__ import annotations

import gc
import re
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from deliver_fakes.audience import RELEASE, people, release_file, seed
from deliver_fakes.contracts import Postmark

from newsdesk.checks import ChecksFailed
from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import Ledger, SendReport, read_unsubscribe_token, send_campaign
from newsdesk.deliver import send as send_module
from newsdesk.deliver.send import LANE_SWITCH_INTERVAL, _sending_settings
from newsdesk.deliver.tables import campaigns, deliveries


def env_for(url: str) -> dict[str, str]:
    return {"POSTMARK_SERVER_TOKEN": Postmark.token, "POSTMARK_BASE_URL": url}


def count_rows(workspace: Workspace, table: sa.Table) -> int:
    with connect(workspace.database_url).connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(table))


def send_paused(workspace: Workspace, server) -> SendReport:
    """A send to mitglieder that the provider pauses at once: the token was revoked."""
    paused = send_campaign(
        workspace,
        release_file(workspace),
        ["mitglieder"],
        provider="postmark",
        env={**env_for(server.url), "POSTMARK_SERVER_TOKEN": "revoked"},
    )
    assert paused.status == "paused" and server.delivered == []
    return paused


def send_rechecking_every_batch(workspace: Workspace, server, monkeypatch) -> SendReport:
    """A send to mitglieder, one recipient a batch, the audience looked at again before
    each (as a long send does every minute)."""
    monkeypatch.setattr(send_module, "AUDIENCE_RECHECK_SECONDS", 0.0)
    with (workspace.root / "newsdesk.toml").open("a", encoding="utf-8") as config:
        config.write("batch_size = 1\n")  # the file ends in its [delivery] table
    return send_campaign(
        Workspace.open(workspace.root),
        release_file(workspace),
        ["mitglieder"],
        provider="postmark",
        env=env_for(server.url),
    )


def before_each_answer(server, act: Callable[[Any], None], requests: int) -> None:
    """The fake provider's next ``requests`` answers come after ``act(request)``, one
    request at a time (the two lanes post at once), then as its contract has them."""
    one_at_a_time = threading.Lock()

    def answer(seen):
        with one_at_a_time:
            act(seen)
        return server.contract.handle(seen, server)

    server.script.extend([answer] * requests)


def test_each_contact_once_in_their_language(workspace, fake) -> None:
    server = fake(Postmark())
    rows = people(7, 5)
    rows.append({**rows[0], "E-Mail": "gone@inactive.example.net"})
    seed(workspace, "mitglieder", rows)
    path = release_file(workspace)

    report = send_campaign(
        workspace, path, ["mitglieder"], provider="postmark", env=env_for(server.url)
    )

    assert report.status == "sent"
    assert report.counts == {"de": {"sent": 7, "failed": 1}, "en": {"sent": 5}}
    received = {d.email: d for d in server.delivered}
    assert len(received) == len(server.delivered) == 12
    for number, row in enumerate(rows[:12]):
        got = received[row["E-Mail"]]
        if row["Sprache"] == "en":
            assert got.subject.startswith("EN: ")
            assert "EN: Die Stadt Musterstadt" in got.text
        else:
            assert got.subject == "Neue Förderung für Gründerinnen und Gründer"
            assert "Die Stadt Musterstadt" in got.text and "EN:" not in got.text
        surname = f"Nachname{number}"
        assert surname in got.text.split("\n\n", 3)[2] or surname in got.text
        unsubscribe = got.headers["List-Unsubscribe"]
        url = re.match(r"<(https?://[^>]+/u/([^>]+))>, <mailto:", unsubscribe)
        assert url, unsubscribe
        assert url.group(1) in got.html and url.group(1) in got.text
        token = read_unsubscribe_token(url.group(2), workspace.root)
        assert token.campaign_id == report.campaign_id
        assert got.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert got.headers["X-Newsdesk-Delivery"] == str(token.delivery_id)
        web_version = f"/archive/{row['Sprache']}/foerderung-2026/"  # the release's slug
        assert web_version in got.html and web_version in got.text
    tampered = url.group(2)[:-2] + ("AA" if not url.group(2).endswith("AA") else "BB")
    with pytest.raises(NewsdeskError):
        read_unsubscribe_token(tampered, workspace.root)

    from newsdesk.audience import ContactStore

    assert ContactStore.for_workspace(workspace).is_suppressed("gone@inactive.example.net")
    ledger = Ledger(connect(workspace.database_url))
    failed = list(ledger.rows(report.campaign_id, "failed"))
    assert [r["email"] for r in failed] == ["gone@inactive.example.net"]
    assert all(r["provider_message_id"] for r in ledger.rows(report.campaign_id, "sent"))


def test_incomplete_translation_blocks_before_anything_is_written(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(2, 2))
    path = release_file(workspace, english=False)
    with pytest.raises(NewsdeskError, match="incomplete"):
        send_campaign(workspace, path, ["presse"], provider="postmark", env=env_for(server.url))
    assert count_rows(workspace, campaigns) == 0
    assert server.requests == []

    report = send_campaign(
        workspace, path, ["presse"], provider="postmark", fallback=True, env=env_for(server.url)
    )
    assert report.counts == {"de": {"sent": 2}, "en": {"sent": 2}}


def test_dry_run_writes_nothing(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(3, 1))
    path = release_file(workspace)
    report = send_campaign(
        workspace, path, ["presse"], provider="postmark", dry_run=True, env=env_for(server.url)
    )
    assert report.dry_run and report.counts == {"de": {"pending": 3}, "en": {"pending": 1}}
    assert count_rows(workspace, campaigns) == 0
    assert server.requests == []


def test_test_send_marks_one_copy_per_language(workspace, fake) -> None:
    server = fake(Postmark())
    path = release_file(workspace)
    report = send_campaign(
        workspace,
        path,
        provider="postmark",
        test_to="redaktion@example.org",
        env=env_for(server.url),
    )
    assert report.test and report.status == "sent"
    subjects = sorted(d.subject for d in server.delivered)
    assert subjects == [
        "[TEST] EN: Neue Förderung für Gründerinnen und Gründer",
        "[TEST] Neue Förderung für Gründerinnen und Gründer",
    ]
    assert {d.email for d in server.delivered} == {"redaktion@example.org"}
    assert Ledger(connect(workspace.database_url)).campaign(report.campaign_id).is_test


def test_test_send_of_one_language_greets_the_given_recipient(workspace, fake) -> None:
    from newsdesk.core import Recipient
    from newsdesk.deliver import make_provider
    from newsdesk.deliver.trials import send_test
    from newsdesk.ingest import read_release

    server = fake(Postmark())
    release = read_release(release_file(workspace))
    weber = Recipient("anna.weber@example.org", "de", "Anna", "Weber", "f", "Dr.")
    sender = make_provider("postmark", workspace, env_for(server.url))
    try:
        report = send_test(
            workspace,
            release,
            "redaktion@example.org",
            sender,
            False,
            languages=["de"],
            recipient=weber,
        )
        with pytest.raises(NewsdeskError, match="test languages fr"):
            send_test(workspace, release, "redaktion@example.org", sender, False, languages=["fr"])
    finally:
        sender.close()
    assert report.test and report.counts == {"de": {"sent": 1}}
    (delivered,) = server.delivered
    assert delivered.email == "redaktion@example.org"
    assert delivered.subject == "[TEST] Neue Förderung für Gründerinnen und Gründer"
    assert "Sehr geehrte Frau Dr. Weber," in delivered.text
    assert "anna.weber" not in delivered.text + str(delivered.headers)


def test_bad_credentials_pause_and_resume_goes_on(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "mitglieder", people(4, 2))
    path = release_file(workspace)
    bad = {**env_for(server.url), "POSTMARK_SERVER_TOKEN": "expired"}
    report = send_campaign(workspace, path, ["mitglieder"], provider="postmark", env=bad)
    assert report.status == "paused"
    assert "POSTMARK_SERVER_TOKEN" in report.message
    assert report.counts == {"de": {"pending": 4}, "en": {"pending": 2}}
    assert server.delivered == []

    again = send_campaign(workspace, resume=report.campaign_id, env=env_for(server.url))
    assert again.status == "sent"
    assert again.counts == {"de": {"sent": 4}, "en": {"sent": 2}}
    assert len(server.delivered) == 6


def test_rate_limit_that_never_ends_pauses_without_losing_rows(workspace, fake) -> None:
    server = fake(Postmark())
    (workspace.root / "newsdesk.toml").open("a").write("batch_size = 2\n")
    workspace = Workspace.open(workspace.root)
    seed(workspace, "mitglieder", people(5, 0))
    path = release_file(workspace)
    server.script = [(429, {"Retry-After": "0"}, b"{}")] * 100
    report = send_campaign(
        workspace, path, ["mitglieder"], provider="postmark", env=env_for(server.url)
    )
    assert report.status == "paused"
    assert "rate limit" in report.message
    assert report.counts == {"de": {"pending": 5}}
    server.script = []
    report = send_campaign(workspace, resume=report.campaign_id, env=env_for(server.url))
    assert report.counts == {"de": {"sent": 5}}
    assert sorted(d.email for d in server.delivered) == [
        f"kontakt{n:05d}@example.org" for n in range(5)
    ]


def test_503_makes_rows_unknown_and_resume_does_not_resend_them(workspace, fake) -> None:
    server = fake(Postmark())
    (workspace.root / "newsdesk.toml").open("a").write("batch_size = 2\n")
    workspace = Workspace.open(workspace.root)
    seed(workspace, "mitglieder", people(6, 0))
    path = release_file(workspace)
    # the first batch goes through, the second gets a 503: its outcome is unknown
    server.script = [lambda seen: Postmark().handle(seen, server), (503, {}, b"unavailable")]
    report = send_campaign(
        workspace, path, ["mitglieder"], provider="postmark", env=env_for(server.url)
    )
    assert report.status == "sent"
    assert report.counts == {"de": {"sent": 4, "unknown": 2}}
    assert [u["email"] for u in report.unknown] == [
        "kontakt00002@example.org",
        "kontakt00003@example.org",
    ]
    again = send_campaign(workspace, resume=report.campaign_id, env=env_for(server.url))
    assert again.counts == {"de": {"sent": 4, "unknown": 2}}
    assert len(server.delivered) == 4


def test_unknown_campaign_is_a_clear_error(workspace) -> None:
    with pytest.raises(NewsdeskError, match="no campaign 42"):
        send_campaign(workspace, resume=42)
    assert count_rows(workspace, deliveries) == 0


def test_smtp_campaign_retries_a_busy_recipient_then_gives_up(workspace, smtp_server) -> None:
    from deliver_fakes.smtp import smtp_provider

    _, mailbox, _ = smtp_server
    rows = people(2, 1)
    rows.append({**rows[0], "E-Mail": "later@busy.example.net"})
    seed(workspace, "mitglieder", rows)
    path = release_file(workspace)
    report = send_campaign(workspace, path, ["mitglieder"], provider=smtp_provider(smtp_server))
    assert report.status == "sent"
    assert report.counts == {"de": {"sent": 2, "failed": 1}, "en": {"sent": 1}}
    failed = list(Ledger(connect(workspace.database_url)).rows(report.campaign_id, "failed"))
    assert failed[0]["attempts"] == 5 and "gave up after 5 attempts" in failed[0]["error"]
    assert sorted(rcpt[0] for rcpt, _ in mailbox.received) == sorted(
        row["E-Mail"] for row in rows[:3]
    )


def test_a_draft_is_not_sent(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(1, 0))
    path = release_file(workspace, english=False)
    path.write_text(path.read_text().replace("---\ntitle:", "---\nstatus: draft\ntitle:", 1))
    with pytest.raises(NewsdeskError, match="approve"):
        send_campaign(workspace, path, ["presse"], provider="postmark", env=env_for(server.url))
    assert count_rows(workspace, campaigns) == 0 and server.requests == []


def test_a_check_error_stops_the_send_before_the_ledger(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(1, 1))
    path = release_file(workspace)
    embargo = "---\nembargo: 2035-01-01T10:00:00+01:00\ntitle:"
    path.write_text(path.read_text().replace("---\ntitle:", embargo, 1))
    with pytest.raises(NewsdeskError, match="embargo"):
        send_campaign(workspace, path, ["presse"], provider="postmark", env=env_for(server.url))
    with pytest.raises(ChecksFailed, match="never overrides an error"):
        send_campaign(
            workspace,
            path,
            ["presse"],
            provider="postmark",
            force="Die Leitung hat es freigegeben",
            env=env_for(server.url),
        )
    assert count_rows(workspace, campaigns) == 0 and server.requests == []


# Without a teaser the inbox preview repeats the first line: a warning in each language.
NO_TEASER = "\n".join(line for line in RELEASE.splitlines() if not line.startswith("teaser:"))


def test_a_warning_stops_the_send_unless_forced_with_a_reason(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(2, 1))
    path = release_file(workspace, text=NO_TEASER + "\n")
    send = dict(provider="postmark", env=env_for(server.url))
    with pytest.raises(ChecksFailed) as stopped:
        send_campaign(workspace, path, ["presse"], **send)
    assert [(f.level, f.code) for f in stopped.value.findings] == [
        ("warning", "preheader-repeat"),
        ("warning", "preheader-repeat"),
    ]
    assert '--force "REASON"' in str(stopped.value)
    with pytest.raises(NewsdeskError, match="--force needs a reason"):
        send_campaign(workspace, path, ["presse"], force="  ", **send)
    assert count_rows(workspace, campaigns) == 0 and server.requests == []

    dry = send_campaign(workspace, path, ["presse"], dry_run=True, **send)
    assert len(dry.blocked) == 2 and "would stop the real send" in dry.message
    assert count_rows(workspace, campaigns) == 0

    report = send_campaign(workspace, path, ["presse"], force="Teaser folgt nächste Woche", **send)
    assert report.status == "sent" and report.total("sent") == 3
    assert report.forced == "Teaser folgt nächste Woche"
    assert [w.split(":")[0] for w in report.warnings] == ["preheader-repeat"] * 2
    campaign = Ledger(connect(workspace.database_url)).campaign(report.campaign_id)
    assert campaign.forced == "Teaser folgt nächste Woche"
    assert campaign.forced_warnings.count("preheader-repeat") == 2


def test_a_clean_release_records_no_override(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(1, 1))
    path = release_file(workspace)
    report = send_campaign(
        workspace,
        path,
        ["presse"],
        provider="postmark",
        force="sicher ist sicher",
        env=env_for(server.url),
    )
    assert report.status == "sent" and report.warnings == [] and report.forced == ""
    assert Ledger(connect(workspace.database_url)).campaign(report.campaign_id).forced == ""


def test_a_resumed_campaign_is_checked_again_as_its_release_is_now(workspace, fake) -> None:
    """A paused campaign goes on days later with the release as it is then: an embargo
    added meanwhile stops the resume; so does a new warning, unless forced, and the
    reason stays with the campaign."""
    server = fake(Postmark())
    seed(workspace, "mitglieder", people(2, 1))
    paused = send_paused(workspace, server)
    resume = dict(resume=paused.campaign_id, env=env_for(server.url))
    ledger = Ledger(connect(workspace.database_url))

    embargo = "---\nembargo: 2035-01-01T10:00:00+01:00\ntitle:"
    release_file(workspace, text=RELEASE.replace("---\ntitle:", embargo, 1))
    with pytest.raises(ChecksFailed, match="embargo"):
        send_campaign(workspace, **resume)

    release_file(workspace, text=NO_TEASER + "\n")
    with pytest.raises(ChecksFailed) as stopped:
        send_campaign(workspace, **resume)
    assert {finding.code for finding in stopped.value.findings} == {"preheader-repeat"}
    assert server.delivered == [] and ledger.campaign(paused.campaign_id).status == "paused"
    dry = send_campaign(workspace, dry_run=True, **resume)
    assert dry.dry_run and len(dry.blocked) == 2 and server.delivered == []

    report = send_campaign(workspace, force="Teaser folgt", **resume)
    assert report.status == "sent" and report.total("sent") == 3
    assert report.forced == "Teaser folgt"
    campaign = ledger.campaign(paused.campaign_id)
    assert campaign.forced == "Teaser folgt"
    assert campaign.forced_warnings.count("preheader-repeat") == 2


def test_a_campaign_forced_when_it_began_resumes_under_that_reason(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "mitglieder", people(2, 1))
    paused = send_campaign(
        workspace,
        release_file(workspace, text=NO_TEASER + "\n"),
        ["mitglieder"],
        provider="postmark",
        force="Teaser folgt",
        env={**env_for(server.url), "POSTMARK_SERVER_TOKEN": "revoked"},
    )
    assert paused.status == "paused" and paused.forced == "Teaser folgt"

    report = send_campaign(workspace, resume=paused.campaign_id, env=env_for(server.url))
    assert report.status == "sent" and report.total("sent") == 3
    assert report.forced == "Teaser folgt"
    campaign = Ledger(connect(workspace.database_url)).campaign(paused.campaign_id)
    assert campaign.forced_warnings.count("preheader-repeat") == 2  # kept once


def test_fallback_accepts_untranslated_parts_without_force(workspace, fake) -> None:
    server = fake(Postmark())
    seed(workspace, "presse", people(1, 1))
    path = release_file(workspace, english=False)
    report = send_campaign(
        workspace, path, ["presse"], provider="postmark", fallback=True, env=env_for(server.url)
    )
    assert report.status == "sent" and report.forced == ""
    assert any("[accepted by --fallback source]" in w for w in report.warnings)


def test_a_send_takes_short_gil_turns_and_freezes_older_objects_until_the_last_ends() -> None:
    before = sys.getswitchinterval()
    assert before > LANE_SWITCH_INTERVAL, "Python's default is 5 ms"
    assert gc.get_freeze_count() == 0
    second_in, first_out = threading.Event(), threading.Event()
    seen: list[tuple[float, bool]] = []

    def second_sender() -> None:  # starts after the first, ends after it
        with _sending_settings():
            second_in.set()
            first_out.wait(10)
            seen.append((sys.getswitchinterval(), gc.get_freeze_count() > 0))

    thread = threading.Thread(target=second_sender)
    with _sending_settings():
        thread.start()
        second_in.wait(10)
        seen.append((sys.getswitchinterval(), gc.get_freeze_count() > 0))
    first_out.set()
    thread.join(10)
    assert seen == [(LANE_SWITCH_INTERVAL, True), (LANE_SWITCH_INTERVAL, True)]
    assert sys.getswitchinterval() == before
    assert gc.get_freeze_count() == 0


def test_a_resumed_campaign_leaves_out_who_left_the_audience_meanwhile(workspace, fake) -> None:
    """A campaign paused by the provider goes on days later: whoever unsubscribed, was
    suppressed or unsubscribed from the list since is not sent to."""
    server = fake(Postmark())
    store = seed(workspace, "mitglieder", people(4, 2))
    paused = send_paused(workspace, server)

    left = ["kontakt00000@example.org", "kontakt00001@example.org", "kontakt00004@example.org"]
    store.unsubscribe(store.find(left[0]).contact_id, source="telephone")
    store.suppress(left[1], "complained", "feedback loop")
    store.unsubscribe(store.find(left[2]).contact_id, "mitglieder", source="preferences page")

    report = send_campaign(workspace, resume=paused.campaign_id, env=env_for(server.url))
    assert report.status == "sent"
    delivered = sorted(d.email for d in server.delivered)
    assert delivered == [
        "kontakt00002@example.org",
        "kontakt00003@example.org",
        "kontakt00005@example.org",
    ]
    failed = list(Ledger(connect(workspace.database_url)).rows(paused.campaign_id, "failed"))
    assert sorted(row["email"] for row in failed) == left
    assert all("after the campaign began" in row["error"] for row in failed)


def test_an_internationalised_domain_goes_out_in_its_ascii_form(workspace) -> None:
    """Stored as anna@müller.de, sent to anna@xn--mller-kva.de: a Unicode domain in a
    header is no address a mail server takes."""
    from email import message_from_bytes
    from email.policy import default

    rows = people(1, 0)
    rows.append({**rows[0], "E-Mail": "anna@müller.de", "Nachname": "Müller"})
    seed(workspace, "mitglieder", rows)
    report = send_campaign(workspace, release_file(workspace), ["mitglieder"], provider="outbox")
    assert report.counts == {"de": {"sent": 2}}
    recipients = {
        message_from_bytes(path.read_bytes(), policy=default)["To"].addresses[0].addr_spec
        for path in (workspace.root / "outbox" / str(report.campaign_id)).glob("*.eml")
    }
    assert recipients == {"kontakt00000@example.org", "anna@xn--mller-kva.de"}


def test_a_resumed_campaign_whose_list_was_deleted_sends_nothing(workspace, fake) -> None:
    server = fake(Postmark())
    store = seed(workspace, "mitglieder", people(2, 1))
    paused = send_paused(workspace, server)
    store.delete_list("mitglieder")

    report = send_campaign(workspace, resume=paused.campaign_id, env=env_for(server.url))
    assert server.delivered == []
    assert report.counts == {"de": {"failed": 2}, "en": {"failed": 1}}


def test_who_unsubscribes_while_a_long_send_runs_is_not_sent_to(
    workspace, fake, monkeypatch
) -> None:
    """A send held back by a rate limit or a slow server runs for hours: the audience
    is looked at again as it goes (here before every batch), and whoever unsubscribed
    meanwhile — while the first batch was at the provider — is not sent to."""
    server = fake(Postmark())
    store = seed(workspace, "mitglieder", people(6, 0))
    leaving = "kontakt00005@example.org"

    def unsubscribe(_seen) -> None:
        # the first request the provider sees unsubscribes them before it is answered:
        # both lanes claim their next row only after an answer, so from the third on
        if store.find(leaving).contact_id in store.audience_ids(["mitglieder"]):
            store.unsubscribe(store.find(leaving).contact_id, source="one-click")

    before_each_answer(server, unsubscribe, requests=6)
    report = send_rechecking_every_batch(workspace, server, monkeypatch)

    assert report.status == "sent"
    assert report.counts == {"de": {"sent": 5, "failed": 1}}
    assert leaving not in {d.email for d in server.delivered}
    (failed,) = Ledger(connect(workspace.database_url)).rows(report.campaign_id, "failed")
    assert failed["email"] == leaving and "after the campaign began" in failed["error"]


def test_a_reader_who_switches_language_while_paused_gets_the_one_they_chose(
    workspace, fake
) -> None:
    """Two readers change their language on the preferences page while the campaign
    waits for its provider: on resume each gets the other language, greeted in it."""
    server = fake(Postmark())
    store = seed(workspace, "mitglieder", people(3, 2))
    paused = send_paused(workspace, server)
    to_english, to_german = "kontakt00001@example.org", "kontakt00004@example.org"
    store.set_language(store.find(to_english).contact_id, "en", by_reader=True)
    store.set_language(store.find(to_german).contact_id, "de", by_reader=True)

    report = send_campaign(workspace, resume=paused.campaign_id, env=env_for(server.url))
    assert report.counts == {"de": {"sent": 3}, "en": {"sent": 2}}
    got = {d.email: d for d in server.delivered}
    assert got[to_english].subject.startswith("EN: ")
    assert "Dear Ms Nachname1," in got[to_english].text
    assert not got[to_german].subject.startswith("EN: ")
    assert "Sehr geehrter Herr Nachname4," in got[to_german].text
    assert got["kontakt00000@example.org"].subject == got[to_german].subject


def test_a_switch_to_a_language_the_campaign_had_no_reader_of_is_rendered_on_resume(
    workspace, fake
) -> None:
    server = fake(Postmark())
    store = seed(workspace, "mitglieder", people(3, 0))
    paused = send_paused(workspace, server)
    store.set_language(store.find("kontakt00002@example.org").contact_id, "en", by_reader=True)
    report = send_campaign(workspace, resume=paused.campaign_id, env=env_for(server.url))
    assert report.counts == {"de": {"sent": 2}, "en": {"sent": 1}}
    english = [d for d in server.delivered if d.subject.startswith("EN: ")]
    assert [d.email for d in english] == ["kontakt00002@example.org"]


def test_a_switch_to_a_language_already_sent_while_sending_is_still_sent(
    workspace, fake, monkeypatch
) -> None:
    """The German readers are done when an English reader switches to German: the
    sender goes back to German for them instead of leaving the row behind."""
    server = fake(Postmark())
    store = seed(workspace, "mitglieder", people(2, 3))
    switching = "kontakt00004@example.org"

    def switch(seen) -> None:
        # the first English request: the last English reader, not yet claimed, switches
        person = store.find(switching)
        if "EN: " in seen.body.decode() and person.lang == "en":
            store.set_language(person.contact_id, "de", by_reader=True)

    before_each_answer(server, switch, requests=5)
    report = send_rechecking_every_batch(workspace, server, monkeypatch)

    assert report.status == "sent"
    assert report.counts == {"de": {"sent": 3}, "en": {"sent": 2}}
    got = {d.email: d for d in server.delivered}
    assert not got[switching].subject.startswith("EN: ")
