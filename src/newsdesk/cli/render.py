"""``newsdesk render``: a release as email files (HTML, plain text, .eml) per language."""

from __future__ import annotations

from email.utils import formataddr
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email

from newsdesk.audience import ContactStore
from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core import NewsdeskError, Recipient, Workspace
from newsdesk.core.files import write_files_atomic
from newsdesk.core.release import Release
from newsdesk.ingest import read_release
from newsdesk.render import build_mime, render_release
from newsdesk.render.preview import preview_values
from newsdesk.translate import localize


def _languages(workspace: Workspace, requested: str) -> tuple[str, ...]:
    known = workspace.config.languages
    if requested == "all":
        return known
    if requested not in known:
        raise NewsdeskError(
            f"--lang {requested}: this workspace's languages are {', '.join(known)} "
            "(or use --lang all)"
        )
    return (requested,)


def sample_recipient(workspace: Workspace, email: str | None) -> Recipient | None:
    """The contact with address ``email`` (for the salutation), or just the address."""
    if not email:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise NewsdeskError(f"--to {email!r} is not an email address: {error}") from None
    return ContactStore.for_workspace(workspace).find(email) or Recipient(email=email)


def render_files(
    release: Release,
    workspace: Workspace,
    lang: str,
    out: Path,
    *,
    to: Recipient | None = None,
    fallback: bool = False,
) -> dict[Path, bytes]:
    """The three files of ``release`` in ``lang`` for the sample recipient ``to``."""
    config = workspace.config
    email = render_release(localize(release, workspace, lang, fallback=fallback), workspace)
    html, text = email.fill(preview_values(workspace, email, to))
    sender = formataddr((config.sender_name, config.sender_email))
    message = build_mime(
        html,
        text,
        email.subject,
        sender,
        formataddr((to.display_name, to.email)) if to else sender,
        reply_to=config.reply_to or None,
        lang=lang,
    )
    stem = f"{release.slug}.{lang}"
    return {
        out / f"{stem}.html": html.encode("utf-8"),
        out / f"{stem}.txt": text.encode("utf-8"),
        out / f"{stem}.eml": message.as_bytes(),
    }


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    default="all",
    show_default=True,
    help="A language of the workspace (de, en) or all.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for <slug>.<lang>.html, .txt and .eml.",
)
@click.option(
    "--to",
    metavar="EMAIL",
    help="Sample recipient: the .eml's To header, and the salutation of the contact with "
    "this address (else the neutral greeting).",
)
@click.option(
    "--fallback",
    type=click.Choice(["source"]),
    help="Keep untranslated segments in the source language instead of stopping.",
)
@pass_state
def render(
    state: State, file: Path, lang: str, out: Path, to: str | None, fallback: str | None
) -> None:
    """Render FILE as an email in each language: HTML, plain text and a .eml message.

    Example: newsdesk render releases/bronze-label.md --lang all --out preview/
    """
    workspace = state.workspace
    languages = _languages(workspace, lang)
    recipient = sample_recipient(workspace, to)
    release = read_release(file)
    files: dict[Path, bytes] = {}
    for language in languages:
        files.update(
            render_files(
                release, workspace, language, out, to=recipient, fallback=fallback == "source"
            )
        )
    write_files_atomic(files)
    for path in files:
        state.out.print(f"wrote {path}", soft_wrap=True, markup=False)
