"""Serving the web app with waitress, a production WSGI server, and an access log that
leaves out secrets: the signed tokens of the public links, webhook URL tokens and a
previewed contact's address are replaced by ``…``.

``behind_proxy``: the app sits behind a reverse proxy on this machine (nginx,
Apache, Caddy) that terminates TLS; the client address and scheme are then read
from its ``X-Forwarded-*`` headers, and from no one else's.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from waitress import create_server
from waitress.wasyncore import close_all

log = logging.getLogger("newsdesk.web.access")

THREADS = 16  # each open preview holds one for its live-reload stream
_SECRETS = re.compile(r"(/(?:u|p|confirm)/)[^/?\s\"]+|([?&](?:token|contact)=)[^&\s\"]+")
_PROXY_HEADERS = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"}


def redact(text: str) -> str:
    return _SECRETS.sub(lambda m: (m.group(1) or m.group(2)) + "…", text)


class AccessLog:
    """WSGI middleware: one line per request — client, method, path (redacted), status."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def logged(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            log.info(
                '%s "%s %s" %s',
                environ.get("REMOTE_ADDR", "-"),
                environ.get("REQUEST_METHOD", "-"),
                redact(path),
                status.split(" ", 1)[0],
            )
            return start_response(status, headers, *exc_info)

        return self.app(environ, logged)


class Server:
    """The app on ``host``:``port`` (0: any free port) until :meth:`stop` or Ctrl-C."""

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        host: str,
        port: int,
        *,
        behind_proxy: bool = False,
        threads: int = THREADS,
    ) -> None:
        self._channels: dict[int, Any] = {}
        proxy: dict[str, Any] = {}
        if behind_proxy:
            proxy = {"trusted_proxy": "127.0.0.1", "trusted_proxy_headers": _PROXY_HEADERS}
        self._server = create_server(
            AccessLog(app),
            map=self._channels,
            host=host,
            port=port,
            threads=threads,
            ident="newsdesk",
            # without --behind-proxy they stay, so that the staff pages see a proxy
            clear_untrusted_proxy_headers=behind_proxy,
            **proxy,
        )
        self.port: int = self._server.effective_port  # type: ignore[union-attr]
        self._stopped = threading.Event()

    def serve(self) -> None:
        """Answer requests until stopped (returns after Ctrl-C too)."""
        try:
            self._server.run()
        except OSError:
            if not self._stopped.is_set():
                raise

    def stop(self) -> None:
        """Stop from another thread: no new connections, open ones closed."""
        self._stopped.set()
        self._server.task_dispatcher.shutdown(timeout=5)
        close_all(self._channels)
