"""The issue's "Done when": the bronze-label release through extract, translation,
rendering, a change of the German text, status, refusal and fallback."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from newsdesk.core import Workspace, inline
from newsdesk.ingest import read_release
from newsdesk.render import render_release
from newsdesk.translate import TranslationIncomplete, localize, segments

DATA = Path(__file__).parent / "data"
REWRITTEN = (
    "Für die Jury gaben vor allem die Zusammenarbeit mit den Hochschulen der Region und die "
    "schnelle Gründung des Trägervereins den Ausschlag. Die Mitglieder wollen das Ergebnis "
    "im Frühjahr bei einem gemeinsamen Netzwerktreffen in Heidelberg feiern."
)


def test_bronze_label_done_when(
    workspace: Workspace,
    bronze_label: Path,
    newsdesk: Any,
    msgfmt_check: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ws = ["--workspace", str(workspace.root)]
    source = workspace.releases_dir / "bronze-label.de.txt"
    shutil.copy(bronze_label, source)

    run = newsdesk(*ws, "translate", "extract", str(source))
    assert run.code == 0, run.err
    assert "9 entries" in run.out and "9 new" in run.out
    catalog = workspace.catalog_path("bronze-label", "en")
    assert catalog.is_file()

    # The translator translates every entry (here: from the agency's English file).
    run = newsdesk(
        *ws, "translate", "import", str(source), "--from", str(DATA / "bronze-label.en.md")
    )
    assert run.code == 0, run.err
    assert "9 placed, 0 placed but uncertain" in run.out
    run = newsdesk(*ws, "translate", "status")
    assert run.code == 0, run.out
    assert "bronze-label en: complete — 9 translated, 0 fuzzy, 0 untranslated" in run.out

    german = read_release(source)
    english_file = read_release(DATA / "bronze-label.en.md")
    email = render_release(localize(german, workspace, "en"), workspace)
    assert email.lang == "en"
    assert email.subject == english_file.title
    for de, en in zip(segments(german)[1:], segments(english_file)[1:], strict=True):
        assert inline.to_plain(de.text)[:50] not in email.text, de.name
        assert " ".join(inline.to_plain(en.text).split())[:50] in " ".join(email.text.split())
    assert "Cluster-Exzellenz" not in email.html

    # The German changes: one word in paragraph 2, paragraph 4 rewritten.
    paragraphs = german.paragraphs()
    changed = source.read_text(encoding="utf-8")
    changed = changed.replace("die Verbindung von Umweltschutz", "die Verknüpfung von Umweltschutz")
    changed = changed.replace(paragraphs[3], REWRITTEN)
    source.write_text(changed, encoding="utf-8")
    run = newsdesk(*ws, "translate", "extract", str(source))
    assert run.code == 0, run.err
    assert "7 unchanged, 1 changed (fuzzy), 1 new, 1 obsolete" in run.out
    assert "changed, to review: paragraph 2\n  new, to translate: paragraph 4\n" in run.out

    run = newsdesk(*ws, "translate", "status", "--json")
    assert run.code == 1
    (status,) = json.loads(run.out)
    assert (status["fuzzy"], status["untranslated"], status["obsolete"]) == (1, 1, 1)
    assert status["fuzzy_segments"] == ["paragraph 2"]
    assert status["untranslated_segments"] == ["paragraph 4"]

    po = catalog.read_text(encoding="utf-8")
    assert f"#. previous: {paragraphs[1][:40]}" in po
    assert "#, fuzzy" in po and "#~ msgid" in po and "#|" not in po
    checked = msgfmt_check(catalog)
    assert checked.returncode == 0, checked.stderr
    assert "error" not in checked.stderr

    german = read_release(source)
    with pytest.raises(TranslationIncomplete) as caught:
        render_release(localize(german, workspace, "en"), workspace)
    assert "paragraph 2 (fuzzy), paragraph 4 (untranslated)" in str(caught.value)

    if _render_command():
        out = workspace.root / "preview"
        run = newsdesk(*ws, "render", str(source), "--lang", "en", "--out", str(out))
        assert run.code == 2
        assert "paragraph 2 (fuzzy), paragraph 4 (untranslated)" in run.err
        assert not out.exists()
        run = newsdesk(
            *ws, "render", str(source), "--lang", "en", "--out", str(out), "--fallback", "source"
        )
        assert run.code == 0, run.err
        assert REWRITTEN[:40] in (out / "bronze-label.en.txt").read_text(encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="newsdesk.translate"):
        email = render_release(localize(german, workspace, "en", fallback=True), workspace)
    assert "paragraph 2 (fuzzy), paragraph 4 (untranslated)" in caplog.text
    flat = " ".join(email.text.split())
    assert "Verknüpfung von Umweltschutz" in flat
    assert REWRITTEN[:60] in flat
    assert "At the heart of the Green Industry Cluster" not in flat  # no stale English
    assert "Three of its four service areas" in flat


def _render_command() -> bool:
    """Whether `newsdesk render` exists (its module registers it on import)."""
    try:
        import newsdesk.cli.render  # noqa: F401
    except ImportError:
        return False
    return True
