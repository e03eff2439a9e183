"""Fixtures every test area uses: the shared seed files, a fresh workspace, the real services."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from newsdesk.core import Workspace, db

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = REPOSITORY.parent / "shared"
EXAMPLES = REPOSITORY / "examples"
CHROMIUM = Path(os.environ.get("NEWSDESK_TEST_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(autouse=True)
def _no_leftover_log_handlers() -> Iterator[None]:
    """A command run in a test (``newsdesk schedule …``) adds a stderr handler to the
    ``newsdesk`` logger; pytest closes that captured stream after the test, so later
    tests would print "--- Logging error ---". Remove what a test added."""
    logger = logging.getLogger("newsdesk")
    before = list(logger.handlers)
    level = logger.level
    yield
    for handler in list(logger.handlers):
        if handler not in before:
            logger.removeHandler(handler)
    logger.setLevel(level)


def need_service(reason: str) -> None:
    """Skip when a service is missing, except in CI, where it must be there."""
    if os.environ.get("NEWSDESK_REQUIRE_SERVICES"):
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


@pytest.fixture
def shared() -> Path:
    """The team's shared folder beside the checkout (fixtures, specs); skipped without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture
def bronze_label(shared: Path) -> Path:
    return shared / "fixtures" / "releases" / "bronze-label.de.txt"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A new, empty workspace."""
    return Workspace.create(tmp_path / "ws", brand="Wirtschaftsförderung Musterstadt")


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Workspace:
    """A copy of the demo workspace in examples/demo."""
    target = tmp_path / "demo"
    shutil.copytree(
        EXAMPLES / "demo", target, ignore=shutil.ignore_patterns("newsdesk.db", "outbox")
    )
    return Workspace.open(target)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty database of its own on the real PostgreSQL server (started by .ci/run
    or scripts/start-postgres.sh), dropped after the test."""
    server = os.environ.get("NEWSDESK_TEST_POSTGRES_URL")
    if not server:
        need_service('no PostgreSQL server: eval "$(scripts/start-postgres.sh)" starts one')
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        db.close(url)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        need_service(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM


@pytest.fixture
def deepl_fake() -> ModuleType:
    """The translate tests' fake DeepL server (``running(spec)``, ``GOOD_KEY``), validated
    against the shared OpenAPI spec, for the tests of other areas that draft translations."""
    name = "newsdesk_tests_deepl_fake"
    if name not in sys.modules:
        path = REPOSITORY / "tests" / "translate" / "deepl_fake.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]
