"""A release in a target language, from its content catalog — never with stale English.

Only translated, non-fuzzy entries whose links survived are used. Anything else
is an error naming the segments, unless the caller allows falling back to the
source language: then those segments stay German and a warning is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.translate.catalog import ContentCatalog
from newsdesk.translate.markup import link_problems
from newsdesk.translate.segments import Segment, apply, segments

log = logging.getLogger("newsdesk.translate")


@dataclass(frozen=True)
class SegmentProblem:
    """Why a segment cannot be used in the target language."""

    name: str
    reason: str  # "untranslated", "fuzzy" or "link: …"

    def __str__(self) -> str:
        return f"{self.name} ({self.reason})"


class TranslationIncomplete(NewsdeskError):
    """The catalog lacks usable translations for some segments of the release."""

    def __init__(
        self, slug: str, lang: str, problems: list[SegmentProblem], catalog: ContentCatalog
    ) -> None:
        self.slug = slug
        self.lang = lang
        self.problems = problems
        listed = ", ".join(str(problem) for problem in problems)
        how = (
            "translate them"
            if catalog.exists
            else "create the catalog with `newsdesk translate extract` and translate it"
        )
        super().__init__(
            f"the {lang} translation of {slug!r} is incomplete: {listed}; {how} in "
            f"{catalog.path.name}, or fall back to German with --fallback source",
            place=catalog.path,
        )


def check(release: Release, catalog: ContentCatalog) -> tuple[dict[str, str], list[SegmentProblem]]:
    """The usable translations of the release's segments and the problems of the others."""
    usable: dict[str, str] = {}
    problems: list[SegmentProblem] = []
    for segment in segments(release):
        problem = segment_problem(segment, catalog)
        if problem is None:
            usable[segment.text] = catalog.translation(segment.text) or ""
        else:
            problems.append(SegmentProblem(segment.name, problem))
    return usable, problems


def segment_problem(segment: Segment, catalog: ContentCatalog) -> str | None:
    message = catalog.get(segment.text)
    if message is None or not message.string:
        return "untranslated"
    if message.fuzzy:
        return "fuzzy"
    lost = link_problems(segment.text, str(message.string))
    if lost:
        return "; ".join(lost)
    return None


def localize(
    release: Release, workspace: Workspace, lang: str, *, fallback: bool = False
) -> Release:
    """``release`` in ``lang``. The source language returns the release unchanged."""
    if lang == release.lang:
        return release
    catalog = ContentCatalog.for_release(workspace, release, lang)
    usable, problems = check(release, catalog)
    if problems and not fallback:
        raise TranslationIncomplete(release.slug, lang, problems, catalog)
    if problems:
        log.warning(
            "%s in %s: %d segment(s) stay in %s (fallback): %s",
            release.slug,
            lang,
            len(problems),
            release.lang,
            ", ".join(str(problem) for problem in problems),
        )
    return apply(release, usable, lang)
