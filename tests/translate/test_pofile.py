"""Bad catalog files: one clear error with file and line, and nothing on disk changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.translate import ContentCatalog


@pytest.fixture
def catalog_file(workspace: Workspace, release: Release) -> Path:
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, "releases/hafen-2026.md")
    for message in list(catalog.messages()):
        catalog.set_translation(message.id, f"EN {message.id}", fuzzy=False)
    catalog.save()
    return catalog.path


def load_error(workspace: Workspace, release: Release) -> NewsdeskError:
    with pytest.raises(NewsdeskError) as caught:
        ContentCatalog.for_release(workspace, release, "en")
    return caught.value


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_unterminated_string(workspace: Workspace, release: Release, catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace('msgstr "EN Ausblick"', 'msgstr "EN Ausblick'))
    error = load_error(workspace, release)
    assert error.place == str(catalog_file)
    assert error.line == line_of(catalog_file, 'msgstr "EN Ausblick')
    assert "unterminated string" in error.message


def test_syntax_error(workspace: Workspace, release: Release, catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace('msgstr "EN Ausblick"', 'msgstring "EN Ausblick"'))
    error = load_error(workspace, release)
    assert error.line == line_of(catalog_file, "msgstring")
    assert str(error).startswith(f"{catalog_file}:{error.line}: not a valid PO file")


def test_duplicate_msgid(workspace: Workspace, release: Release, catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text + '\nmsgid "Ausblick"\nmsgstr "Outlook"\n', encoding="utf-8")
    error = load_error(workspace, release)
    first = line_of(catalog_file, 'msgid "Ausblick"')
    assert "duplicate msgid" in error.message and f"first at line {first}" in error.message
    assert error.line == len(catalog_file.read_text(encoding="utf-8").splitlines()) - 1


@pytest.mark.parametrize(
    "content",
    [b"Das ist keine Uebersetzung.\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", b""],
    ids=["text", "binary", "empty"],
)
def test_not_a_po_file(
    workspace: Workspace, release: Release, catalog_file: Path, content: bytes
) -> None:
    catalog_file.write_bytes(content)
    error = load_error(workspace, release)
    assert error.place == str(catalog_file) and error.line is not None
    assert "not a PO file" in error.message or "not a valid PO file" in error.message


def test_catalog_of_another_release(
    workspace: Workspace, release: Release, catalog_file: Path
) -> None:
    other = workspace.catalog_path("other-release", "en")
    other.parent.mkdir(parents=True)
    other.write_bytes(catalog_file.read_bytes())
    with pytest.raises(NewsdeskError) as caught:
        ContentCatalog.for_release(workspace, release.replace(slug="other-release"), "en")
    assert "catalog of release 'hafen-2026', not of 'other-release'" in caught.value.message
    assert caught.value.line == line_of(other, "Project-Id-Version")


def test_po_file_of_something_else(
    workspace: Workspace, release: Release, catalog_file: Path
) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace("newsdesk release hafen-2026", "myapp 1.0"))
    error = load_error(workspace, release)
    assert "not a newsdesk content catalog" in error.message


def test_wrong_language(workspace: Workspace, release: Release, catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace('"Language: en\\n"', '"Language: fr\\n"'))
    error = load_error(workspace, release)
    assert "Language is 'fr', expected 'en'" in error.message
    assert error.line == line_of(catalog_file, '"Language: fr')


def test_a_failed_write_leaves_the_old_file(
    workspace: Workspace, release: Release, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = catalog_file.read_bytes()
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.set_translation("Ausblick", "Looking ahead", fuzzy=False)

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", crash)
    with pytest.raises(OSError):
        catalog.save()
    assert catalog_file.read_bytes() == before
    assert [p.name for p in catalog_file.parent.iterdir()] == ["en.po"]


def test_windows_line_ends_and_bom_are_fine(
    workspace: Workspace, release: Release, catalog_file: Path
) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    catalog = ContentCatalog.for_release(workspace, release, "en")
    assert catalog.translation("Ausblick") == "EN Ausblick"


def test_latin1_file_names_the_line(
    workspace: Workspace, release: Release, catalog_file: Path
) -> None:
    text = catalog_file.read_text(encoding="utf-8").replace("EN Ausblick", "Ausblick für Häfen")
    catalog_file.write_bytes(text.encode("utf-8").replace("ä".encode(), b"\xe4"))
    error = load_error(workspace, release)
    assert "not UTF-8" in error.message
    lines = catalog_file.read_bytes().splitlines()
    assert error.line == next(n for n, line in enumerate(lines, 1) if b"Ausblick f" in line)


def test_msgid_without_msgstr(workspace: Workspace, release: Release, catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace('msgstr "EN Ausblick"\n', ""), encoding="utf-8")
    error = load_error(workspace, release)
    assert "this msgid has no msgstr" in error.message
    assert error.line == line_of(catalog_file, 'msgid "Ausblick"')
