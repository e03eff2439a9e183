"""Campaigns that wait for their time: created ``scheduled``, claimed once, then sent.

The schedule stage creates a campaign row in state ``scheduled`` (no delivery
rows yet: the audience is read when it goes out). When its job fires, exactly
one process wins :func:`claim` (``scheduled → sending``, one atomic UPDATE whose
row count decides), writes the ledger and sends like ``newsdesk send``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.deliver.campaign import ledger_rows
from newsdesk.deliver.ledger import Ledger, LedgerRow, insert_deliveries
from newsdesk.deliver.send import (
    SendReport,
    finish_campaign,
    make_provider,
    send_campaign,
    send_pending,
)
from newsdesk.deliver.tables import campaigns


def _now() -> datetime:
    return datetime.now(UTC)


def create(
    connection: Connection,
    workspace: Workspace,
    release: Release,
    lists: Sequence[str],
    *,
    provider: str | None,
    fallback: str | None,
    scheduled_at: datetime,
    forced: str = "",
    forced_warnings: Sequence[str] = (),
) -> int:
    """A campaign in state ``scheduled`` for ``release`` to ``lists`` at ``scheduled_at``;
    ``forced`` is the ``--force`` reason that overrode ``forced_warnings`` of the checks."""
    provider_name = provider or workspace.config.provider
    _check_provider(provider_name)
    return int(
        connection.execute(
            campaigns.insert()
            .values(
                release_slug=release.slug,
                release_path=str(release.path.resolve()) if release.path else "",
                title=release.title,
                lists=",".join(lists),
                provider=provider_name,
                status="scheduled",
                fallback=fallback == "source",
                is_test=False,
                created=_now(),
                scheduled_at=scheduled_at.astimezone(UTC),
                forced=forced,
                forced_warnings="\n".join(forced_warnings),
            )
            .returning(campaigns.c.id)
        ).scalar_one()
    )


def _check_provider(name: str) -> None:
    from newsdesk.deliver.providers import PROVIDERS

    if name not in PROVIDERS:
        raise NewsdeskError(
            f"--provider {name!r} is not a provider; choose one of {', '.join(sorted(PROVIDERS))}"
        )


def _move(engine: Engine, campaign_id: int, source: str, **values: Any) -> bool:
    with engine.begin() as connection:
        result = connection.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id, campaigns.c.status == source)
            .values(**values)
        )
    return result.rowcount == 1


def claim(engine: Engine, campaign_id: int) -> bool:
    """``scheduled → sending``; True for the one caller whose UPDATE changed the row."""
    return _move(engine, campaign_id, "scheduled", status="sending", started=_now())


def forced_reason(engine: Engine, campaign_id: int) -> str | None:
    """The ``--force`` reason given when the campaign was scheduled (None: not forced)."""
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(campaigns.c.forced).where(campaigns.c.id == campaign_id)
        ).scalar()
    return found or None


def status(engine: Engine, campaign_id: int) -> str:
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(campaigns.c.status).where(campaigns.c.id == campaign_id)
        ).scalar()
    return found or "gone"


def finish(engine: Engine, campaign_id: int, new_status: str, error: str = "") -> None:
    """End a claimed campaign (``sending → sent | failed``) with the reason."""
    _move(engine, campaign_id, "sending", status=new_status, error=error, finished=_now())


def fail_scheduled(engine: Engine, campaign_id: int, reason: str) -> bool:
    """A scheduled campaign that will not go out (missed its time): ``failed``."""
    return _move(engine, campaign_id, "scheduled", status="failed", error=reason, finished=_now())


def cancel(engine: Engine, campaign_id: int) -> bool:
    return _move(engine, campaign_id, "scheduled", status="cancelled", finished=_now())


def reschedule(engine: Engine, campaign_id: int, when: datetime) -> bool:
    return _move(engine, campaign_id, "scheduled", scheduled_at=when.astimezone(UTC))


def _add_deliveries(engine: Engine, campaign_id: int, rows: Iterable[LedgerRow]) -> int:
    """The audience as the ledger of an existing (claimed) campaign, in one transaction."""
    with engine.begin() as connection:
        return insert_deliveries(connection, campaign_id, rows, _now())


def _summary(report: SendReport) -> str:
    parts = [
        f"{lang}: " + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        for lang, by_status in sorted(report.counts.items())
    ]
    text = f"{report.status} ({'; '.join(parts) or 'nobody'})"
    return f"{text} — {report.message}" if report.message else text


def run(
    workspace: Workspace,
    campaign_id: int,
    release: Release,
    lists: Sequence[str],
    *,
    provider: str | None,
    rendered: Mapping[str, Any] | None = None,
) -> str:
    """Send a campaign this process claimed: the ledger from today's audience, then
    ``send_campaign(resume=…)`` (``rendered``: the emails its checks rendered).
    Returns a one-line summary; the campaign ends ``sent`` (or ``paused`` by the
    provider, ``failed`` on a NewsdeskError)."""
    from newsdesk.audience import ContactStore

    engine = connect(workspace.database_url)
    with engine.begin() as connection:
        connection.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id)
            .values(
                release_slug=release.slug,
                release_path=str(release.path.resolve()) if release.path else "",
                title=release.title,
            )
        )
    store = ContactStore.for_workspace(workspace)
    total = _add_deliveries(
        engine, campaign_id, ledger_rows(store, lists, workspace.config.languages)
    )
    if total == 0:
        finish(engine, campaign_id, "failed", "nobody to send to: the lists reach nobody now")
        return "failed: nobody to send to: the lists reach nobody now"
    report = send_campaign(workspace, resume=campaign_id, provider=provider, rendered=rendered)
    return _summary(report)


def send_digest(
    workspace: Workspace,
    rendered: Mapping[str, Any],
    lists: Sequence[str],
    *,
    slug: str,
    title: str,
    provider: str | None,
) -> tuple[int, str]:
    """Send a digest (one rendered email per language) as a campaign with its own ledger.

    Recipients whose language has no rendering get the source language's.
    """
    from newsdesk.audience import ContactStore

    engine = connect(workspace.database_url)
    ledger = Ledger(engine)
    provider_name = provider or workspace.config.provider
    _check_provider(provider_name)
    store = ContactStore.for_workspace(workspace)
    languages = [lang for lang in workspace.config.languages if lang in rendered]
    campaign_id, total = ledger.create(
        release_slug=slug,
        release_path="",
        title=title,
        lists=lists,
        provider=provider_name,
        fallback=False,
        recipients=ledger_rows(store, lists, languages),
    )
    if total == 0:
        ledger.set_status(campaign_id, "failed", "nobody to send to: the lists reach nobody now")
        return campaign_id, "failed: nobody to send to"
    return campaign_id, _send_rendered(workspace, ledger, campaign_id, rendered)


def resume_digest(workspace: Workspace, campaign_id: int, rendered: Mapping[str, Any]) -> str:
    """Go on with a digest campaign that paused or was interrupted (its rows left
    ``sending`` by a dead worker are handled like ``newsdesk send --resume``)."""
    ledger = Ledger(connect(workspace.database_url))
    campaign = ledger.campaign(campaign_id)
    if campaign.status in ("sent", "cancelled"):
        raise NewsdeskError(f"campaign {campaign_id} is {campaign.status}; nothing to resume")
    ledger.set_status(campaign_id, "sending", "")
    return _send_rendered(workspace, ledger, campaign_id, rendered)


def _send_rendered(
    workspace: Workspace,
    ledger: Ledger,
    campaign_id: int,
    rendered: Mapping[str, Any],
) -> str:
    """Send the pending rows of a campaign whose emails are already rendered, the way
    ``newsdesk send`` does (batch size, dead addresses suppressed)."""
    campaign = ledger.campaign(campaign_id)
    provider = make_provider(campaign.provider, workspace)
    try:
        pause = send_pending(workspace, ledger, campaign_id, campaign.lists, rendered, provider)
    finally:
        provider.close()
    counts = finish_campaign(ledger, campaign_id, pause)
    status = ledger.campaign(campaign_id).status
    return _summary(SendReport(campaign_id, campaign.provider, status, counts, message=pause))
