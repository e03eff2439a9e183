"""``newsdesk send``, ``newsdesk campaigns`` and ``newsdesk providers``: sending a release."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core.db import connect
from newsdesk.core.files import write_atomic
from newsdesk.deliver import PROVIDERS, Ledger, SendReport, make_provider, send_campaign
from newsdesk.deliver.tables import DELIVERY_STATUSES


class _Rate(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Any:  # type: ignore[override]
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f}/s" if speed else "…/s"


def _summary(state: State, report: SendReport) -> None:
    if report.dry_run:
        title = "Dry run — nothing written, nothing sent"
    elif report.test:
        title = f"Test send (campaign {report.campaign_id}, {report.provider})"
    else:
        title = f"Campaign {report.campaign_id} via {report.provider}: {report.status}"
    state.out.print(f"[bold]{title}[/]")
    table = Table()
    shown = [s for s in DELIVERY_STATUSES if any(s in c for c in report.counts.values())]
    table.add_column("language")
    for status in shown:
        table.add_column(status, justify="right")
    for lang, counts in sorted(report.counts.items()):
        table.add_row(lang, *(str(counts.get(s, 0)) for s in shown))
    state.out.print(table)
    if report.unknown:
        state.out.print(
            f"[bold yellow]{len(report.unknown)} unknown[/]: the provider may or may not have "
            "sent these; check its log before sending them again:"
        )
        for row in report.unknown[:50]:
            state.out.print(f"  {row['id']}  {row['email']}  {row['lang']}  {row['error']}")
        if len(report.unknown) > 50:
            state.out.print(
                f"  … `newsdesk campaigns show {report.campaign_id} --csv FILE` lists all"
            )
    if report.message:
        colour = "yellow" if report.status in ("paused", "failed") else "dim"
        state.out.print(f"[{colour}]{report.message}[/]", markup=True)
    _findings(state, report)


def _findings(state: State, report: SendReport) -> None:
    """What the pre-send checks said about a send (or, for a dry run, would say)."""
    if report.blocked:
        state.out.print("[bold yellow]The checks would stop this send:[/]")
        for finding in report.blocked:
            state.out.print(f"  {finding}", markup=False, soft_wrap=True)
        return
    if report.forced:
        count = len(report.overridden)
        state.out.print(f"[yellow]{count} warning(s) overridden with --force:[/] ", end="")
        state.out.print(report.forced, markup=False, soft_wrap=True)
    for warning in dict.fromkeys([*report.overridden, *report.warnings]):
        state.out.print(f"  warning {warning}", markup=False, soft_wrap=True)


@cli.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--list", "lists", multiple=True, help="A list to send to (repeat for more).")
@click.option("--provider", type=click.Choice(sorted(PROVIDERS)), help="Default: newsdesk.toml.")
@click.option(
    "--fallback",
    type=click.Choice(["source"]),
    help="Send the source language where a translation is incomplete.",
)
@click.option("--dry-run", is_flag=True, help="Render every message; write and send nothing.")
@click.option("--test-to", metavar="EMAIL", help="Send one copy per language, marked [TEST].")
@click.option("--resume", type=int, metavar="CAMPAIGN", help="Go on with a paused campaign.")
@click.option(
    "--force",
    metavar="REASON",
    help="Send despite warnings of the checks, saying why (errors always stop a send).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def send(
    state: State,
    file: Path | None,
    lists: tuple[str, ...],
    provider: str | None,
    fallback: str | None,
    dry_run: bool,
    test_to: str | None,
    resume: int | None,
    force: str | None,
    as_json: bool,
) -> None:
    """Send the release FILE to the contacts of one or more lists, each once, in their language.

    The checks of `newsdesk check` run first: an error stops the send, and so does a
    warning unless --force gives the reason to send anyway (kept with the campaign).

    Example: newsdesk send releases/innovationspreis.de.md --list mitglieder --list presse
    """
    if resume is None and file is None:
        raise click.UsageError("name a release FILE, or --resume CAMPAIGN")
    workspace = state.workspace
    show_bar = not as_json and state.err.is_terminal and not dry_run and not test_to
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeRemainingColumn(),
        console=state.err,
        disable=not show_bar,
    )
    task = progress.add_task("sending", total=None)
    with progress:
        report = send_campaign(
            workspace,
            file,
            lists,
            provider=provider,
            fallback=fallback == "source",
            dry_run=dry_run,
            test_to=test_to,
            resume=resume,
            force=force,
            progress=lambda _lang, n: progress.advance(task, n),
            on_total=lambda total: progress.update(task, total=total),
        )
    if as_json:
        state.print_json(report.to_dict())
    else:
        _summary(state, report)
    if report.status == "paused":
        raise SystemExit(1)


@cli.group()
def campaigns() -> None:
    """Campaigns sent or under way: counts and the delivery ledger."""


@campaigns.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def campaigns_list(state: State, as_json: bool) -> None:
    """List the campaigns.

    Example: newsdesk campaigns list
    """
    ledger = Ledger(connect(state.workspace.database_url))
    rows = []
    for campaign in ledger.campaigns():
        counts = ledger.counts(campaign.id)
        totals = {s: sum(c.get(s, 0) for c in counts.values()) for s in DELIVERY_STATUSES}
        rows.append((campaign, totals))
    if as_json:
        state.print_json(
            [
                {
                    "id": c.id,
                    "release": c.release_slug,
                    "lists": list(c.lists),
                    "provider": c.provider,
                    "status": c.status,
                    "test": c.is_test,
                    "created": c.created,
                    "counts": totals,
                }
                for c, totals in rows
            ]
        )
        return
    table = Table()
    for column in ("id", "release", "lists", "provider", "status", "created", *DELIVERY_STATUSES):
        table.add_column(column, justify="right" if column in DELIVERY_STATUSES else "left")
    for c, totals in rows:
        status = f"{c.status} (test)" if c.is_test else c.status
        table.add_row(
            str(c.id),
            c.release_slug,
            ", ".join(c.lists),
            c.provider,
            status,
            f"{c.created:%Y-%m-%d %H:%M}",
            *(str(totals[s]) for s in DELIVERY_STATUSES),
        )
    state.out.print(table)


@campaigns.command("show")
@click.argument("campaign_id", metavar="CAMPAIGN", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the whole ledger to this CSV file.",
)
@pass_state
def campaigns_show(state: State, campaign_id: int, as_json: bool, csv_file: Path | None) -> None:
    """Counts per status and language of one campaign; --csv exports its ledger.

    Example: newsdesk campaigns show 3 --csv kampagne-3.csv
    """
    ledger = Ledger(connect(state.workspace.database_url))
    campaign = ledger.campaign(campaign_id)
    counts = ledger.counts(campaign_id)
    if csv_file is not None:
        buffer = io.StringIO()
        writer = None
        for row in ledger.rows(campaign_id):
            if writer is None:
                writer = csv.DictWriter(buffer, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        write_atomic(csv_file, buffer.getvalue())
    if as_json:
        state.print_json(
            {
                "id": campaign.id,
                "release": campaign.release_slug,
                "release_path": campaign.release_path,
                "title": campaign.title,
                "lists": list(campaign.lists),
                "provider": campaign.provider,
                "status": campaign.status,
                "test": campaign.is_test,
                "created": campaign.created,
                "started": campaign.started,
                "finished": campaign.finished,
                "error": campaign.error,
                "forced": campaign.forced,
                "forced_warnings": campaign.forced_warnings.splitlines(),
                "counts": counts,
            }
        )
        return
    report = SendReport(
        campaign.id,
        campaign.provider,
        campaign.status,
        counts,
        forced=campaign.forced,
        overridden=campaign.forced_warnings.splitlines(),
    )
    state.out.print(f"[bold]{campaign.title}[/] ({campaign.release_slug})")
    state.out.print(f"lists: {', '.join(campaign.lists) or '–'}   created {campaign.created:%c}")
    _summary(state, report)
    if campaign.error:
        state.out.print(f"[yellow]{campaign.error}[/]")
    if csv_file is not None:
        state.out.print(f"ledger written to {csv_file}")


@cli.group()
def providers() -> None:
    """The email providers newsdesk can send through."""


@providers.command("check")
@click.argument("name", type=click.Choice(sorted(PROVIDERS)))
@pass_state
def providers_check(state: State, name: str) -> None:
    """Check a provider's credentials from the environment (through its test mode if it has one).

    Example: POSTMARK_SERVER_TOKEN=… newsdesk providers check postmark
    """
    workspace = state.workspace
    provider = make_provider(name, workspace)
    try:
        state.out.print(provider.check(workspace.config.sender_email), markup=False)
    finally:
        provider.close()


@providers.command("list")
@pass_state
def providers_list(state: State) -> None:
    """The providers and what each can do.

    Example: newsdesk providers list
    """
    table = Table()
    for column in ("name", "batch", "variables", "idempotency", "test mode", "environment"):
        table.add_column(column)
    for name, provider in sorted(PROVIDERS.items()):
        caps = provider.capabilities
        table.add_row(
            name,
            str(caps.max_batch),
            "yes" if caps.recipient_variables else "–",
            "yes" if caps.idempotency_keys else "–",
            "yes" if caps.test_mode else "–",
            ", ".join(getattr(provider, "credential_env", ())) or _ENV.get(name, "–"),
        )
    state.out.print(table)


_ENV = {"smtp": "SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS"}
