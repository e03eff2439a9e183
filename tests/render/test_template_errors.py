"""A broken template is one line naming the template file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.core.theme import default_templates_dir
from newsdesk.render import render_release
from newsdesk.render.mjml import check_mjml


def _override(workspace: Workspace, old: str, new: str) -> Path:
    """A copy of the default MJML template in the workspace with ``old`` replaced."""
    source = (default_templates_dir() / "release.mjml.j2").read_text(encoding="utf-8")
    assert old in source
    path = workspace.templates_dir / "release.mjml.j2"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def _error(release: Release, workspace: Workspace) -> NewsdeskError:
    with pytest.raises(NewsdeskError) as caught:
        render_release(release, workspace)
    assert "\n" not in str(caught.value)
    return caught.value


def test_broken_jinja_tag(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, "{% if release.subtitle %}", "{% iff release.subtitle %}")
    error = _error(full_release, workspace)
    assert error.place == str(path)
    assert error.line == _line_of(path, "{% iff release.subtitle %}")
    assert "iff" in error.message
    assert str(error).startswith(f"{path}:{error.line}: template syntax error")


def test_unknown_mjml_tag(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, "<mj-divider ", "<mj-divide ")
    error = _error(full_release, workspace)
    assert (error.place, error.line) == (str(path), _line_of(path, "<mj-divide "))
    assert "unknown MJML tag <mj-divide>" in error.message


def test_unclosed_mjml_tag(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, "</mj-button>", "")
    error = _error(full_release, workspace)
    assert (error.place, error.line) == (str(path), _line_of(path, "<mj-button href="))
    assert error.message.startswith("<mj-button> is not closed inside its {% if %} (line ")


def test_closing_tag_without_opening(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, "<mj-column>", "")
    error = _error(full_release, workspace)
    assert error.place == str(path)
    assert "</mj-column>" in error.message


def test_error_while_rendering_names_the_line(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, "{{ release.title|inline }}", "{{ release.title|inline(1, 2) }}")
    error = _error(full_release, workspace)
    assert (error.place, error.line) == (str(path), _line_of(path, "release.title|inline(1, 2)"))
    assert error.message.startswith("template error:")


def test_included_template_is_checked(full_release: Release, workspace: Workspace) -> None:
    (workspace.templates_dir / "footer.mjml.j2").write_text(
        "<mj-section>\n  <mj-colum><mj-text>x</mj-text></mj-colum>\n</mj-section>\n",
        encoding="utf-8",
    )
    _override(workspace, "  </mj-body>", '{% include "footer.mjml.j2" %}\n  </mj-body>')
    error = _error(full_release, workspace)
    assert error.place == str(workspace.templates_dir / "footer.mjml.j2")
    assert error.line == 2


def test_checker_on_plain_mjml() -> None:
    check_mjml(
        "<mjml><mj-body><mj-section><mj-column><mj-image src='x' />"
        "</mj-column></mj-section></mj-body></mjml>",
        "ok.mjml",
    )
    with pytest.raises(NewsdeskError) as caught:
        check_mjml("<mjml>\n<mj-body>\n<mj-section>\n</mj-body>\n</mjml>", "bad.mjml")
    assert str(caught.value) == (
        "bad.mjml:4: </mj-body> found, but <mj-section> (line 3) is not closed"
    )


def test_branches_may_open_the_same_tag_differently(
    full_release: Release, workspace: Workspace
) -> None:
    _override(
        workspace,
        '<mj-section background-color="#ffffff" padding="8px 0 0">',
        '{% if release.subtitle %}<mj-section background-color="#ffffff" padding="8px 0 0">'
        '{% else %}<mj-section padding="0">{% endif %}',
    )
    assert "Zwölf Start-ups" in render_release(full_release, workspace).html


def test_tag_left_open_in_a_branch(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, "<mj-text>\n          <ul", "<mj-column><mj-text>\n          <ul")
    error = _error(full_release, workspace)
    assert (error.place, error.line) == (str(path), _line_of(path, "<mj-column><mj-text>"))
    assert error.message.startswith("<mj-column> is not closed inside its {% if %} (line ")


def test_loop_body_must_close_its_tags() -> None:
    source = (
        "<mjml>\n<mj-body>\n{% for x in xs %}\n<mj-section>\n{% endfor %}\n"
        "</mj-section>\n</mj-body>\n</mjml>\n"
    )
    with pytest.raises(NewsdeskError) as caught:
        check_mjml(source, "loop.mjml.j2", jinja=True)
    assert str(caught.value) == (
        "loop.mjml.j2:4: <mj-section> is not closed inside its {% for %} (line 3); "
        "open and close each tag in the same branch"
    )


def test_syntax_error_in_a_template_included_by_the_text_part(
    full_release: Release, workspace: Workspace
) -> None:
    (workspace.templates_dir / "release.txt.j2").write_text(
        '{{ release.title }}\n{% include "footer.txt.j2" %}\n', encoding="utf-8"
    )
    broken = workspace.templates_dir / "footer.txt.j2"
    broken.write_text("Impressum\n{{ imprint_url }\n", encoding="utf-8")
    error = _error(full_release, workspace)
    assert (error.place, error.line) == (str(broken), 2)
    assert error.message.startswith("template syntax error:")


def test_a_web_font_is_refused(full_release: Release, workspace: Workspace) -> None:
    path = _override(workspace, '{% set fonts = "', '{% set fonts = "Roboto, ')
    error = _error(full_release, workspace)
    assert error.place == str(path)
    assert "loads fonts from fonts.googleapis.com" in error.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "makes no MJML document"),
        (b"hello", "makes no MJML document"),
        ("<mjml><mj-body><mj-text>Grüße</mj-text></mj-body></mjml>".encode("cp1252"), "UTF-8"),
    ],
    ids=["empty", "plain text", "windows-1252"],
)
def test_a_template_that_is_no_mjml_or_no_utf8(
    full_release: Release, workspace: Workspace, content: bytes, expected: str
) -> None:
    path = workspace.templates_dir / "release.mjml.j2"
    path.write_bytes(content)
    error = _error(full_release, workspace)
    assert error.place == str(path)
    assert expected in error.message
