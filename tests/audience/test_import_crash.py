"""Killing an import half-way leaves nothing behind; running it again imports everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

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


def test_sigkill_mid_import_leaves_zero_rows_then_a_rerun_imports_all(
    workspace: Workspace, store: ContactStore, database_url: str, tmp_path: Path
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
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL, "".join(seen)
    assert counts(store) == (0, 0, 0)

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert f"imported {ROWS}," in finished.stdout
    assert counts(store) == (ROWS, ROWS, ROWS)
