"""Audience: contacts, lists, memberships, consent events, suppressions.

Revision ID: 0001_audience
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_audience"
down_revision = "0000_base"
branch_labels = None
depends_on = None


def _text(name: str, length: int = 200) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("email_normalised", sa.String(320), nullable=False),
        _text("first_name"),
        _text("last_name"),
        _text("gender", 1),
        _text("title", 100),
        _text("organisation", 300),
        _text("role", 200),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
        sa.UniqueConstraint("email_normalised", name="uq_contacts_email_normalised"),
    )
    op.create_table(
        "lists",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        _text("title", 300),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lists"),
        sa.UniqueConstraint("name", name="uq_lists_name"),
    )
    op.create_table(
        "memberships",
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("list_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", "list_id", name="pk_memberships"),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name="fk_memberships_contact_id_contacts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"], ["lists.id"], name="fk_memberships_list_id_lists", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_memberships_list_id", "memberships", ["list_id"])
    op.create_table(
        "consent_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("list_id", sa.Integer),
        sa.Column("kind", sa.String(20), nullable=False),
        _text("source", 300),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _text("ip", 64),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consent_events"),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name="fk_consent_events_contact_id_contacts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"], ["lists.id"], name="fk_consent_events_list_id_lists", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_consent_events_contact_id", "consent_events", ["contact_id"])
    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email_normalised", sa.String(320)),
        sa.Column("email_hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("list_id", sa.Integer),
        _text("source", 300),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_suppressions"),
        sa.ForeignKeyConstraint(
            ["list_id"], ["lists.id"], name="fk_suppressions_list_id_lists", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_suppressions_email_normalised", "suppressions", ["email_normalised"])
    op.create_index("ix_suppressions_email_hash", "suppressions", ["email_hash"])


def downgrade() -> None:
    op.drop_table("suppressions")
    op.drop_table("consent_events")
    op.drop_table("memberships")
    op.drop_table("lists")
    op.drop_table("contacts")
