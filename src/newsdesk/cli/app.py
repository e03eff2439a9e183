"""The ``newsdesk`` command group: finds the workspace, turns user mistakes into one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from newsdesk import __version__
from newsdesk.core import NewsdeskError, Workspace


class State:
    """What every command gets: the workspace (found on first use) and the consoles."""

    def __init__(self, workspace_dir: Path | None) -> None:
        self.workspace_dir = workspace_dir
        self._workspace: Workspace | None = None
        self.out = Console(highlight=False)
        self.err = Console(stderr=True, highlight=False)

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.find(self.workspace_dir)
        return self._workspace

    def print_json(self, data: Any) -> None:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


pass_state = click.make_pass_decorator(State)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSDESK_WORKSPACE",
    help="The workspace folder (default: found by walking up from here).",
)
@click.version_option(__version__, prog_name="newsdesk")
@click.pass_context
def cli(context: click.Context, workspace: Path | None) -> None:
    """German press releases to bilingual email newsletters."""
    context.obj = State(workspace)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a NewsdeskError becomes one line on stderr and exit status 2."""
    try:
        code = cli.main(args=argv, prog_name="newsdesk", standalone_mode=False)
    except NewsdeskError as error:
        click.echo(f"newsdesk: error: {error}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:
        # A full disk, a missing permission, a vanished folder: the user's to fix, in one line.
        where = f"{error.filename}: " if error.filename else ""
        click.echo(f"newsdesk: error: {where}{error.strerror or error}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("newsdesk: aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    # Without standalone mode click returns the code of `ctx.exit(n)` instead of exiting.
    if isinstance(code, int) and code:
        sys.exit(code)
