"""The pre-send checks a scheduled send passes when it is scheduled and again when it fires.

The checks of ``newsdesk check`` for the languages the lists read, at the planned
time, through ``newsdesk.checks.check_before_sending`` like ``newsdesk send``:
errors stop it, warnings too unless forced with a reason (``--force REASON``,
kept with the campaign and applied again when it fires). Before them, the embargo
(Sperrfrist) is checked here with the scheduler's own message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsdesk.core.release import Release, require_approved
from newsdesk.core.workspace import Workspace
from newsdesk.schedule.when import check_embargo

log = logging.getLogger("newsdesk.schedule")


@dataclass
class Verdict:
    recipients: int = 0
    languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the --force reason and the warnings it overrode ("" when nothing was overridden)
    forced: str = ""
    forced_warnings: list[str] = field(default_factory=list)
    # each language's email as the checks rendered it, for the send to reuse
    rendered: dict[str, Any] = field(default_factory=dict, repr=False)


def audience_languages(workspace: Workspace, lists: list[str]) -> tuple[int, list[str]]:
    """How many people the lists reach and the languages they get (unknown list: error)."""
    from newsdesk.audience import ContactStore
    from newsdesk.deliver.campaign import languages_needed

    store = ContactStore.for_workspace(workspace)
    return store.count_audience(lists), languages_needed(store, lists, workspace.config.languages)


def presend(
    workspace: Workspace,
    release: Release,
    lists: list[str],
    *,
    at: datetime,
    fallback: str | None,
    force: str | None = None,
) -> Verdict:
    """Check a send of ``release`` to ``lists`` at ``at``; raises on anything that blocks it."""
    from newsdesk.checks import check_before_sending, forced_reason

    place = release.path
    require_approved(release)
    check_embargo(at, release.embargo, place=str(place) if place else None)
    recipients, languages = audience_languages(workspace, lists)
    verdict = Verdict(recipients=recipients, languages=languages)
    if recipients == 0:
        verdict.warnings.append(f"the lists {', '.join(lists)} reach nobody right now")
    report = check_before_sending(
        release,
        workspace,
        languages=languages or None,
        send_at=at,
        fallback=fallback == "source",
        force=force,
    )
    verdict.warnings.extend(finding.text for finding in report.warnings)
    verdict.rendered = report.rendered
    verdict.forced, verdict.forced_warnings = report.override(forced_reason(force))
    if verdict.forced:
        log.warning(
            "%d warning(s) of the checks overridden, forced: %s",
            len(verdict.forced_warnings),
            verdict.forced,
        )
    return verdict
