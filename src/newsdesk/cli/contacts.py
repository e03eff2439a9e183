"""``newsdesk contacts …``: import, add, invite, suppress, export and forget contacts."""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.audience import (
    ContactStore,
    ImportReport,
    add_contact,
    export_list,
    export_person,
    forget,
    import_contacts,
    invite,
)
from newsdesk.audience.columns import parse_language
from newsdesk.audience.tables import SUPPRESSION_REASONS
from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core.errors import NewsdeskError
from newsdesk.deliver import forget_deliveries

SHOWN_ROWS = 20


@cli.group()
def contacts() -> None:
    """Contacts: import spreadsheets, add, invite, suppress, export, forget."""


def _say(state: State, text: str) -> None:
    state.out.print(text, soft_wrap=True, markup=False, highlight=False)


def _print_report(state: State, report: ImportReport) -> None:
    _say(
        state,
        f"{report.file} → list {report.list_name}: {report.rows} rows; "
        f"imported {report.imported}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {len(report.rejected)}, "
        f"suppressed {len(report.suppressed)}, duplicates merged {len(report.duplicates)}",
    )
    for title, notes in (
        ("rejected", report.rejected),
        ("suppressed (not imported)", report.suppressed),
        ("duplicates", report.duplicates),
    ):
        if not notes:
            continue
        _say(state, f"{title}:")
        for note in notes[:SHOWN_ROWS]:
            _say(state, f"  row {note.row}: {note.email or '(no address)'}: {note.reason}")
        if len(notes) > SHOWN_ROWS:
            _say(state, f"  … and {len(notes) - SHOWN_ROWS} more")
    if report.languages_kept:
        _say(
            state,
            f"kept the language {report.languages_kept} reader(s) chose on the preferences "
            "page over the file's",
        )
    if report.other_sheets:
        others = ", ".join(repr(name) for name in report.other_sheets)
        _say(state, f"read the worksheet {report.sheet!r}; not read: {others} (pick with --sheet)")
    if report.ignored_columns:
        _say(state, f"ignored columns: {', '.join(report.ignored_columns)} (map them with --map)")
    if report.rejected_file:
        _say(state, f"rejected rows with their reasons: {report.rejected_file}")


