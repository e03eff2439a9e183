"""Every language the audience reads is translated completely, nothing fuzzy."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.checks.context import CheckContext
from newsdesk.checks.findings import Finding, error, warning
from newsdesk.core import NewsdeskError
from newsdesk.translate import ContentCatalog
from newsdesk.translate.status import LanguageStatus, language_status

LISTED = 8


def _names(segments: list[str]) -> str:
    shown = ", ".join(segments[:LISTED])
    return shown + (f" and {len(segments) - LISTED} more" if len(segments) > LISTED else "")


def unreadable(lang: str, problem: NewsdeskError) -> Finding:
    """A catalog that cannot be read (also reported by ``run_checks``: the same finding)."""
    return error("translation", f"the {lang} translation cannot be read: {problem}", lang)


def check(context: CheckContext) -> Iterator[Finding]:
    release = context.release
    wanted = [lang for lang in context.languages if lang != release.lang]
    if not wanted:
        return

    def problem(code: str, message: str, place: str) -> Finding:
        if context.fallback:  # the campaign sends untranslated parts in the source language
            return warning(
                code,
                f"{message} (these parts go out in {release.lang})",
                place,
                accepted_by="--fallback source",
            )
        return error(code, message, place)

    targets = context.workspace.config.target_languages
    for lang in wanted:
        if lang not in targets:
            yield error(
                "translation",
                f"{lang} is not a target language of this workspace; add it to "
                "languages.targets in newsdesk.toml and translate the release",
                lang,
            )
            continue
        try:
            status: LanguageStatus = language_status(
                release, ContentCatalog.for_release(context.workspace, release, lang)
            )
        except NewsdeskError as unusable:
            yield unreadable(lang, unusable)
            continue
        place = f"{lang}, {status.catalog.relative_to(context.workspace.root)}"
        if not status.exists:
            yield problem(
                "translation",
                f"the release has no {lang} translation yet; run `newsdesk translate "
                f"extract` and translate {status.catalog.name}",
                place,
            )
            continue
        if status.untranslated_segments:
            yield problem(
                "translation",
                f"{status.untranslated} of {status.total} segments are not translated into "
                f"{lang}: {_names(status.untranslated_segments)}",
                place,
            )
        if status.fuzzy_segments:
            yield problem(
                "translation-fuzzy",
                f"{status.fuzzy} {lang} translation(s) are marked fuzzy (the German changed "
                f"or a machine drafted them); review them and remove the fuzzy mark: "
                f"{_names(status.fuzzy_segments)}",
                place,
            )
        for lost in status.link_problems:
            yield problem(
                "translation-links",
                f"a {lang} translation lost or changed a link: {lost}",
                place,
            )
