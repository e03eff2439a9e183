"""Provider webhook events (de-duplication) and Mailgun's replay tokens.

Revision ID: 0005_web
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_web"
down_revision = "0000_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True)),
        sa.Column("message_id", sa.Text, nullable=False, server_default=""),
        sa.Column("recipient", sa.String(320), nullable=False, server_default=""),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("delivery_id", sa.Integer),
        sa.Column("campaign_id", sa.Integer),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_events"),
        sa.UniqueConstraint("provider", "event_id", name="uq_webhook_events_provider_event_id"),
    )
    op.create_table(
        "webhook_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("token", sa.String(200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_tokens"),
        sa.UniqueConstraint("provider", "token", name="uq_webhook_tokens_provider_token"),
    )


def downgrade() -> None:
    op.drop_table("webhook_tokens")
    op.drop_table("webhook_events")
