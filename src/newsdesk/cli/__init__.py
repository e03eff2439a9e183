"""The ``newsdesk`` command. Each module below adds the commands of one user task."""

from newsdesk.cli import (  # noqa: F401  (registers their commands)
    check,
    contacts,
    db,
    lists,
    render,
    send,
    show,
    sources,
    translate,
    workspace,
)
from newsdesk.cli.app import cli, main

__all__ = ["cli", "main"]
