"""The commands: newsdesk send (outbox), campaigns list/show, providers check/list."""

from __future__ import annotations

import csv
import json
from email import message_from_bytes
from email.policy import default

from click.testing import CliRunner
from deliver_fakes.audience import people, release_file, seed

from newsdesk.cli import cli, main


def run(workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_send_through_outbox_and_report(workspace) -> None:
    seed(workspace, "mitglieder", people(3, 2))
    path = release_file(workspace)
    code, output = run(workspace, "send", str(path), "--list", "mitglieder", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["status"] == "sent"
    assert report["counts"] == {"de": {"sent": 3}, "en": {"sent": 2}}

    files = sorted((workspace.root / "outbox" / str(report["campaign"])).glob("*.eml"))
    assert len(files) == 5
    languages = []
    for file in files:
        message = message_from_bytes(file.read_bytes(), policy=default)
        languages.append(message["Content-Language"])
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Unsubscribe"].startswith(
            "<https://newsletter.wirtschaft-musterstadt.de/u/"
        )
        assert message.get_body(("html",)) is not None
    assert sorted(languages) == ["de", "de", "de", "en", "en"]

    code, output = run(workspace, "campaigns", "list", "--json")
    (listed,) = json.loads(output)
    assert listed["counts"]["sent"] == 5 and listed["lists"] == ["mitglieder"]

    ledger_csv = workspace.root / "ledger.csv"
    code, output = run(
        workspace, "campaigns", "show", str(report["campaign"]), "--csv", str(ledger_csv)
    )
    assert code == 0 and "ledger written" in output
    with ledger_csv.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(r["lang"] for r in rows) == ["de", "de", "de", "en", "en"]
    assert {r["status"] for r in rows} == {"sent"}

    code, output = run(workspace, "campaigns", "show", str(report["campaign"]), "--json")
    assert json.loads(output)["counts"] == {"de": {"sent": 3}, "en": {"sent": 2}}


def test_test_send_and_dry_run(workspace) -> None:
    seed(workspace, "presse", people(1, 1))
    path = release_file(workspace)
    code, output = run(workspace, "send", str(path), "--list", "presse", "--dry-run")
    assert code == 0 and "nothing written" in output
    assert not (workspace.root / "outbox").exists()
    code, output = run(workspace, "send", str(path), "--test-to", "redaktion@example.org")
    assert code == 0, output
    (folder,) = (workspace.root / "outbox").iterdir()
    assert folder.name.endswith("-test")
    subjects = sorted(
        message_from_bytes(f.read_bytes(), policy=default)["Subject"] for f in folder.iterdir()
    )
    assert all(s.startswith("[TEST] ") for s in subjects) and len(subjects) == 2


def test_mistakes_are_one_line(workspace, capsys, monkeypatch) -> None:
    release_file(workspace)
    monkeypatch.delenv("POSTMARK_SERVER_TOKEN", raising=False)
    for args, expected in [
        (["campaigns", "show", "9"], "no campaign 9"),
        (["providers", "check", "postmark"], "POSTMARK_SERVER_TOKEN"),
        (["send", "--resume", "3"], "no campaign 3"),
    ]:
        try:
            main(["--workspace", str(workspace.root), *args])
        except SystemExit as exit_:
            assert exit_.code == 2
        err = capsys.readouterr().err
        assert err.startswith("newsdesk: error:") and expected in err
        assert "Traceback" not in err


def test_providers_check_fails_when_the_provider_cannot_be_reached(
    workspace, capsys, monkeypatch
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("POSTMARK_SERVER_TOKEN", "token")
    monkeypatch.setenv("POSTMARK_BASE_URL", f"http://127.0.0.1:{port}")
    for name, expected in (("smtp", f"cannot connect to 127.0.0.1:{port}"), ("postmark", "")):
        if name == "postmark":
            from newsdesk.deliver.providers.http import HttpProvider

            monkeypatch.setattr(HttpProvider, "max_retries", 0)  # no backoff for a closed port
        try:
            main(["--workspace", str(workspace.root), "providers", "check", name])
            code = 0
        except SystemExit as exit_:
            code = exit_.code
        err = capsys.readouterr().err
        assert code == 2, (name, err)
        assert err.startswith(f"newsdesk: error: {name}:") and expected in err
        assert len(err.strip().splitlines()) == 1


def test_providers_list_and_outbox_check(workspace) -> None:
    code, output = run(workspace, "providers", "list")
    assert code == 0 and "postmark" in output and "mailgun" in output
    code, output = run(workspace, "providers", "check", "outbox")
    assert code == 0 and "outbox" in output


def test_send_blocked_by_warnings_then_forced(workspace, capsys) -> None:
    from deliver_fakes.audience import RELEASE

    seed(workspace, "mitglieder", people(1, 1))
    long_title = (
        "Neue Förderung für Gründerinnen und Gründer im Hafenviertel, in der Altstadt "
        "und am Stadtrand"
    )
    path = release_file(
        workspace,
        text=RELEASE.replace(
            "title: Neue Förderung für Gründerinnen und Gründer", f"title: {long_title}"
        ),
    )
    try:
        main(["--workspace", str(workspace.root), "send", str(path), "--list", "mitglieder"])
    except SystemExit as exit_:
        assert exit_.code == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdesk: error:") and "subject: the subject has 93 characters" in err
    assert '--force "REASON"' in err and "Traceback" not in err
    assert not (workspace.root / "outbox").exists()

    reason = "Titel mit der Pressestelle abgestimmt"
    code, output = run(workspace, "send", str(path), "--list", "mitglieder", "--force", reason)
    assert code == 0, output
    assert "2 warning(s) overridden with --force" in output and reason in output
    code, output = run(workspace, "campaigns", "list", "--json")
    (listed,) = json.loads(output)
    code, output = run(workspace, "campaigns", "show", str(listed["id"]), "--json")
    shown = json.loads(output)
    assert shown["forced"] == reason
    assert [line.split(":")[0] for line in shown["forced_warnings"]] == ["subject", "subject"]
    code, output = run(workspace, "campaigns", "show", str(listed["id"]))
    assert reason in output and "the subject has 93 characters" in output
