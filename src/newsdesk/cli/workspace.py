"""``newsdesk init``: create a workspace."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core import Workspace


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--brand", default="Meine Organisation", help="The organisation's name.")
@pass_state
def init(state: State, directory: Path, brand: str) -> None:
    """Create a workspace in DIRECTORY.

    Example: newsdesk init ~/presse --brand "Wirtschaftsförderung Musterstadt"
    """
    workspace = Workspace.create(directory, brand=brand)
    state.out.print(f"Created workspace {workspace.root}")
    state.out.print(f"  edit {workspace.root / 'newsdesk.toml'} (sender, imprint, languages)")
    state.out.print(f"  put releases into {workspace.releases_dir}")
