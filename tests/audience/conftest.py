"""The audience's tests run against SQLite and a real PostgreSQL server alike."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from newsdesk.audience import ContactStore
from newsdesk.core import db


def _schema_url(postgres_url: str, schema: str) -> str:
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'audience.db'}"
        return
    postgres_url = request.getfixturevalue("postgres_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = db.create_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = _schema_url(postgres_url, schema)
    try:
        yield url
    finally:
        engine = db._engines.pop(url, None)
        if engine is not None:
            engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def engine(database_url: str) -> Engine:
    return db.connect(database_url)


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> ContactStore:
    return ContactStore(engine, secret_root=tmp_path)


Rows = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def rows(engine: Engine) -> Rows:
    """``rows(table, *order)``: every row of a table as dicts, ordered by those columns."""

    def read(table: sa.Table, *order: str) -> list[dict[str, Any]]:
        with engine.connect() as connection:
            query = sa.select(table).order_by(*(table.c[name] for name in order))
            return [dict(row._mapping) for row in connection.execute(query)]

    return read
