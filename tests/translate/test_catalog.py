from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from newsdesk.core import Block, Release, Workspace
from newsdesk.translate import ContentCatalog, segments
from newsdesk.translate.catalog import MACHINE_NOTE

MsgfmtCheck = Callable[[Path], subprocess.CompletedProcess[str]]


def extract(workspace: Workspace, release: Release) -> ContentCatalog:
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, f"releases/{release.slug}.md")
    catalog.save()
    return ContentCatalog.for_release(workspace, release, "en")


def translate_all(catalog: ContentCatalog) -> None:
    for message in list(catalog.messages()):
        catalog.set_translation(message.id, f"EN {message.id}", fuzzy=False)
    catalog.save()


def test_extract_writes_one_entry_per_segment(workspace: Workspace, release: Release) -> None:
    catalog = extract(workspace, release)
    path = workspace.catalog_path("hafen-2026", "en")
    assert catalog.path == path
    text = path.read_text(encoding="utf-8")
    assert '"Project-Id-Version: newsdesk release hafen-2026\\n"' in text
    assert '"Language: en\\n"' in text
    entries = list(catalog.messages())
    assert [m.id for m in entries] == [s.text for s in segments(release)]
    paragraph = catalog.get(release.blocks[1].text)
    assert paragraph is not None
    assert paragraph.auto_comments == ["paragraph 2"]
    assert paragraph.locations == [("releases/hafen-2026.md", 6)]
    assert "#. paragraph 2\n#: releases/hafen-2026.md:6\n" in text
    # One line per msgid, however long.
    assert f'msgid "{release.blocks[1].text}"\n' in text


def test_no_format_flags_ever(
    workspace: Workspace, release: Release, msgfmt_check: MsgfmtCheck
) -> None:
    catalog = extract(workspace, release)
    translate_all(catalog)
    catalog.set_translation(release.subtitle, "Throughput up 18% on last year", fuzzy=False)
    catalog.set_translation(release.blocks[3].text, "New berths planned for 2027.", fuzzy=False)
    catalog.save()
    text = catalog.path.read_text(encoding="utf-8")
    assert "python-format" not in text and "python-brace-format" not in text
    reread = ContentCatalog.for_release(workspace, release, "en")
    assert all(not (m.flags - {"fuzzy"}) for m in reread.messages())
    assert msgfmt_check(catalog.path).returncode == 0


def test_equal_texts_share_one_entry(workspace: Workspace, release: Release) -> None:
    release.blocks.append(Block("paragraph", text=release.blocks[0].text))
    catalog = extract(workspace, release)
    message = catalog.get(release.blocks[0].text)
    assert message is not None
    assert message.auto_comments == ["paragraph 1", "paragraph 4"]
    assert len(message.locations) == 2


def test_reextract_keeps_fuzzies_adds_and_obsoletes(
    workspace: Workspace, release: Release, msgfmt_check: MsgfmtCheck
) -> None:
    translate_all(extract(workspace, release))
    old_p1 = release.blocks[0].text
    old_p3 = release.blocks[3].text
    release.blocks[0].text = old_p1.replace("so viel", "so viele Güter")
    release.blocks[3].text = "Im kommenden Jahr entsteht ein Terminal für Wasserstoff."
    catalog = ContentCatalog.for_release(workspace, release, "en")
    report = catalog.update(release, "releases/hafen-2026.md")
    catalog.save()
    assert (report.fuzzy, report.new, report.obsolete) == (1, 1, 1)
    assert report.kept == len(segments(release)) - 2

    reread = ContentCatalog.for_release(workspace, release, "en")
    changed = reread.get(release.blocks[0].text)
    assert changed is not None and changed.fuzzy
    assert changed.string == f"EN {old_p1}"
    assert ContentCatalog.previous(changed) == old_p1
    rewritten = reread.get(release.blocks[3].text)
    assert rewritten is not None and rewritten.string == "" and not rewritten.fuzzy
    assert old_p3 in reread.catalog.obsolete
    assert reread.catalog.obsolete[old_p3].string == f"EN {old_p3}"
    assert "#| " not in reread.path.read_text(encoding="utf-8")
    result = msgfmt_check(reread.path)
    assert result.returncode == 0, result.stderr


def test_second_change_keeps_the_first_previous_text(
    workspace: Workspace, release: Release
) -> None:
    translate_all(extract(workspace, release))
    original = release.blocks[0].text
    for change in ("so viel Ware", "so viel Ware und Stückgut"):
        release.blocks[0].text = original.replace("so viel", change)
        extract(workspace, release)
    message = ContentCatalog.for_release(workspace, release, "en").get(release.blocks[0].text)
    assert message is not None and message.fuzzy
    assert ContentCatalog.previous(message) == original


