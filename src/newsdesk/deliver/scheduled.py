"""Campaigns that wait for their time: created ``scheduled``, claimed once, then sent.

The schedule stage creates a campaign row in state ``scheduled`` (no delivery
rows yet: the audience is read when it goes out). When its job fires, exactly
one process wins :func:`claim` (``scheduled → sending``, one atomic UPDATE whose
row count decides), writes the ledger and sends like ``newsdesk send``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
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
) -> int:
    """A campaign in state ``scheduled`` for ``release`` to ``lists`` at ``scheduled_at``."""
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
