"""The ledger: atomic claims, and what resume does with rows a worker left in `sending`."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from deliver_fakes.audience import people, seed
from deliver_fakes.ledger import campaign_with

from newsdesk.audience import ContactStore
from newsdesk.deliver.campaign import ledger_rows
from newsdesk.deliver.ledger import Ledger, LedgerRow, now, worker_id
from newsdesk.deliver.providers import RETRY, SENT, UNKNOWN, SendResult
from newsdesk.deliver.tables import deliveries


def ledger_with(workspace, count: int) -> tuple[Ledger, int]:
    rows = [
        LedgerRow(n, f"p{n}@example.org", "", "", "de" if n % 3 else "en") for n in range(count)
    ]
    return campaign_with(workspace, rows)


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


def test_a_claim_keeps_only_the_rows_another_worker_did_not_take_first(workspace) -> None:
    """Another process's worker claims rows between this claim's read and its update."""
    ledger, campaign = ledger_with(workspace, 12)
    other = Ledger(ledger.engine)  # its own lock, like a worker in another process
    taken: list = []
    started = []

    def other_worker_first(conn, cursor, statement, *args) -> None:
        if statement.startswith("UPDATE deliveries SET status = 'sending'") and not started:
            started.append(True)  # the other worker's own update comes through here too
            taken.extend(other.claim(campaign, "de", 3, "otherhost:1:x")[1])

    sa.event.listen(ledger.engine, "before_cursor_execute", other_worker_first)
    try:
        key, mine = ledger.claim(campaign, "de", 5, "here:2:y")
    finally:
        sa.event.remove(ledger.engine, "before_cursor_execute", other_worker_first)

    assert len(taken) == 3
    assert len(mine) == 2, "the guard left the other worker's rows to it"
    assert not {r.id for r in mine} & {r.id for r in taken}
    assert all(r.batch_key == key and r.attempts == 1 for r in mine)
    with ledger.engine.connect() as connection:
        claimed = dict(
            connection.execute(
                sa.select(deliveries.c.id, deliveries.c.claimed_by).where(
                    deliveries.c.status == "sending"
                )
            ).all()
        )
    assert claimed == {r.id: "here:2:y" for r in mine} | {r.id: "otherhost:1:x" for r in taken}


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


def test_claims_find_pending_rows_through_their_partial_index(workspace) -> None:
    """Only pending rows are indexed for claims: recording a result touches no index."""
    ledger, campaign = ledger_with(workspace, 3)
    with ledger.engine.connect() as connection:
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM deliveries WHERE campaign_id = ? AND lang = ? "
            "AND status = 'pending' ORDER BY id LIMIT ?",
            (campaign, "de", 10),
        ).all()
        indexed = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_deliveries_pending'"
        ).scalar()
    assert "ix_deliveries_pending" in " ".join(str(step[-1]) for step in plan)
    assert "WHERE status = 'pending'" in indexed


def test_the_ledger_holds_each_languages_readers_together(workspace) -> None:
    """Contacts of both languages, imported in turn: the ledger lists the English
    together and the German together (each batch is one language's), each in import order."""
    rows = people(3, 3)
    seed(workspace, "mitglieder", [rows[0], rows[3], rows[1], rows[4], rows[2], rows[5]])
    store = ContactStore.for_workspace(workspace)
    ledger_order = [
        (row.lang, row.email) for row in ledger_rows(store, ["mitglieder"], ("de", "en"))
    ]
    assert ledger_order == [
        ("de", "kontakt00000@example.org"),
        ("de", "kontakt00001@example.org"),
        ("de", "kontakt00002@example.org"),
        ("en", "kontakt00003@example.org"),
        ("en", "kontakt00004@example.org"),
        ("en", "kontakt00005@example.org"),
    ]
