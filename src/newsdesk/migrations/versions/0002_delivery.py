"""The delivery ledger: campaigns and deliveries.

Revision ID: 0002_delivery
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_delivery"
down_revision = "0000_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("release_slug", sa.String(200), nullable=False),
        sa.Column("release_path", sa.Text, nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("lists", sa.Text, nullable=False, server_default=""),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("fallback", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("is_test", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True)),
        sa.Column("finished", sa.DateTime(timezone=True)),
        sa.Column("scheduled_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer,
            sa.ForeignKey(
                "campaigns.id", ondelete="CASCADE", name="fk_deliveries_campaign_id_campaigns"
            ),
            nullable=False,
        ),
        sa.Column("contact_id", sa.Integer),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("salutation", sa.Text, nullable=False, server_default=""),
        sa.Column("lang", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("provider_message_id", sa.Text, nullable=False, server_default=""),
        sa.Column("error", sa.Text, nullable=False, server_default=""),
        sa.Column("claimed_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("batch_key", sa.String(64), nullable=False, server_default=""),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("campaign_id", "email", name="uq_deliveries_campaign_id_email"),
    )
    op.create_index("ix_deliveries_claim", "deliveries", ["campaign_id", "status", "lang", "id"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_claim", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_table("campaigns")
