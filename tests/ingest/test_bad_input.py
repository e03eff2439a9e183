"""Every bad release file gives one line naming the file (and line), exit status 2."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newsdesk.cli import main

CASES = {
    "empty": ("leer.txt", b"", None, "the file is empty"),
    "blank": ("leer.md", b"\n  \n\n", None, "the file is empty"),
    "binary": ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, None, "not a text file"),
    "binary-no-nul": ("rauschen.md", bytes(range(1, 256)) * 8, None, "not a text file"),
    "no-title-md": ("ohne.md", b"---\nkind: Newsletter\n---\n\n", None, "no title"),
    "only-labels": (
        "ohne.txt",
        b"Pressemitteilung\nSperrfrist: 1. Dezember 2026\n",
        None,
        "no title",
    ),
    "paragraph-first": ("absatz.txt", ("Wort " * 80 + "\nZweiter.\n").encode(), 1, "no title"),
    "not-yaml": ("kaputt.md", b"---\ntitle: Titel\nkind: [offen\n---\nText\n", 3, "not valid YAML"),
    "not-mapping": ("liste.md", b"---\n- eins\n- zwei\n---\nText\n", 2, "must be 'key: value'"),
    "unclosed": ("offen.md", b"---\ntitle: Titel\n\nText\n", 1, "never closed"),
    "wrong-date": (
        "datum.md",
        b"---\ntitle: Titel\ndate: 2026-13-45\n---\nText\n",
        3,
        "'date' '2026-13-45' is not a date",
    ),
    "wrong-embargo": (
        "sperre.md",
        b"---\ntitle: Titel\n\nembargo: morgen fruh\n---\nText\n",
        4,
        "'embargo' 'morgen fruh' is not a date and time",
    ),
    "unknown-key": (
        "titel.md",
        b"---\ntitel: Titel\n---\nText\n",
        2,
        "unknown front matter key 'titel'; did you mean 'title'?",
    ),
    "wrong-type": ("typ.md", b"---\ntitle: [a, b]\n---\nText\n", 2, "'title' must be text"),
    "bad-sperrfrist": (
        "frist.txt",
        b"Titel\nSperrfrist: 31. Februar 2026, 10:00 Uhr\nText.\n",
        2,
        "cannot read the Sperrfrist",
    ),
    "embargo-in-the-spring-gap": (
        "luecke.md",
        b"---\ntitle: Titel\nembargo: 2027-03-28 02:30\n---\nText\n",
        3,
        "does not exist in Europe/Berlin",
    ),
    "embargo-in-the-doubled-hour": (
        "doppelt.md",
        b"---\ntitle: Titel\nembargo: 2027-10-31 02:30\n---\nText\n",
        3,
        "happens twice in Europe/Berlin (the clocks go back); write the offset: "
        "2027-10-31T02:30+02:00 for the first, 2027-10-31T02:30+01:00 for the second",
    ),
    "sperrfrist-in-the-doubled-hour": (
        "doppelt.txt",
        b"Titel\nSperrfrist: 31. Oktober 2027, 02:30 Uhr\nText.\n",
        2,
        "Sperrfrist: '31. Oktober 2027, 02:30 Uhr' happens twice",
    ),
    "extension": ("release.pdf", b"%PDF-1.4", None, "cannot read .pdf"),
    "docx-not-zip": ("brief.docx", b"Das ist kein Word-Dokument.", None, "not a zip archive"),
    "docx-empty": ("leer.docx", b"", None, "the file is empty"),
    "docx-zip-not-word": ("zip.docx", None, None, "not a readable Word .docx document"),
}


def _write(tmp_path: Path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hallo.txt", "kein Word")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, line, message = CASES[case]
    path = _write(tmp_path, name, content)

    with pytest.raises(SystemExit) as exit_:
        main(["show", str(path)])

    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    where = f"{path}:{line}" if line else str(path)
    assert captured.err.startswith(f"newsdesk: error: {where}: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["show", str(tmp_path / "fehlt.txt")])

    assert exit_.value.code == 2
    assert capsys.readouterr().err == f"newsdesk: error: {tmp_path / 'fehlt.txt'}: no such file\n"


def test_bad_file_through_the_installed_command(tmp_path: Path) -> None:
    path = _write(tmp_path, "datum.md", b"---\ntitle: Titel\ndate: 31.02.2026\n---\nText\n")

    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "show", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"newsdesk: error: {path}:3: front matter 'date' '31.02.2026' is not a date; "
        "write it like 2026-11-28"
    ]
