"""The pre-send checks a scheduled send passes when it is scheduled and again when it fires.

The checks of ``newsdesk check`` (``newsdesk.checks.run_checks``) for the
languages the lists read, at the planned time; before them, the two rules that
must never be broken are checked here with their own messages: the embargo
(Sperrfrist) and the translation rule (every language the audience reads is
complete, or the send falls back to the source language).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release, require_approved
from newsdesk.core.workspace import Workspace
from newsdesk.schedule.when import check_embargo

log = logging.getLogger("newsdesk.schedule")


@dataclass
class Verdict:
    recipients: int = 0
    languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def audience_languages(workspace: Workspace, lists: list[str]) -> tuple[int, list[str]]:
    """How many people the lists reach and the languages they read (unknown list: error)."""
    from newsdesk.audience import ContactStore

    store = ContactStore.for_workspace(workspace)
    count = 0
    languages: set[str] = set()
    for recipient in store.audience(lists):
        count += 1
        languages.add(recipient.lang or workspace.config.source_language)
    source = workspace.config.source_language
    return count, sorted(languages, key=lambda lang: (lang != source, lang))


def presend(
    workspace: Workspace,
    release: Release,
    lists: list[str],
    *,
    at: datetime,
    fallback: str | None,
) -> Verdict:
    """Check a send of ``release`` to ``lists`` at ``at``; raises on anything that blocks it."""
    place = release.path
    require_approved(release)
    check_embargo(at, release.embargo, place=str(place) if place else None)
    recipients, languages = audience_languages(workspace, lists)
    verdict = Verdict(recipients=recipients, languages=languages)
    if recipients == 0:
        verdict.warnings.append(f"the lists {', '.join(lists)} reach nobody right now")
    _translations(workspace, release, languages, fallback, verdict)
    _checks(workspace, release, languages, at, fallback, verdict)
    return verdict


def _translations(
    workspace: Workspace,
    release: Release,
    languages: list[str],
    fallback: str | None,
    verdict: Verdict,
) -> None:
    from newsdesk.translate import localize

    for lang in languages:
        if lang == release.lang:
            continue
        try:
            localize(release, workspace, lang, fallback=False)
        except NewsdeskError as error:
            if fallback != "source":
                raise
            verdict.warnings.append(f"{lang}: falls back to {release.lang}: {error.message}")


def _shown(finding: object) -> str:
    code = getattr(finding, "code", "")
    message = getattr(finding, "message", str(finding))
    place = getattr(finding, "place", "")
    return f"{code}: {message}" + (f" ({place})" if place else "")


def _checks(
    workspace: Workspace,
    release: Release,
    languages: list[str],
    at: datetime,
    fallback: str | None,
    verdict: Verdict,
) -> None:
    from newsdesk.checks import run_checks

    report = run_checks(release, workspace, languages=languages or None, send_at=at)
    errors = [
        finding
        for finding in report.errors
        # with --fallback source an incomplete translation is sent in the source language
        if not (fallback == "source" and finding.code == "translation")
    ]
    verdict.warnings.extend(_shown(finding) for finding in report.warnings)
    if errors:
        raise NewsdeskError(
            "the pre-send checks found errors: " + "; ".join(_shown(item) for item in errors),
            place=str(release.path) if release.path else None,
        )
