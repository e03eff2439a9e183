"""Releases built in code, and a helper that checks a PO file with GNU msgfmt."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from deepl_fake import GOOD_KEY, FakeDeepL, running

from newsdesk.cli import main
from newsdesk.core import Block, Contact, Link, Release

MSGFMT = Path("/usr/bin/msgfmt")


def sample_release() -> Release:
    return Release(
        slug="hafen-2026",
        title="Hafen Musterstadt meldet **Rekordjahr**",
        subtitle="Umschlag um 18 % gegenüber dem Vorjahr gestiegen",
        dateline="Musterstadt, 28. November 2026 –",
        blocks=[
            Block("paragraph", text="Der Hafen Musterstadt hat 2026 so viel umgeschlagen wie nie."),
            Block(
                "paragraph",
                text="Die Zahlen im Einzelnen stehen unter [hafen.example.org/zahlen]"
                "(https://hafen.example.org/zahlen) bereit.",
            ),
            Block("heading", text="Ausblick", level=2),
            Block("paragraph", text="Für 2027 plant der Hafen {neue} Liegeplätze."),
            Block(
                "quote",
                text="Das ist ein großer Erfolg für die ganze Region.",
                speaker="Dr. Erika Beispiel",
                role="Hafendirektorin",
            ),
            Block("list", items=["Containerumschlag: +21 %", "Schüttgut: +4 %"]),
            Block(
                "image",
                src="kran.jpg",
                alt="Ein Containerkran im Abendlicht",
                caption="Der neue Kran am Terminal Ost",
                credit="Foto: Hafen Musterstadt",
            ),
            Block("link", url="https://hafen.example.org/bericht", text="Zum Jahresbericht"),
        ],
        boilerplate_title="Über den Hafen Musterstadt",
        boilerplate="Der Hafen Musterstadt ist ein Binnenhafen. Mehr: www.hafen.example.org",
        contacts=[
            Contact(
                name="Jonas Beispiel",
                role="Pressesprecher",
                email="presse@hafen.example.org",
                phone="+49 621 000000",
            )
        ],
        # As ingest collects them from the text.
        links=[
            Link(url="https://hafen.example.org/zahlen", text="hafen.example.org/zahlen"),
            Link(url="https://www.hafen.example.org", text="www.hafen.example.org"),
        ],
    )


def _msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MSGFMT), "--check-format", "-c", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def msgfmt_check() -> Callable[[Path], subprocess.CompletedProcess[str]]:
    """Runs GNU msgfmt --check-format -c on a PO file."""
    if not MSGFMT.exists():
        reason = "gettext's msgfmt is not installed (apt-get install gettext)"
        if os.environ.get("NEWSDESK_REQUIRE_SERVICES"):
            pytest.fail(f"CI must provide this: {reason}")
        pytest.skip(reason)
    return _msgfmt_check


@pytest.fixture
def release() -> Release:
    return sample_release()


@pytest.fixture
def fake_deepl(shared: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepL]:
    """A local DeepL server; DEEPL_AUTH_KEY and NEWSDESK_DEEPL_URL point at it."""
    with running(shared / "specs" / "deepl.yaml") as fake:
        monkeypatch.setenv("DEEPL_AUTH_KEY", GOOD_KEY)
        monkeypatch.setenv("NEWSDESK_DEEPL_URL", fake.url)
        yield fake


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def newsdesk(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Runs the newsdesk command in-process: newsdesk("translate", "status", ...)."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
