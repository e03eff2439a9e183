"""Killing or interrupting an import half-way leaves nothing; a rerun imports everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsdesk.audience import ContactStore
from newsdesk.audience.tables import consent_events, contacts, memberships
from newsdesk.core import Workspace

ROWS = 30_000


def counts(store: ContactStore) -> tuple[int, int, int]:
    with store.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in (contacts, memberships, consent_events)
        )


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_killing_an_import_mid_way_leaves_zero_rows_then_a_rerun_imports_all(
    workspace: Workspace, store: ContactStore, database_url: str, tmp_path: Path, kill: int
) -> None:
    store.create_list("mitglieder")
    source = tmp_path / "gross.csv"
    with source.open("w", encoding="cp1252", newline="") as stream:
        stream.write("Anrede;Vorname;Nachname;E-Mail\r\n")
        for i in range(ROWS):
            stream.write(f"Frau;Jürgen{i};Müller;person.{i}@example.de\r\n")
    env = {**os.environ, "NEWSDESK_DATABASE_URL": database_url, "NEWSDESK_WORKSPACE": ""}
    command = [
        sys.executable,
        "-m",
        "newsdesk",
        "--workspace",
        str(workspace.root),
        "contacts",
        "import",
        str(source),
        "--list",
        "mitglieder",
    ]

    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.startswith("writing contacts:"):
            # Some contacts are written inside the still-open transaction: kill now.
            process.send_signal(kill)
            break
    process.wait(timeout=120)
    seen.extend(process.stderr)
    if kill == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL, "".join(seen)
    else:
        assert process.returncode == 130, "".join(seen)
        assert seen[-1] == "newsdesk: aborted\n"
        assert not any("Traceback" in line for line in seen)
    assert counts(store) == (0, 0, 0)

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert f"imported {ROWS}," in finished.stdout
    assert counts(store) == (ROWS, ROWS, ROWS)


def test_two_imports_at_once_never_double_or_half_import(
    workspace: Workspace, store: ContactStore, database_url: str, tmp_path: Path
) -> None:
    store.create_list("mitglieder")
    source = tmp_path / "liste.csv"
    rows = 20_000
    with source.open("w", encoding="utf-8", newline="") as stream:
        stream.write("E-Mail;Nachname\n")
        for i in range(rows):
            stream.write(f"person.{i}@example.de;Nach{i}\n")
    env = {**os.environ, "NEWSDESK_DATABASE_URL": database_url, "NEWSDESK_WORKSPACE": ""}
    command = [
        sys.executable,
        "-m",
        "newsdesk",
        "--workspace",
        str(workspace.root),
        "contacts",
        "import",
        str(source),
        "--list",
        "mitglieder",
    ]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=600), *p.communicate()) for p in processes]
    for status, _out, err in results:
        assert status in (0, 2), err
        if status == 2:
            assert err.startswith("newsdesk: error:") and err.count("\n") == 1, err
    assert any(status == 0 for status, _, _ in results)
    assert counts(store) == (rows, rows, rows)
