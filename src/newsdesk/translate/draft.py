"""Machine drafts: fill empty and fuzzy catalog entries, marked fuzzy for a human to review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.translate.catalog import MACHINE_NOTE, ContentCatalog, location_file
from newsdesk.translate.markup import from_tagged, link_problems, to_tagged


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
    catalog = ContentCatalog.for_release(workspace, release, lang)
    catalog.update(release, location_file(workspace, release))
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