def test_clearing_fuzzy_drops_the_notes(workspace: Workspace, release: Release) -> None:
    translate_all(extract(workspace, release))
    release.blocks[0].text = release.blocks[0].text.replace("so viel", "so viele Güter")
    catalog = extract(workspace, release)
    message = catalog.get(release.blocks[0].text)
    assert message is not None
    message.user_comments.append(f"{MACHINE_NOTE} (DeepL)")
    # A translator removes the fuzzy mark (as Poedit does) and saves.
    text = catalog.path.read_text(encoding="utf-8").replace("#, fuzzy\n", "")
    catalog.path.write_text(text, encoding="utf-8")
    catalog = extract(workspace, release)
    message = catalog.get(release.blocks[0].text)
    assert message is not None and not message.fuzzy
    assert ContentCatalog.previous(message) is None
    assert message.auto_comments == ["paragraph 1"]
    assert "previous:" not in catalog.path.read_text(encoding="utf-8")


def test_reverted_text_comes_back_from_obsolete(workspace: Workspace, release: Release) -> None:
    translate_all(extract(workspace, release))
    original = release.blocks[3].text
    release.blocks[3].text = "Ganz anderer Text über etwas Neues im Binnenhafen."
    extract(workspace, release)
    release.blocks[3].text = original
    catalog = extract(workspace, release)
    message = catalog.get(original)
    assert message is not None and message.string == f"EN {original}" and not message.fuzzy
    assert original not in catalog.catalog.obsolete


def test_markdown_survives_the_round_trip(workspace: Workspace, release: Release) -> None:
    catalog = extract(workspace, release)
    english = "The figures are at [hafen.example.org/zahlen](https://hafen.example.org/zahlen)."
    catalog.set_translation(release.blocks[1].text, english, fuzzy=False)
    catalog.save()
    reread = ContentCatalog.for_release(workspace, release, "en")
    assert reread.translation(release.blocks[1].text) == english
    assert reread.get(release.title) is not None  # "**Rekordjahr**" kept as msgid


def test_babel_left_alone_would_fail_msgfmt(
    workspace: Workspace, release: Release, msgfmt_check: MsgfmtCheck, tmp_path: Path
) -> None:
    """The control for the test above: Babel's own flags make gettext reject "18 %"."""
    catalog = Catalog(locale="en")
    catalog.add(release.subtitle, "Throughput up 18% on last year")
    assert "python-format" in catalog[release.subtitle].flags
    path = tmp_path / "plain-babel.po"
    with path.open("wb") as stream:
        write_po(stream, catalog)
    assert msgfmt_check(path).returncode != 0


def test_files_rewritten_by_gettext_tools_still_work(
    workspace: Workspace, release: Release, msgfmt_check: MsgfmtCheck
) -> None:
    """PO editors rewrap long lines and clear fuzzy marks their own way (here GNU msgcat
    and msgattrib stand in for them)."""
    translate_all(extract(workspace, release))
    original = release.blocks[0].text
    release.blocks[0].text = original.replace("so viel", "so viele Güter")
    path = extract(workspace, release).path
    tools = {name: Path("/usr/bin") / name for name in ("msgcat", "msgattrib")}
    subprocess.run([str(tools["msgcat"]), "--width=40", str(path), "-o", str(path)], check=True)
    assert f'msgid "{release.blocks[0].text}"' not in path.read_text(encoding="utf-8")

    catalog = ContentCatalog.for_release(workspace, release, "en")
    message = catalog.get(release.blocks[0].text)
    assert message is not None and message.fuzzy
    assert ContentCatalog.previous(message) == original
    assert catalog.translation(release.blocks[1].text) == f"EN {release.blocks[1].text}"

    subprocess.run(
        [str(tools["msgattrib"]), "--clear-fuzzy", str(path), "-o", str(path)], check=True
    )
    catalog = extract(workspace, release)
    message = catalog.get(release.blocks[0].text)
    assert message is not None and not message.fuzzy
    assert message.auto_comments == ["paragraph 1"]
    assert f'msgid "{release.blocks[0].text}"' in path.read_text(encoding="utf-8")
    assert msgfmt_check(path).returncode == 0


def test_a_changed_text_can_come_back_from_obsolete(workspace: Workspace, release: Release) -> None:
    translate_all(extract(workspace, release))
    removed = release.blocks.pop(3)
    catalog = extract(workspace, release)
    assert removed.text in catalog.catalog.obsolete
    release.blocks.insert(3, Block("paragraph", text=removed.text.replace("2027", "2028")))
    catalog = extract(workspace, release)
    message = catalog.get(release.blocks[3].text)
    assert message is not None and message.fuzzy
    assert message.string == f"EN {removed.text}"
    assert ContentCatalog.previous(message) == removed.text
    assert removed.text not in catalog.catalog.obsolete
