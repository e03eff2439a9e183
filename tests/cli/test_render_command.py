"""``newsdesk render``: the files it writes, and one clear line when it cannot."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from newsdesk.audience import ContactStore, add_contact
from newsdesk.cli import main
from newsdesk.core import Workspace
from newsdesk.core.theme import default_templates_dir


def run(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, *args: str
) -> tuple[int, str, str]:
    try:
        main(["--workspace", str(workspace.root), "render", *args])
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_renders_html_text_and_eml(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    status, stdout, stderr = run(
        capsys,
        workspace,
        str(bronze_label),
        "--lang",
        "de",
        "--out",
        str(out),
        "--to",
        "anna.weber@example.org",
    )
    assert (status, stderr) == (0, "")
    names = sorted(path.name for path in out.iterdir())
    slug = names[0].split(".")[0]
    assert names == [f"{slug}.de.eml", f"{slug}.de.html", f"{slug}.de.txt"]
    for name in names:
        assert str(out / name) in stdout
    html = (out / f"{slug}.de.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 102 * 1024
    assert "%%" not in html and "Sehr geehrte Damen und Herren," in html
    message = message_from_bytes((out / f"{slug}.de.eml").read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Green Industry Cluster erhält")
    assert message["From"].addresses[0].addr_spec == "presse@example.org"
    assert message["To"].addresses[0].addr_spec == "anna.weber@example.org"
    assert message["Date"] and message["Message-ID"]
    assert message["Content-Language"] == "de"
    plain, rich = message.iter_parts()
    assert plain.get_content_type() == "text/plain" and rich.get_content_type() == "text/html"
    assert "www.cluster-analysis.org" in plain.get_content()
    assert rich.get_content() == html


def test_all_or_nothing_when_a_translation_is_missing(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    status, stdout, stderr = run(capsys, workspace, str(bronze_label), "--out", str(out))
    assert status == 2 and stdout == ""
    assert stderr.startswith("newsdesk: error: ") and stderr.count("\n") == 1
    assert "en translation" in stderr and "--fallback source" in stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_fallback_renders_english_labels_around_german_text(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    status, _, _ = run(
        capsys, workspace, str(bronze_label), "--out", str(out), "--fallback", "source"
    )
    assert status == 0
    english = next(out.glob("*.en.html")).read_text(encoding="utf-8")
    assert 'lang="en"' in english and "PRESS RELEASE" in english
    assert "Dear Sir or Madam," in english and "Green Industry Cluster erhält" in english
    assert len(list(out.iterdir())) == 6


def test_broken_template_is_one_line(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    source = (default_templates_dir() / "release.mjml.j2").read_text(encoding="utf-8")
    override = workspace.templates_dir / "release.mjml.j2"
    override.write_text(source.replace("<mj-divider ", "<mj-line "), encoding="utf-8")
    line = next(
        number
        for number, text in enumerate(override.read_text().splitlines(), 1)
        if "<mj-line " in text
    )
    out = tmp_path / "out"
    status, _, stderr = run(capsys, workspace, str(bronze_label), "--lang", "de", "--out", str(out))
    assert status == 2
    assert stderr == f"newsdesk: error: {override}:{line}: unknown MJML tag <mj-line>\n"
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "--lang fr: this workspace's languages are de, en"),
        (["--lang", "de", "--to", "not-an-address"], "--to 'not-an-address' is not an email"),
    ],
)
def test_bad_options(
    capsys: pytest.CaptureFixture[str],
    workspace: Workspace,
    bronze_label: Path,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    status, _, stderr = run(capsys, workspace, str(bronze_label), "--out", str(tmp_path), *args)
    assert status == 2 and message in stderr and stderr.count("\n") == 1


def test_to_a_known_contact_uses_their_salutation(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    store = ContactStore.for_workspace(workspace)
    store.create_list("presse")
    add_contact(
        store,
        "m.weber@example.org",
        "presse",
        {"first_name": "Maria", "last_name": "Weber", "gender": "f", "title": "Dr."},
        default_language="de",
    )
    out = tmp_path / "out"
    status, _, _ = run(
        capsys,
        workspace,
        str(bronze_label),
        "--out",
        str(out),
        "--fallback",
        "source",
        "--to",
        "m.weber@example.org",
    )
    assert status == 0
    german = next(out.glob("*.de.html")).read_text(encoding="utf-8")
    english = next(out.glob("*.en.txt")).read_text(encoding="utf-8")
    assert "Sehr geehrte Frau Dr. Weber," in german
    assert "Dear Dr Weber," in english
    message = message_from_bytes(next(out.glob("*.de.eml")).read_bytes(), policy=policy.default)
    assert str(message["To"]) == "Maria Weber <m.weber@example.org>"


def test_an_output_folder_that_cannot_be_made_is_one_line(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, _, stderr = run(
        capsys, workspace, str(bronze_label), "--lang", "de", "--out", str(blocker / "out")
    )
    assert status == 2
    assert stderr.startswith(f"newsdesk: error: {blocker / 'out'}") and stderr.count("\n") == 1
    assert "Traceback" not in stderr


def test_rendered_files_are_readable_by_others(
    capsys: pytest.CaptureFixture[str], workspace: Workspace, bronze_label: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    status, _, _ = run(capsys, workspace, str(bronze_label), "--lang", "de", "--out", str(out))
    assert status == 0
    assert all(path.stat().st_mode & 0o044 == 0o044 for path in out.iterdir())