@contacts.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--list", "list_name", required=True, help="The list to add the contacts to.")
@click.option("--map", "column_map", help="Extra header names: 'Mail=email,Rufname=first_name'.")
@click.option(
    "--consent",
    type=click.Choice(["imported", "confirmed"]),
    default="imported",
    show_default=True,
    help="The consent basis you declare for these contacts.",
)
@click.option("--note", default="", help="Where the consent comes from, kept as proof.")
@click.option("--sheet", "sheet_name", help="The worksheet of an .xlsx file (default: the first).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_state
def import_command(
    state: State,
    file: Path,
    list_name: str,
    column_map: str | None,
    consent: str,
    note: str,
    sheet_name: str | None,
    as_json: bool,
) -> None:
    """Import a CSV or XLSX file of contacts into a list.

    Example: newsdesk contacts import mitglieder.xlsx --list mitglieder
    --note "Mitgliederverzeichnis 2026, Einwilligung im Aufnahmeantrag"
    """
    workspace = state.workspace
    report = import_contacts(
        ContactStore.for_workspace(workspace),
        file,
        list_name,
        languages=workspace.config.languages,
        default_language=workspace.config.source_language,
        column_map=column_map,
        consent=consent,
        note=note,
        sheet_name=sheet_name,
        progress=lambda message: state.err.print(message, markup=False),
    )
    if as_json:
        state.print_json(report.as_dict())
    else:
        _print_report(state, report)


def _details_options(function):  # type: ignore[no-untyped-def]
    for option in reversed(
        [
            click.option("--first-name", default=""),
            click.option("--last-name", default=""),
            click.option("--gender", type=click.Choice(["f", "m", "d"]), help="f, m or d."),
            click.option("--title", default="", help="Academic title, e.g. 'Dr.'."),
            click.option("--organisation", default=""),
            click.option("--role", default=""),
            click.option("--lang", default="", help="The contact's language (de, en)."),
        ]
    ):
        function = option(function)
    return function


def _details(state: State, options: dict[str, str | None]) -> dict[str, str]:
    lang = options.pop("lang") or ""
    languages = state.workspace.config.languages
    try:
        # As an import's language column reads it: EN, en, English → en.
        language = parse_language(lang, languages) if lang else ""
    except ValueError:
        raise NewsdeskError(f"--lang {lang!r}: use one of {', '.join(languages)}") from None
    return {**{k: v or "" for k, v in options.items()}, "language": language}


@contacts.command("add")
@click.argument("email")
@click.option("--list", "list_name", required=True)
@_details_options
@click.option("--consent", type=click.Choice(["imported", "confirmed"]), default="imported")
@click.option("--note", default="", help="Where the consent comes from, kept as proof.")
@pass_state
def add(state: State, email: str, list_name: str, consent: str, note: str, **options: str) -> None:
    """Add one contact to a list (or update them).

    Example: newsdesk contacts add anna.weber@example.org --list presse --first-name Anna
    --last-name Weber --gender f --title Dr. --lang de
    """
    added = add_contact(
        ContactStore.for_workspace(state.workspace),
        email,
        list_name,
        _details(state, options),
        default_language=state.workspace.config.source_language,
        consent=consent,
        note=note,
    )
    what = "Added" if added.created else ("Updated" if added.changed else "Unchanged:")
    _say(state, f"{what} {added.email} on {list_name} ({added.status})")


@contacts.command("invite")
@click.argument("email")
@click.option("--list", "list_name", required=True)
@_details_options
@pass_state
def invite_command(state: State, email: str, list_name: str, **options: str) -> None:
    """Invite a contact to a list by double opt-in (pending until confirmed).

    Example: newsdesk contacts invite lena.kraus@example.org --list presse
    """
    workspace = state.workspace
    invitation = invite(
        ContactStore.for_workspace(workspace),
        email,
        list_name,
        _details(state, options),
        default_language=workspace.config.source_language,
    )
    if invitation.status != "pending":
        _say(state, f"{email} is already {invitation.status} on {list_name}")
        return
    _say(state, f"Invited {email} to {list_name} (pending until confirmed)")
    _say(state, f"confirmation link: {invitation.url(workspace.config.base_url)}")
    _say(state, "newsdesk does not send confirmation mails yet: send this link to the contact.")


@contacts.command("suppress")
@click.argument("email")
@click.option(
    "--reason",
    type=click.Choice([r for r in SUPPRESSION_REASONS if r != "forgotten"]),
    default="manual",
    show_default=True,
)
@click.option("--list", "list_name", help="Only for this list (default: every list).")
@click.option("--source", default="cli", help="Where the request came from.")
@pass_state
def suppress(state: State, email: str, reason: str, list_name: str | None, source: str) -> None:
    """Never mail EMAIL again (on any list, or on one).

    Example: newsdesk contacts suppress max@example.org --reason complained
    """
    store = ContactStore.for_workspace(state.workspace)
    added = store.suppress(email, reason, source, list_name=list_name)
    scope = f"list {list_name}" if list_name else "every list"
    _say(
        state, f"{'Suppressed' if added else 'Already suppressed:'} {email} ({reason}) for {scope}"
    )


@contacts.command("unsubscribe")
@click.argument("email")
@click.option("--list", "list_name", help="Only from this list (default: every list).")
@pass_state
def unsubscribe(state: State, email: str, list_name: str | None) -> None:
    """Unsubscribe EMAIL from one list or all, as if they had clicked the link.

    Example: newsdesk contacts unsubscribe max@example.org --list presse
    """
    store = ContactStore.for_workspace(state.workspace)
    found = store.find(email)
    if found is None or found.contact_id is None:
        raise NewsdeskError(f"no contact {email}")
    store.unsubscribe(found.contact_id, list_name, source="cli")
    _say(state, f"Unsubscribed {email} from {f'list {list_name}' if list_name else 'every list'}")


@contacts.command("export")
@click.argument("email", required=False)
@click.option("--list", "list_name", help="Export this list's members instead.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="FILE.csv or .xlsx")
@pass_state
def export(state: State, email: str | None, list_name: str | None, out: Path | None) -> None:
    """Export all data about EMAIL as JSON, or a list's members to a spreadsheet.

    Examples: newsdesk contacts export anna.weber@example.org;
    newsdesk contacts export --list presse --out presse.xlsx
    """
    store = ContactStore.for_workspace(state.workspace)
    if list_name:
        if email or out is None:
            raise NewsdeskError("export a list with: contacts export --list NAME --out FILE.xlsx")
        count = export_list(store, list_name, out)
        _say(state, f"Wrote {count} contacts of {list_name} to {out}")
        return
    if not email:
        raise NewsdeskError("name an EMAIL, or --list NAME --out FILE")
    state.print_json(export_person(store, email))


@contacts.command("forget")
@click.argument("email")
@pass_state
def forget_command(state: State, email: str) -> None:
    """Erase everything about EMAIL; keep only a hash so no import brings them back.

    Example: newsdesk contacts forget max@example.org
    """
    from newsdesk.web.hooks.record import forget_events

    store = ContactStore.for_workspace(state.workspace)
    erased = forget(store, email)
    sent = forget_deliveries(state.workspace, email)
    events = forget_events(store.engine, email)
    _say(
        state,
        f"Forgot {email}: {erased['contacts']} contact, {erased['memberships']} memberships, "
        f"{erased['consent_events']} consent events erased; the address blanked in "
        f"{sent['deliveries']} delivery records and {events} provider events, "
        f"{sent['outbox_files']} outbox messages deleted; its hash keeps it from being "
        "imported again",
    )
