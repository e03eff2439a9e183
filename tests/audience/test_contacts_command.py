"""``newsdesk contacts add`` and ``invite``: what they refuse and how they store it."""

from __future__ import annotations

import json

import pytest

from newsdesk.cli import main
from newsdesk.core import Workspace


def newsdesk(
    workspace: Workspace, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """Run ``newsdesk ARGS`` in-process: (exit status, stdout or, on failure, stderr)."""
    code = 0
    try:
        main(["--workspace", str(workspace.root), *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out if code == 0 else err


@pytest.fixture
def presse(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> Workspace:
    assert newsdesk(workspace, capsys, "lists", "create", "presse")[0] == 0
    return workspace


@pytest.mark.parametrize("command", ["add", "invite"])
def test_a_non_ascii_local_part_is_one_line_and_exit_2(
    presse: Workspace, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, error = newsdesk(
        presse, capsys, "contacts", command, "müller@example.org", "--list", "presse"
    )
    assert code == 2
    assert error.count("\n") == 1 and "ask for the ASCII address" in error


def test_the_language_code_is_case_insensitive_and_stored_lower_case(
    presse: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("add", "invite"):
        address = f"{command}@example.org"
        code, out = newsdesk(
            presse, capsys, "contacts", command, address, "--list", "presse", "--lang", "EN"
        )
        assert code == 0, out
        person = json.loads(newsdesk(presse, capsys, "contacts", "export", address)[1])
        assert person["contact"]["language"] == "en"
    code, error = newsdesk(
        presse, capsys, "contacts", "add", "x@example.org", "--list", "presse", "--lang", "FR"
    )
    assert code == 2 and "--lang 'FR': use one of de, en" in error
