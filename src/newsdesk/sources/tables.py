"""The sources stage's tables: configured sources and what each has already delivered."""

from __future__ import annotations

import sqlalchemy as sa

from newsdesk.core.db import metadata

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("kind", sa.String(10), nullable=False),  # feed, page, folder
    sa.Column("location", sa.Text, nullable=False),  # URL or folder path
    sa.Column("every_seconds", sa.Integer, nullable=False),
    sa.Column("local", sa.Boolean, nullable=False, default=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_pulled_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
)

source_items = sa.Table(
    "source_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("key", sa.Text, nullable=False),  # feed GUID, article URL or file name
    sa.Column("url", sa.Text, nullable=False, default=""),  # the page fetched for it, if any
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=True),  # a feed entry's own fields
    sa.Column("draft", sa.Text, nullable=False),  # file name in releases/, "" if no article
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("source_id", "key"),
)
