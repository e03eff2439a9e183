"""A contact's language can be the reader's own choice (on the preferences page).

A spreadsheet import then leaves it as it is: the organisation's CRM still holds the
language the person had before they chose another.

Revision ID: 0008_reader_language
Revises: 0001_audience
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_reader_language"
down_revision = "0001_audience"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(
            sa.Column("language_chosen", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("language_chosen")
