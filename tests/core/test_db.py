from __future__ import annotations

import sqlalchemy as sa

from newsdesk.core import Workspace
from newsdesk.core.db import connect, create_engine, upgrade


def test_first_use_migrates_and_a_second_upgrade_changes_nothing(workspace: Workspace) -> None:
    engine = connect(workspace.database_url)
    with engine.connect() as connection:
        assert sa.inspect(connection).has_table("alembic_version")
    assert upgrade(create_engine(workspace.database_url)) == []
