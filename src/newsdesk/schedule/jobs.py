"""The functions APScheduler's stored jobs point at (importable, module level).

A stored job holds only an id; the workspace is the one the running scheduler
serves (:func:`serve`), so the same job store works from two hosts whose
workspace folders differ. Each function only triggers: the claim on the
campaign row (or the digest slot) decides whether this process does the work.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace

if TYPE_CHECKING:
    from newsdesk.sources import PullReport

log = logging.getLogger("newsdesk.schedule")

_serving: list[Workspace] = []


def serve(workspace: Workspace | None) -> None:
    """Make ``workspace`` the one the stored jobs of this process act on."""
    _serving.clear()
    if workspace is not None:
        _serving.append(workspace)


def _workspace() -> Workspace:
    if not _serving:
        raise NewsdeskError("no workspace is being served by this scheduler")
    return _serving[0]


def fire_send(campaign_id: int) -> str:
    """Job of a scheduled send: claim campaign ``campaign_id`` and send it."""
    from newsdesk.schedule.sends import run_send

    return run_send(_workspace(), campaign_id, now=datetime.now(UTC))


def fire_digest(digest_id: int) -> str:
    """Job of a recurring digest: claim this period's slot and send the digest."""
    from newsdesk.schedule.digest import run_digest

    return run_digest(_workspace(), digest_id, now=datetime.now(UTC))


def pull(name: str) -> str:
    """Job of a release source: pull it once (new drafts land in ``releases/``)."""
    from newsdesk.sources import pull_source

    log.info("trigger: source %s", name)
    try:
        workspace = _workspace()
        report = pull_source(workspace, name)
    except NewsdeskError as error:
        message = f"source {name}: {error}"
        log.error(message)
        return message
    message = f"source {name}: {report.summary()}"
    if report.errors:
        message += " — " + "; ".join(report.errors)
    log.info(message)
    _notify(workspace, report, _draft_translations(workspace, report))
    return message


def _draft_translations(workspace: Workspace, report: PullReport) -> dict[str, list[str]]:
    """``[sources] draft_translation``: machine drafts of this pull's new and updated
    drafts, as ``newsdesk pull`` makes them; by file name, for the notification."""
    from newsdesk.translate.draft import draft_pulled, notes_by_file

    drafts = draft_pulled(
        workspace,
        [*report.created, *report.updated],
        skipped=lambda line: log.warning("source %s: %s", report.source, line),
    )
    for machine in drafts:
        log.info(
            "source %s: machine draft %s → %s: %d segments",
            report.source,
            machine.file,
            machine.lang,
            machine.segments,
        )
    return notes_by_file(drafts)


def _notify(workspace: Workspace, report: PullReport, translations: dict[str, list[str]]) -> None:
    """``[sources] notify``: the summary email of this pull's new and updated drafts."""
    from newsdesk.deliver.notify import drafts_for, notify_drafts

    if not report.created and not report.updated:
        return
    notice = notify_drafts(
        workspace, drafts_for(workspace, report.created, report.updated, translations)
    )
    if notice.warning:
        log.warning("source %s: %s", report.source, notice.warning)
    elif notice.sent:
        log.info("source %s: notified %d address(es)", report.source, notice.sent)
