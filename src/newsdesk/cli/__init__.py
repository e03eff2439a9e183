"""The ``newsdesk`` command. Each module below adds the commands of one user task."""

from newsdesk.cli import contacts, db, lists, send, show, workspace  # noqa: F401  (registers)
from newsdesk.cli.app import cli, main

__all__ = ["cli", "main"]
