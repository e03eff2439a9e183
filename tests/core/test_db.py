from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from newsdesk.core import Workspace
from newsdesk.core.db import connect, create_engine, upgrade


def test_first_use_migrates_and_a_second_upgrade_changes_nothing(workspace: Workspace) -> None:
    engine = connect(workspace.database_url)
    with engine.connect() as connection:
        assert sa.inspect(connection).has_table("alembic_version")
    assert upgrade(create_engine(workspace.database_url)) == []


def test_the_migrated_schema_is_what_the_stages_declare(tmp_path) -> None:
    """Each stage's ``tables.py`` and the migrations say the same: a column added to one
    only (``contacts.language_chosen`` at first) would fail here, not in a user's send."""
    import newsdesk.audience.tables
    import newsdesk.deliver.tables
    import newsdesk.schedule.tables
    import newsdesk.sources.tables
    import newsdesk.web.tables  # noqa: F401 - each declares its tables on metadata
    from newsdesk.core.db import metadata

    engine = connect(f"sqlite:///{tmp_path / 'schema.db'}")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
