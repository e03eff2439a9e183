"""``newsdesk lists create|show|delete``: the stakeholder lists."""

from __future__ import annotations

import click

from newsdesk.audience import ContactStore
from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core.errors import NewsdeskError


@cli.group("lists")
def lists_group() -> None:
    """Stakeholder lists (members, press, partner cities…)."""


@lists_group.command("create")
@click.argument("name")
@click.option("--title", default="", help="A human title, e.g. 'Mitglieder des Clusters'.")
@pass_state
def create(state: State, name: str, title: str) -> None:
    """Create the list NAME.

    Example: newsdesk lists create mitglieder --title "Mitgliedsunternehmen"
    """
    ContactStore.for_workspace(state.workspace).create_list(name, title)
    state.out.print(f"Created list {name}")


@lists_group.command("show")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def show(state: State, name: str | None, as_json: bool) -> None:
    """Show the lists (or one) with their counts.

    Example: newsdesk lists show mitglieder --json
    """
    summaries = ContactStore.for_workspace(state.workspace).summaries([name] if name else None)
    if as_json:
        state.print_json(
            [
                {
                    "name": s.name,
                    "title": s.title,
                    "members": s.members,
                    "subscribed": s.subscribed,
                    "pending": s.pending,
                    "unsubscribed": s.unsubscribed,
                    "suppressed": s.suppressed,
                    "audience": s.audience,
                    "languages": dict(sorted(s.languages.items())),
                }
                for s in summaries
            ]
        )
        return
    if not summaries:
        state.out.print("No lists yet; create one with `newsdesk lists create NAME`.")
        return
    for s in summaries:
        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(s.languages.items()))
        state.out.print(
            f"{s.name}{f' ({s.title})' if s.title else ''}: {s.members} members: "
            f"{s.subscribed} subscribed, {s.pending} pending, {s.unsubscribed} unsubscribed, "
            f"{s.suppressed} suppressed; audience {s.audience} ({languages or 'nobody'})",
            soft_wrap=True,
            markup=False,
        )


@lists_group.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Really delete (contacts stay).")
@pass_state
def delete(state: State, name: str, yes: bool) -> None:
    """Delete the list NAME and its memberships; the contacts stay.

    Example: newsdesk lists delete presse-alt --yes
    """
    store = ContactStore.for_workspace(state.workspace)
    if not yes:
        members = store.summaries([name])[0].members
        raise NewsdeskError(
            f"deleting list {name!r} removes {members} memberships; repeat with --yes"
        )
    removed = store.delete_list(name)
    state.out.print(f"Deleted list {name} ({removed} memberships; the contacts stay)")
