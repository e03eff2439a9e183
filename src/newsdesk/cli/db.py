"""``newsdesk db upgrade``: bring the database schema up to date."""

from __future__ import annotations

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core.db import create_engine, upgrade


@cli.group()
def db() -> None:
    """The workspace's database."""


@db.command("upgrade")
@pass_state
def db_upgrade(state: State) -> None:
    """Apply the schema migrations that are missing (also done on first use).

    Example: newsdesk db upgrade
    """
    engine = create_engine(state.workspace.database_url)
    try:
        applied = upgrade(engine)
    finally:
        engine.dispose()
    url = engine.url.render_as_string(hide_password=True)
    if applied:
        state.out.print(f"Applied {', '.join(applied)} to {url}")
    else:
        state.out.print(f"{url} is up to date")
