"""A real HTTP server thread for the web tests: newsdesk's own (waitress) on 127.0.0.1,
a free port."""

from __future__ import annotations

import threading

from flask import Flask

from newsdesk.web.serving import Server


class ServerThread:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = Server(app, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.port}"
        self.thread = threading.Thread(target=self.server.serve, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        watcher = self.app.extensions.get("newsdesk_watcher")
        if watcher is not None:
            watcher.stop()
        self.server.stop()
        self.thread.join(5)
