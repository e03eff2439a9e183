"""The audience's tests run against SQLite and a real PostgreSQL server alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsdesk.audience import ContactStore
from newsdesk.core import db


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'audience.db'}"
    return request.getfixturevalue("postgres_url")


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
