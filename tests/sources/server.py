"""A small local website for the sources tests: pages, ETags, delays, redirects, counts."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str = ""
    send_length: bool = True
    drip: float = 0.0  # seconds between the body's bytes
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True

    @property
    def tag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    path: str
    status: int
    user_agent: str
    if_none_match: str
    at: float = 0.0  # time.monotonic() when the request arrived


@dataclass
class Site:
    """Serves ``pages`` on 127.0.0.1 (port 0); remembers every request."""

    pages: dict[str, Page] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: int = 0
    most_active: int = 0  # the most requests served at the same time

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def put(self, path: str, body: str | bytes, **options: object) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = Page(body=data, **options)  # type: ignore[arg-type]

    def redirect(self, path: str, to: str) -> None:
        self.pages[path] = Page(status=302, location=to)

    def count(self, path: str | None = None) -> int:
        with self.lock:
            return sum(1 for hit in self.hits if path is None or hit.path == path)

    def statuses(self) -> Counter[int]:
        with self.lock:
            return Counter(hit.status for hit in self.hits)

    def forget(self) -> None:
        with self.lock:
            self.hits.clear()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = site.pages.get(self.path)
            if page is None:
                page = Page(body=b"nicht gefunden", status=404, content_type="text/plain")
            status = page.status
            if page.status == 200 and page.etag and self.headers.get("If-None-Match") == page.tag:
                status = 304
            with site.lock:
                site.hits.append(
                    Hit(
                        self.path,
                        status,
                        self.headers.get("User-Agent", ""),
                        self.headers.get("If-None-Match", ""),
                        time.monotonic(),
                    )
                )
            with site.lock:
                site.active += 1
                site.most_active = max(site.most_active, site.active)
            try:
                self.answer(page, status)
            finally:
                with site.lock:
                    site.active -= 1

        def answer(self, page: Page, status: int) -> None:
            if page.delay:
                time.sleep(page.delay)
            self.send_response(status)
            if page.location:
                self.send_header("Location", page.location)
            if status == 304:
                self.send_header("ETag", page.tag)
                self.end_headers()
                return
            self.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if page.etag and status == 200:
                self.send_header("ETag", page.tag)
            if page.send_length:
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                if not page.drip:
                    self.wfile.write(page.body)
                for byte in page.body if page.drip else b"":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(page.drip)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout test) is expected


def serve(site: Site) -> tuple[_Server, threading.Thread]:
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread
