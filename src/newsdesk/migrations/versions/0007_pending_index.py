"""The claim index holds pending rows only.

A claim finds a campaign's next pending rows of one language through this index.
Indexing every row by status (``ix_deliveries_claim``) cost four index writes per
delivery — out of ``pending`` and into ``sending`` on claim, and again on record —
where this partial index costs one: the row leaves it when it is claimed.

Revision ID: 0007_pending_index
Revises: 0006_forced_sends
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_pending_index"
down_revision = "0006_forced_sends"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.drop_index("ix_deliveries_claim", table_name="deliveries")
    op.create_index(
        "ix_deliveries_pending",
        "deliveries",
        ["campaign_id", "lang", "id"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_pending", table_name="deliveries")
    op.create_index("ix_deliveries_claim", "deliveries", ["campaign_id", "status", "lang", "id"])
