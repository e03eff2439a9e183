"""The ``newsdesk`` command. Each module below adds the commands of one user task."""

from newsdesk.cli import show, sources, workspace  # noqa: F401  (registers their commands)
from newsdesk.cli.app import cli, main

__all__ = ["cli", "main"]
