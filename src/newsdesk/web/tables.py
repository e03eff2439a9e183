"""The web app's tables: provider webhook events and Mailgun's seen tokens.

The schema changes only through the migration ``0005_web``. ``delivery_id`` and
``campaign_id`` point into deliver's ledger without a foreign key (no cross-stage FKs).
"""

from __future__ import annotations

import sqlalchemy as sa

from newsdesk.core.db import metadata

webhook_events = sa.Table(
    "webhook_events",
    metadata,
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
    sa.UniqueConstraint("provider", "event_id"),
)

webhook_tokens = sa.Table(
    "webhook_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("provider", sa.String(40), nullable=False),
    sa.Column("token", sa.String(200), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("provider", "token"),
)
