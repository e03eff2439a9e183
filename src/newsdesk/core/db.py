"""The workspace's database: one SQLAlchemy engine, one schema, Alembic migrations.

Each stage declares its tables on :data:`metadata` in its own ``tables.py``;
the schema itself only ever changes through the migrations in
``newsdesk/migrations/versions`` (applied on first use and by ``newsdesk db upgrade``).
Each stage's migrations form their own branch off ``0000_base`` (``0001_audience``,
``0002_delivery``, …), so stages evolve independently; ``upgrade`` applies all heads.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from newsdesk.core.errors import NewsdeskError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

_engines: dict[str, Engine] = {}


def _alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_engine(url: str) -> Engine:
    """A new engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    try:
        engine = sa.create_engine(url, future=True, pool_pre_ping=True)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise NewsdeskError(f"database URL {url!r} is not usable: {error}") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def upgrade(engine: Engine) -> list[str]:
    """Bring the schema to the newest migration; returns the revisions applied."""
    config = _alembic_config(engine.url.render_as_string(hide_password=False))
    script = ScriptDirectory.from_config(config)
    heads = set(script.get_heads())
    with engine.begin() as connection:
        before = set(MigrationContext.configure(connection).get_current_heads())
        if before == heads:
            return []
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, "heads")
        except sa.exc.OperationalError as error:
            raise NewsdeskError(f"cannot migrate the database: {error.orig}") from None
    known = {rev.revision for rev in script.iterate_revisions(tuple(before), "base")}
    return sorted(
        rev.revision
        for rev in script.iterate_revisions(tuple(heads), "base")
        if rev.revision not in known
    )


def close(url: str) -> None:
    """Let go of the engine :func:`connect` keeps for ``url`` (before its database is dropped)."""
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def connect(url: str) -> Engine:
    """The engine for ``url``, migrated to the newest schema on first use in this process."""
    engine = _engines.get(url)
    if engine is None:
        engine = create_engine(url)
        try:
            upgrade(engine)
        except sa.exc.OperationalError as error:
            raise NewsdeskError(f"cannot open the database {url!r}: {error.orig}") from None
        _engines[url] = engine
    return engine
