"""The audience's tables: contacts, lists, memberships, consent events, suppressions.

The schema only changes through the migrations (``0001_audience``,
``0008_reader_language``); these declarations are what the code queries and must
match them.
"""

from __future__ import annotations

import sqlalchemy as sa

from newsdesk.core.db import metadata

GENDERS = ("f", "m", "d", "")
MEMBERSHIP_STATUSES = ("pending", "subscribed", "unsubscribed")
CONSENT_KINDS = ("imported", "double-opt-in", "confirmed", "withdrawn")
SUPPRESSION_REASONS = ("unsubscribed", "bounced", "complained", "manual", "forgotten")


def _text(name: str, length: int = 200) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("email_normalised", sa.String(320), nullable=False, unique=True),
    _text("first_name"),
    _text("last_name"),
    _text("gender", 1),
    _text("title", 100),
    _text("organisation", 300),
    _text("role", 200),
    sa.Column("language", sa.String(16), nullable=False),
    # the reader chose the language (preferences page): an import does not change it
    sa.Column("language_chosen", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

lists = sa.Table(
    "lists",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    _text("title", 300),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "list_id",
        sa.Integer,
        sa.ForeignKey("lists.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

consent_events = sa.Table(
    "consent_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "contact_id",
        sa.Integer,
        sa.ForeignKey("contacts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id", ondelete="SET NULL")),
    sa.Column("kind", sa.String(20), nullable=False),
    _text("source", 300),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    _text("ip", 64),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# ``email_hash`` (sha256 of the normalised address) is always set; ``email_normalised``
# is empty once the person has been forgotten, so only the hash remains.
suppressions = sa.Table(
    "suppressions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email_normalised", sa.String(320), index=True),
    sa.Column("email_hash", sa.String(64), nullable=False, index=True),
    sa.Column("reason", sa.String(20), nullable=False),
    sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id", ondelete="CASCADE")),
    _text("source", 300),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
