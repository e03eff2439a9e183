"""Machine drafts: fill empty and fuzzy catalog entries, marked fuzzy for a human to review."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.translate.catalog import MACHINE_NOTE, ContentCatalog, extract
from newsdesk.translate.markup import from_tagged, link_problems, to_tagged
from newsdesk.translate.targets import target_languages


class Engine(Protocol):
    """A machine translator: tagged German texts in, tagged translations out, in order."""

    name: str

    def translate(self, texts: list[str]) -> list[str]: ...


@dataclass
class DraftReport:
    catalog: ContentCatalog
    filled: list[str] = field(default_factory=list)  # segment names
    skipped: list[str] = field(default_factory=list)  # "name: why"
    characters: int = 0


def draft(workspace: Workspace, release: Release, lang: str, engine: Engine) -> DraftReport:
    """Extract, then send every empty or fuzzy entry to ``engine`` and write the drafts.

    An entry that already holds an unreviewed draft of its current German text is
    not sent again. Nothing is written unless every request succeeded.
    """
    catalog, _ = extract(workspace, release, lang)
    report = DraftReport(catalog=catalog)
    todo = [
        message
        for message in catalog.messages()
        if not message.string
        or (
            message.fuzzy
            and not (catalog.is_machine_draft(message) and catalog.previous(message) is None)
        )
    ]
    tagged = [to_tagged(message.id) for message in todo]
    answers = engine.translate([xml for xml, _ in tagged]) if todo else []
    report.characters = sum(len(message.id) for message in todo)
    for message, (_, stash), answer in zip(todo, tagged, answers, strict=True):
        name = message.auto_comments[0] if message.auto_comments else message.id[:40]
        try:
            text = from_tagged(answer, stash)
        except ValueError as error:
            report.skipped.append(f"{name}: {error}")
            continue
        lost = link_problems(message.id, text)
        if lost:
            report.skipped.append(f"{name}: {'; '.join(lost)}")
            continue
        catalog.set_translation(
            message.id, text, fuzzy=True, note=f"{MACHINE_NOTE} ({engine.name})"
        )
        report.filled.append(name)
    catalog.save()
    return report


@dataclass(frozen=True)
class MachineDraft:
    """A machine draft made of a pulled release: its file in ``releases/``, the
    language, and how many segments were filled."""

    file: str
    lang: str
    segments: int

    @property
    def note(self) -> str:
        return f"{self.lang}: {self.segments} segments machine-drafted, to be reviewed"


def draft_pulled(
    workspace: Workspace, files: Sequence[str], *, skipped: Callable[[str], None]
) -> list[MachineDraft]:
    """``[sources] draft_translation = true``: a DeepL draft of each pulled release
    file (names in ``releases/``) into every target language, for a translator to
    review. What cannot be drafted (no ``DEEPL_AUTH_KEY``, an unreadable file, DeepL
    refusing) is passed to ``skipped`` as one line and left out."""
    if workspace.config.section("sources").get("draft_translation") is not True:
        return []
    from newsdesk.ingest import read_release
    from newsdesk.translate.deepl import DeepL, target_for

    made: list[MachineDraft] = []
    for name in files:
        try:
            release = read_release(workspace.releases_dir / name)
        except NewsdeskError as error:
            skipped(f"draft translation of {name} skipped: {error}")
            continue
        for lang in target_languages(workspace, release):
            try:
                engine = DeepL.from_env(
                    source_lang=release.lang.upper(), target_lang=target_for(lang)
                )
                report = draft(workspace, release, lang, engine)
            except NewsdeskError as error:
                skipped(f"draft translation of {name} skipped: {error}")
                continue
            made.append(MachineDraft(name, lang, len(report.filled)))
    return made


def notes_by_file(drafts: Sequence[MachineDraft]) -> dict[str, list[str]]:
    """``{file: ["en: 12 segments machine-drafted, to be reviewed"]}`` for the notification."""
    notes: dict[str, list[str]] = {}
    for machine in drafts:
        notes.setdefault(machine.file, []).append(machine.note)
    return notes
