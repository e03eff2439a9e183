"""The ledger: atomic claims, and what resume does with rows a worker left in `sending`."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from newsdesk.core.db import connect
from newsdesk.deliver.ledger import Ledger, now, worker_id
from newsdesk.deliver.providers import RETRY, SENT, UNKNOWN, SendResult
from newsdesk.deliver.tables import deliveries


def ledger_with(workspace, count: int) -> tuple[Ledger, int]:
    ledger = Ledger(connect(workspace.database_url))
    rows = [
        {"email": f"p{n}@example.org", "lang": "de" if n % 3 else "en", "contact_id": n}
        for n in range(count)
    ]
    campaign_id, total = ledger.create(
        release_slug="r",
        release_path="/r.md",
        title="R",
        lists=["l"],
        provider="postmark",
        fallback=False,
        recipients=rows,
    )
    assert total == count
    return ledger, campaign_id


def test_claims_never_overlap_and_results_are_guarded(workspace) -> None:
    ledger, campaign = ledger_with(workspace, 10)
    first, second = worker_id(), worker_id()
    _, mine = ledger.claim(campaign, "de", 4, first)
    _, theirs = ledger.claim(campaign, "de", 4, second)
    assert len(mine) == 4 and len(theirs) == 2
    assert not {r.id for r in mine} & {r.id for r in theirs}
    assert ledger.claim(campaign, "de", 4, first)[1] == []

    # a worker cannot record rows it does not hold
    ledger.record([SendResult(theirs[0].id, SENT, "x")], first)
    ledger.record([SendResult(mine[0].id, SENT, "pm-1"), SendResult(mine[1].id, RETRY)], first)
    counts = ledger.counts(campaign)
    assert counts["de"] == {"sent": 1, "sending": 4, "pending": 1}


def test_resume_marks_dead_claims_unknown_or_hands_them_over(workspace) -> None:
    ledger, campaign = ledger_with(workspace, 9)
    _, dead_here = ledger.claim(campaign, "de", 2, "localhost-that-is-not-us:1:x")
    _, recent_elsewhere = ledger.claim(campaign, "de", 2, "otherhost:77:y")
    _, old_elsewhere = ledger.claim(campaign, "de", 2, "otherhost:78:z")
    with ledger.engine.begin() as connection:
        connection.execute(
            deliveries.update()
            .where(deliveries.c.id.in_([r.id for r in old_elsewhere + dead_here]))
            .values(updated=now() - timedelta(hours=1))
        )
    unknown, keys = ledger.recover(campaign, worker_id(), idempotent=False)
    assert unknown == 4 and keys == []
    with ledger.engine.connect() as connection:
        statuses = dict(connection.execute(sa.select(deliveries.c.id, deliveries.c.status)).all())
    assert {statuses[r.id] for r in old_elsewhere + dead_here} == {UNKNOWN}
    assert {statuses[r.id] for r in recent_elsewhere} == {"sending"}

    me = worker_id()
    with ledger.engine.begin() as connection:
        connection.execute(
            deliveries.update()
            .where(deliveries.c.id.in_([r.id for r in recent_elsewhere]))
            .values(updated=now() - timedelta(hours=1))
        )
    unknown, keys = ledger.recover(campaign, me, idempotent=True)
    assert unknown == 0 and len(keys) == 1
    again = ledger.batch(campaign, keys[0], me)
    assert [r.id for r in again] == [r.id for r in recent_elsewhere]
