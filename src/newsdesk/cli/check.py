"""``newsdesk check FILE``: what would embarrass the sender, before anything is sent."""

from __future__ import annotations

import sys
from datetime import datetime, tzinfo
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from newsdesk.checks import CheckReport, run_checks
from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core import NewsdeskError
from newsdesk.ingest import read_release
from newsdesk.ingest.dates import WallClockError, in_zone

STYLES = {"error": "bold red", "warning": "yellow"}


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    "lang",
    default="all",
    show_default=True,
    help="The language to check (de, en, …) or all of the workspace's.",
)
@click.option("--at", "send_at", help="The planned send time, e.g. 2026-12-01T10:00.")
@click.option(
    "--fallback",
    type=click.Choice(["source"]),
    help="Check as a send with --fallback source: untranslated parts go out in German.",
)
@click.option("--online", is_flag=True, help="Also request every link and report dead ones.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@pass_state
def check(
    state: State,
    file: Path,
    lang: str,
    send_at: str | None,
    fallback: str | None,
    online: bool,
    as_json: bool,
) -> None:
    """Check the release in FILE before sending: size, images, footer, translation,
    subject, preheader, links, embargo, dateline, contact, language, contrast and
    third-party resources. Exit status 1 when there is an error.

    Example: newsdesk check releases/innovationspreis-2026.de.md --lang all
    """
    workspace = state.workspace
    languages = workspace.config.languages
    if lang != "all" and lang not in languages:
        raise NewsdeskError(
            f"--lang {lang}: this workspace has {', '.join(languages)}; use one of them or all"
        )
    release = read_release(file, tz=workspace.config.tz)
    report = run_checks(
        release,
        workspace,
        languages=None if lang == "all" else [lang],
        send_at=_moment(send_at, workspace.config.tz),
        fallback=fallback == "source",
        online=online,
    )
    if as_json:
        state.print_json(report.to_list())
    else:
        _table(state, report, languages if lang == "all" else (lang,))
    if report.has_errors:
        sys.exit(1)


def _moment(text: str | None, tz: tzinfo) -> datetime | None:
    """``--at``: ISO 8601, with an offset or as wall-clock time in the workspace's zone."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo is not None else in_zone(moment, tz, text)
    except WallClockError as error:
        raise NewsdeskError(f"--at {error}") from None
    except ValueError:
        raise NewsdeskError(
            f"--at {text!r} is not a date and time; write it like 2026-12-01T10:00"
        ) from None


def _table(state: State, report: CheckReport, languages: tuple[str, ...]) -> None:
    checked = ", ".join(languages)
    if not report.findings:
        state.out.print(f"No problems found ({checked}).")
        return
    table = Table(show_lines=False, expand=False)
    table.add_column("level", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("what to fix", overflow="fold")
    table.add_column("where", overflow="fold")
    for finding in report:
        table.add_row(
            Text(finding.level, style=STYLES[finding.level]),
            finding.code,
            Text(finding.message),
            Text(finding.place),
        )
    state.out.print(table)
    errors, warnings = len(report.errors), len(report.warnings)
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    verdict = "fix the errors before sending" if errors else "can be sent (warnings need --force)"
    state.out.print(f"{summary} ({checked}): {verdict}.")
