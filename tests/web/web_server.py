"""A real HTTP server thread for the web tests: werkzeug on 127.0.0.1, port 0."""

from __future__ import annotations

import threading

from flask import Flask
from werkzeug.serving import make_server


class ServerThread:
    def __init__(self, app: Flask) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        watcher = self.server.app.extensions.get("newsdesk_watcher")
        if watcher is not None:
            watcher.stop()
        self.server.shutdown()
        self.thread.join(5)
