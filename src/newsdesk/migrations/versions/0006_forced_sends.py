"""Campaigns remember a ``--force`` override: the reason and the warnings it overrode.

Revision ID: 0006_forced_sends
Revises: 0002_delivery
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_forced_sends"
down_revision = "0002_delivery"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("forced", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("forced_warnings", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("forced_warnings")
        batch.drop_column("forced")
