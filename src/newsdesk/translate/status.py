"""How far the translations of a release are, per target language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.translate.catalog import ContentCatalog
from newsdesk.translate.localize import segment_problem
from newsdesk.translate.segments import segments
from newsdesk.translate.targets import target_languages


@dataclass
class LanguageStatus:
    """Counts are of the release's current segments; ``obsolete`` counts ``#~`` entries.
    ``outdated`` means the catalog's entries differ from the release's German text
    (run ``newsdesk translate extract``)."""

    slug: str
    lang: str
    catalog: Path
    exists: bool
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    untranslated_segments: list[str] = field(default_factory=list)
    fuzzy_segments: list[str] = field(default_factory=list)
    link_problems: list[str] = field(default_factory=list)
    outdated: bool = False

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        return not (self.fuzzy or self.untranslated or self.link_problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "release": self.slug,
            "lang": self.lang,
            "catalog": str(self.catalog),
            "exists": self.exists,
            "complete": self.complete,
            "outdated": self.outdated,
            "segments": self.total,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "untranslated_segments": list(self.untranslated_segments),
            "fuzzy_segments": list(self.fuzzy_segments),
            "link_problems": list(self.link_problems),
        }


def language_status(release: Release, catalog: ContentCatalog) -> LanguageStatus:
    status = LanguageStatus(
        slug=release.slug,
        lang=catalog.lang,
        catalog=catalog.path,
        exists=catalog.exists,
        obsolete=catalog.obsolete_count,
    )
    found = segments(release)
    for segment in found:
        problem = segment_problem(segment, catalog)
        if problem is None:
            status.translated += 1
        elif problem == "untranslated":
            status.untranslated += 1
            status.untranslated_segments.append(segment.name)
        elif problem == "fuzzy":
            status.fuzzy += 1
            status.fuzzy_segments.append(segment.name)
        else:
            status.translated += 1
            status.link_problems.append(f"{segment.name}: {problem}")
    current = {segment.text for segment in found}
    status.outdated = {message.id for message in catalog.messages()} != current
    return status


def translation_status(workspace: Workspace, release: Release) -> list[LanguageStatus]:
    """The status of each target language of the workspace for ``release``."""
    return [
        language_status(release, ContentCatalog.for_release(workspace, release, lang))
        for lang in target_languages(workspace, release)
    ]
