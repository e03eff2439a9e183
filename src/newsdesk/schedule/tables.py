"""The schedule's own tables: what was scheduled, from which release file, and each digest.

The campaign rows themselves belong to ``deliver``; a scheduled send points at
its campaign by id (no cross-stage foreign key). APScheduler keeps its job
store in the same database (table :data:`JOBS_TABLE`, created by APScheduler),
but only as a trigger: these tables are the truth it can be rebuilt from.
"""

from __future__ import annotations

import sqlalchemy as sa

from newsdesk.core.db import metadata

JOBS_TABLE = "apscheduler_jobs"

scheduled_sends = sa.Table(
    "scheduled_sends",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.Integer, nullable=False, unique=True),
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
)

digests = sa.Table(
    "digests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lists", sa.Text, nullable=False),
    sa.Column("cron", sa.String(100), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("provider", sa.String(50), nullable=True),
    sa.Column("fallback", sa.String(20), nullable=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
)

digest_runs = sa.Table(
    "digest_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), nullable=False),
    sa.Column("slot", sa.DateTime(timezone=True), nullable=False),
    sa.Column("local_slot", sa.String(20), nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("slugs", sa.Text, nullable=False, server_default="[]"),
    sa.Column("campaign_id", sa.Integer, nullable=True),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("digest_id", "local_slot"),
)
