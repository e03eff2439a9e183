"""The delivery ledger's tables: campaigns and one delivery row per recipient.

The schema changes only through migrations (``0002_delivery``, ``0006_forced_sends``,
``0007_pending_index``); these declarations are what the code queries. No foreign key
reaches the audience tables: a delivery keeps its own copy of address, name and salutation.
"""

from __future__ import annotations

import sqlalchemy as sa

from newsdesk.core.db import metadata

CAMPAIGN_STATUSES = ("draft", "scheduled", "sending", "paused", "sent", "failed", "cancelled")
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "unknown")

campaigns = sa.Table(
    "campaigns",
    metadata,
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
    # ``--force REASON``: why warnings of the pre-send checks were overridden, and which
    sa.Column("forced", sa.Text, nullable=False, server_default=""),
    sa.Column("forced_warnings", sa.Text, nullable=False, server_default=""),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "campaign_id",
        sa.Integer,
        sa.ForeignKey("campaigns.id", ondelete="CASCADE"),
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
    sa.UniqueConstraint("campaign_id", "email"),
    # pending rows only: a claimed row leaves the index, a recorded one never touches it
    sa.Index(
        "ix_deliveries_pending",
        "campaign_id",
        "lang",
        "id",
        sqlite_where=sa.text("status = 'pending'"),
        postgresql_where=sa.text("status = 'pending'"),
    ),
)
