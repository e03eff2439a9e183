"""``newsdesk sources add|list|remove``, ``newsdesk pull`` and ``newsdesk approve``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core import NewsdeskError
from newsdesk.deliver.notify import drafts_for, notify_drafts
from newsdesk.sources import PullReport, SourceStore, approve, parse_interval, pull_sources
from newsdesk.sources.store import format_interval
from newsdesk.translate.draft import draft_pulled, notes_by_file


def _print(console: Console, text: str) -> None:
    """One line as written: addresses and error texts may hold [brackets], not markup."""
    console.print(text, markup=False, soft_wrap=True)


@cli.group()
def sources() -> None:
    """The feeds, newsroom pages and folders new releases are pulled from."""


@sources.command("add")
@click.argument("name")
@click.option("--feed", "feed", metavar="URL", help="An RSS or Atom feed.")
@click.option("--page", "page", metavar="URL", help="A newsroom page listing articles.")
@click.option("--folder", "folder", metavar="DIR", help="A folder for .txt, .md, .docx files.")
@click.option("--every", default="15m", show_default=True, help="How often to pull: 15m, 2h, 1d.")
@click.option("--local", is_flag=True, help="Allow a private or loopback address (intranet).")
@pass_state
def add(
    state: State,
    name: str,
    feed: str | None,
    page: str | None,
    folder: str | None,
    every: str,
    local: bool,
) -> None:
    """Add a source called NAME.

    Example: newsdesk sources add stadt --feed https://www.example.org/presse/rss.xml --every 30m
    """
    given = [(kind, value) for kind, value in (("feed", feed), ("page", page), ("folder", folder))]
    chosen = [(kind, value) for kind, value in given if value]
    if len(chosen) != 1:
        raise NewsdeskError("give exactly one of --feed URL, --page URL or --folder DIR")
    kind, location = chosen[0]
    workspace = state.workspace
    if kind == "folder" and Path(location).expanduser().resolve() == workspace.releases_dir:
        raise NewsdeskError("--folder must not be the workspace's releases/ folder itself")
    source = SourceStore.for_workspace(workspace).add(
        name, kind, location, parse_interval(every), local
    )
    _print(
        state.out,
        f"Added {source.kind} source {source.name}: {source.location} "
        f"(every {format_interval(source.every_seconds)})",
    )


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def list_(state: State, as_json: bool) -> None:
    """Show the configured sources and how their last pull went."""
    found = SourceStore.for_workspace(state.workspace).list()
    if as_json:
        state.print_json([source.to_dict() for source in found])
        return
    if not found:
        _print(state.out, "No sources yet; add one with `newsdesk sources add NAME --feed URL`.")
        return
    for source in found:
        last = (
            source.last_pulled_at.strftime("%Y-%m-%d %H:%M UTC")
            if source.last_pulled_at
            else "never"
        )
        local = ", local" if source.local else ""
        _print(
            state.out,
            f"{source.name}  {source.kind}  {source.location}  "
            f"every {format_interval(source.every_seconds)}{local}  last pull: {last}",
        )
        if source.last_error:
            _print(state.out, f"  last error: {source.last_error}")


@sources.command("remove")
@click.argument("name")
@pass_state
def remove(state: State, name: str) -> None:
    """Remove the source NAME (its drafts stay in releases/)."""
    SourceStore.for_workspace(state.workspace).remove(name)
    _print(state.out, f"Removed source {name}; its drafts stay in releases/.")


@cli.command()
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def pull(state: State, names: tuple[str, ...], as_json: bool) -> None:
    """Pull what is new from all sources (or the named ones) into draft releases.

    Exits with 1 when a source failed; the others are pulled all the same.
    """
    reports = pull_sources(state.workspace, list(names))
    if as_json:
        state.print_json([report.to_dict() for report in reports])
    else:
        if not reports:
            _print(
                state.out, "No sources yet; add one with `newsdesk sources add NAME --feed URL`."
            )
        for report in reports:
            _print(state.out, report.summary())
            for name in report.created:
                _print(state.out, f"  new draft      releases/{name}")
            for name in report.updated:
                _print(state.out, f"  updated draft  releases/{name} (changed upstream)")
            for name in report.kept:
                _print(
                    state.out,
                    f"  left alone     releases/{name}: approved already, but changed upstream",
                )
            for error in report.errors:
                click.echo(f"newsdesk: warning: source {report.source}: {error}", err=True)
    translations = _draft_translations(state, reports, as_json)
    _notify(state, reports, translations, as_json)
    if any(not report.ok for report in reports):
        sys.exit(1)


def _notify(
    state: State, reports: list[PullReport], translations: dict[str, list[str]], as_json: bool
) -> None:
    """``[sources] notify``: one summary email of the new and updated drafts."""
    created = [name for report in reports for name in report.created]
    updated = [name for report in reports for name in report.updated]
    if not created and not updated:
        return
    workspace = state.workspace
    notice = notify_drafts(workspace, drafts_for(workspace, created, updated, translations))
    if notice.warning:
        click.echo(f"newsdesk: warning: {notice.warning}", err=True)
    if notice.sent:
        line = f"  notified       {notice.sent} address{'es' if notice.sent > 1 else ''}"
        _print(state.err if as_json else state.out, line)


def _draft_translations(
    state: State, reports: list[PullReport], as_json: bool
) -> dict[str, list[str]]:
    """``[sources] draft_translation``: machine drafts of the new and updated drafts;
    returns what was drafted, by file name, for the notification."""
    changed = [name for report in reports for name in (*report.created, *report.updated)]
    drafts = draft_pulled(
        state.workspace,
        changed,
        skipped=lambda line: click.echo(f"newsdesk: note: {line}", err=True),
    )
    for machine in drafts:
        line = f"  machine draft  {machine.file} → {machine.lang}: {machine.segments} segments"
        _print(state.err if as_json else state.out, line)
    return notes_by_file(drafts)


@cli.command("approve")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def approve_command(state: State, file: Path) -> None:
    """Mark the draft FILE as approved, so it can be sent and scheduled.

    Example: newsdesk approve releases/neues-gruenderzentrum-eroeffnet.md
    """
    if approve(file):
        _print(state.out, f"Approved {file}")
    else:
        _print(state.out, f"{file} is approved already")
