"""``newsdesk show FILE``: what newsdesk reads from a release file."""

from __future__ import annotations

from collections import Counter
from datetime import tzinfo
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core import Release
from newsdesk.ingest import read_release
from newsdesk.ingest.registry import workspace_timezone


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the release model as JSON.")
@pass_state
def show(state: State, file: Path, as_json: bool) -> None:
    """Show the release in FILE (.txt, .md or .docx) as newsdesk reads it.

    Example: newsdesk show releases/bronze-label.de.txt --json
    """
    release = read_release(file, tz=_timezone(state, file))
    if as_json:
        state.print_json(release.to_dict())
        return
    _summary(state, release)


def _timezone(state: State, file: Path) -> tzinfo:
    """The named workspace's time zone, else that of the workspace around the file
    or the current folder, else Europe/Berlin: show works outside a workspace too."""
    if state.workspace_dir is not None:
        return state.workspace.config.tz
    return workspace_timezone(file, Path.cwd())


def _summary(state: State, release: Release) -> None:
    out = state.out
    out.print(Text(release.title, style="bold"))
    if release.subtitle:
        out.print(Text(release.subtitle))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()

    def add(label: str, value: str) -> None:
        table.add_row(label, Text(value))

    add("slug", release.slug)
    add("kind", release.kind)
    add("language", release.lang)
    add("dateline", release.dateline or "–")
    add("embargo", release.embargo.isoformat() if release.embargo else "–")
    counts = Counter(block.type for block in release.blocks)
    add("blocks", ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "none")
    for block in release.blocks:
        if block.speaker:
            who = ", ".join(part for part in (block.speaker, block.role) if part)
            add("quote", f"{who} ({block.type})")
    for contact in release.contacts:
        parts = (contact.name, contact.role, contact.organisation, contact.email, contact.phone)
        add("contact", " · ".join(part for part in parts if part))
    if release.boilerplate_title or release.boilerplate:
        add("boilerplate", release.boilerplate_title or release.boilerplate[:60] + "…")
    for link in release.links:
        add("link", link.url)
    out.print(table)
