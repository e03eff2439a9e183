"""Campaigns written straight into the ledger, for tests of what becomes of its rows."""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.deliver.ledger import Ledger, LedgerRow


def campaign_with(workspace: Workspace, rows: Sequence[LedgerRow]) -> tuple[Ledger, int]:
    """A campaign whose ledger is ``rows``, all pending: the ledger and its id."""
    ledger = Ledger(connect(workspace.database_url))
    campaign_id, total = ledger.create(
        release_slug="r",
        release_path="/r.md",
        title="R",
        lists=["l"],
        provider="postmark",
        fallback=False,
        recipients=rows,
    )
    assert total == len(rows)
    return ledger, campaign_id
