"""``newsdesk serve`` (the web app) and ``newsdesk publish`` (the archive as static files)."""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from pathlib import Path

import click

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core.errors import NewsdeskError

TOKEN_ENV = "NEWSDESK_ADMIN_TOKEN"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8025, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="A reverse proxy on this machine forwards the requests (X-Forwarded-For/-Proto).",
)
@pass_state
def serve(state: State, host: str, port: int, behind_proxy: bool) -> None:
    """Run the web app: staff preview, unsubscribe pages, webhooks, archive.

    Example: NEWSDESK_ADMIN_TOKEN=… newsdesk serve --behind-proxy
    """
    from newsdesk.web import create_app
    from newsdesk.web.serving import Server

    token = os.environ.get(TOKEN_ENV, "").strip() or None
    if not _loopback(host) and token is None:
        raise NewsdeskError(
            f"listening on {host} opens the staff pages to the network: set {TOKEN_ENV} "
            "(staff then log in with it), or keep --host 127.0.0.1"
        )
    if behind_proxy and token is None:
        raise NewsdeskError(
            f"behind a proxy the staff pages are reachable from the network: set {TOKEN_ENV} "
            "(staff then log in with it)"
        )
    if token is not None and len(token) < 16:
        raise NewsdeskError(f"{TOKEN_ENV} is too short; use at least 16 random characters")
    app = create_app(state.workspace, admin_token=token)
    try:
        server = Server(app, host, port, behind_proxy=behind_proxy)
    except OSError as error:
        raise NewsdeskError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    access = logging.getLogger("newsdesk.web.access")
    if not access.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
    state.err.print(
        f"newsdesk serves {state.workspace.root} on http://{host}:{server.port}/ "
        f"(staff pages {'need a login' if token else 'on this machine only'}); Ctrl-C stops",
        markup=False,
        soft_wrap=True,
    )
    server.serve()
    state.err.print("newsdesk serve stopped", markup=False)


@cli.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the static archive (replaced whole).",
)
@pass_state
def publish(state: State, out: Path) -> None:
    """Write the public archive (web versions, Atom feeds, images) as static files."""
    from newsdesk.web.publish import publish as build

    result = build(state.workspace, out)
    state.out.print(
        f"Published {len(result.pages)} pages and {len(result.media)} images to {result.out}"
    )
    for problem in result.unreadable:
        state.err.print(f"left out: {problem}", markup=False, soft_wrap=True)
    if result.unreadable:
        sys.exit(1)  # the archive was written, without these releases
