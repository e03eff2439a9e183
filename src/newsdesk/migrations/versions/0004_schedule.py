"""Scheduled sends and recurring digests.

Revision ID: 0004_schedule
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_schedule"
down_revision = "0000_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_sends",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, nullable=False),
        sa.Column("release_path", sa.Text, nullable=False),
        sa.Column("release_slug", sa.String(200), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("provider", sa.String(50), nullable=True),
        sa.Column("fallback", sa.String(20), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_scheduled_sends"),
        sa.UniqueConstraint("campaign_id", name="uq_scheduled_sends_campaign_id"),
    )
    op.create_table(
        "digests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("cron", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("provider", sa.String(50), nullable=True),
        sa.Column("fallback", sa.String(20), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digests"),
    )
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("digest_id", sa.Integer, nullable=False),
        sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_slot", sa.String(20), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("slugs", sa.Text, nullable=False, server_default="[]"),
        sa.Column("campaign_id", sa.Integer, nullable=True),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digest_runs"),
        sa.ForeignKeyConstraint(
            ["digest_id"], ["digests.id"], name="fk_digest_runs_digest_id_digests"
        ),
        sa.UniqueConstraint("digest_id", "local_slot", name="uq_digest_runs_digest_id_local_slot"),
    )


def downgrade() -> None:
    op.drop_table("digest_runs")
    op.drop_table("digests")
    op.drop_table("scheduled_sends")
