"""``newsdesk schedule …`` and ``newsdesk scheduler run``: sends and digests at a set time."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import click

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core.errors import NewsdeskError

LIST_HELP = "A list to send to (repeat for more)."
FALLBACK = click.Choice(["source"])


@contextmanager
def _log_to_stderr() -> Iterator[None]:
    """One line per trigger and per outcome, with the time, on stderr (while it runs)."""
    logger = logging.getLogger("newsdesk")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S %Z")
    )
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _parse_id(value: str) -> tuple[str, int]:
    """``12`` is scheduled send (campaign) 12; ``d3`` is digest 3."""
    text = value.strip().lower()
    kind = "digest" if text.startswith("d") else "send"
    number = text.removeprefix("d")
    if not number.isdigit():
        raise NewsdeskError(
            f"{value!r} is not a schedule id: use the campaign number of a send (12) "
            "or d and the number of a digest (d3), as `newsdesk schedule list` shows them"
        )
    return kind, int(number)


@cli.group()
def schedule() -> None:
    """Sends and digests at a set time (run `newsdesk scheduler run` to send them)."""


@schedule.command("send")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "lists", multiple=True, required=True, help=LIST_HELP)
@click.option("--at", "at", required=True, help='When, e.g. "2026-12-01 10:00".')
@click.option("--tz", "tz", default=None, help="Time zone of --at (default: the workspace's).")
@click.option(
    "--fold",
    type=click.IntRange(0, 1),
    default=None,
    help="For a time the clocks pass twice: 0 the first, 1 the second.",
)
@click.option("--provider", default=None, help="Provider (default: newsdesk.toml).")
@click.option(
    "--fallback",
    type=FALLBACK,
    default=None,
    help="Send the source language where a translation is incomplete.",
)
@click.option(
    "--force",
    metavar="REASON",
    help="Schedule despite warnings of the checks, saying why (errors always stop it).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def schedule_send(
    state: State,
    file: Path,
    lists: tuple[str, ...],
    at: str,
    tz: str | None,
    fold: int | None,
    provider: str | None,
    fallback: str | None,
    force: str | None,
    as_json: bool,
) -> None:
    """Check FILE now and schedule its send to the lists.

    The checks of `newsdesk check` run now and again when the send fires: an error
    stops it, and so does a warning unless --force gives the reason (kept with the
    campaign, and it holds when the send fires).

    Example: newsdesk schedule send releases/bronze.md --list presse --at "2026-12-01 10:00"
    """
    from newsdesk.schedule.sends import schedule_send as create

    if not file.is_file():
        raise NewsdeskError("no such release file", place=file)
    result = create(
        state.workspace,
        file,
        list(lists),
        at,
        tz_name=tz,
        fold=fold,
        provider=provider,
        fallback=fallback,
        force=force,
    )
    if as_json:
        state.print_json(result.to_dict())
        return
    data = result.to_dict()
    if result.forced:
        state.err.print(f"warnings overridden — forced: {result.forced}", markup=False)
    for warning in result.warnings:
        state.err.print(f"warning: {warning}", markup=False, soft_wrap=True)
    people = "1 recipient" if result.recipients == 1 else f"{result.recipients} recipients"
    state.out.print(
        f"Scheduled campaign {result.campaign_id}: {result.release.slug} to "
        f"{', '.join(result.lists)} ({people}: {', '.join(result.languages) or 'nobody yet'}) "
        f"at {data['at']}",
        markup=False,
        soft_wrap=True,
    )
    state.out.print("It goes out while `newsdesk scheduler run` is running.")


@schedule.command("digest")
@click.option("--list", "lists", multiple=True, required=True, help=LIST_HELP)
@click.option("--cron", required=True, help='When, as a crontab line, e.g. "0 9 1 * *".')
@click.option("--tz", "tz", default=None, help="Time zone of --cron (default: the workspace's).")
@click.option("--provider", default=None, help="Provider (default: newsdesk.toml).")
@click.option(
    "--fallback",
    type=FALLBACK,
    default=None,
    help="Use the source language where a translation is incomplete.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def schedule_digest(
    state: State,
    lists: tuple[str, ...],
    cron: str,
    tz: str | None,
    provider: str | None,
    fallback: str | None,
    as_json: bool,
) -> None:
    """Send a digest of the releases published since the previous one, on a cron schedule.

    Example: newsdesk schedule digest --list mitglieder --cron "0 9 1 * *"
    """
    from newsdesk.schedule.digest import schedule_digest as create

    digest_id, first = create(
        state.workspace, list(lists), cron, tz_name=tz, provider=provider, fallback=fallback
    )
    if as_json:
        state.print_json(
            {
                "digest": f"d{digest_id}",
                "cron": cron,
                "lists": list(lists),
                "first": first.isoformat() if first else None,
            }
        )
        return
    state.out.print(
        f"Digest d{digest_id} to {', '.join(lists)} at {cron!r}; first: {first:%Y-%m-%d %H:%M %Z}"
        if first
        else f"Digest d{digest_id} never fires"
    )


@schedule.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the schedule as JSON.")
@click.option(
    "--all", "show_all", is_flag=True, help="Also sends already sent, failed or cancelled."
)
@pass_state
def schedule_list(state: State, as_json: bool, show_all: bool) -> None:
    """What goes out when, to how many, in which languages; digests and their next run."""
    from newsdesk.schedule.listing import listing, print_listing

    rows = listing(state.workspace, include_done=show_all)
    if as_json:
        state.print_json(rows)
    else:
        print_listing(state.out, rows)


@schedule.command("cancel")
@click.argument("ident", metavar="ID")
@pass_state
def schedule_cancel(state: State, ident: str) -> None:
    """Cancel a scheduled send (campaign number) or a digest (d and its number)."""
    from newsdesk.schedule.digest import cancel_digest
    from newsdesk.schedule.sends import cancel_send

    kind, number = _parse_id(ident)
    if kind == "digest":
        cancel_digest(state.workspace, number)
        state.out.print(f"Cancelled digest d{number}")
    else:
        cancel_send(state.workspace, number)
        state.out.print(f"Cancelled campaign {number}; it will not be sent")


@schedule.command("move")
@click.argument("ident", metavar="ID", type=int)
@click.option("--at", "at", required=True, help='The new time, e.g. "2026-12-02 10:00".')
@click.option("--tz", "tz", default=None, help="Time zone of --at (default: as scheduled).")
@click.option(
    "--fold",
    type=click.IntRange(0, 1),
    default=None,
    help="For a time the clocks pass twice: 0 the first, 1 the second.",
)
@pass_state
def schedule_move(state: State, ident: int, at: str, tz: str | None, fold: int | None) -> None:
    """Give scheduled send ID (its campaign number) a new time."""
    from newsdesk.schedule.sends import move_send

    when = move_send(state.workspace, ident, at, tz_name=tz, fold=fold)
    state.out.print(f"Campaign {ident} now goes out at {when.isoformat()}")


@schedule.command("resume")
@click.argument("campaign", type=int)
@pass_state
def schedule_resume(state: State, campaign: int) -> None:
    """Go on with digest CAMPAIGN after its provider paused it (only unsent rows).

    A release's campaign goes on with `newsdesk send --resume CAMPAIGN`.
    """
    from newsdesk.schedule.digest import resume_digest_campaign

    summary = resume_digest_campaign(state.workspace, campaign)
    state.out.print(f"Campaign {campaign}: {summary}", markup=False, soft_wrap=True)


@cli.group()
def scheduler() -> None:
    """The process that sends scheduled campaigns and digests."""


@scheduler.command("run")
@click.option(
    "--poll",
    type=float,
    default=None,
    help="Seconds between looks for new jobs (default: [schedule] poll, 30).",
)
@pass_state
def scheduler_run(state: State, poll: float | None) -> None:
    """Run the scheduler until SIGTERM/Ctrl-C (sends in flight are finished first)."""
    from newsdesk.schedule.service import run

    with _log_to_stderr():
        run(state.workspace, poll=timedelta(seconds=poll) if poll is not None else None)
