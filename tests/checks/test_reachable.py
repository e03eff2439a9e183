"""``--online`` against a real local HTTP server: live, redirected and dead links."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from check_samples import MakeContext, rendition

from newsdesk.checks import reachable


class Site(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []  # noqa: RUF012 - shared log of one test server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def answer(self, method: str) -> None:
        self.requests.append((method, self.path))
        if self.path == "/live":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/live")
        elif self.path == "/moved-to-nowhere":
            self.send_response(302)
            self.send_header("Location", "/gone")
        elif self.path == "/get-only":
            self.send_response(405 if method == "HEAD" else 200)
        elif self.path == "/broken":
            self.send_response(503)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.answer("HEAD")

    def do_GET(self) -> None:
        self.answer("GET")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    Site.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def context_with(make_context: MakeContext, base: str, paths: list[str], online: bool = True):
    body = "".join(f'<p><a href="{base}{path}">{path}</a></p>' for path in paths)
    html = f'<html lang="de"><body>{body}</body></html>'
    return make_context(renditions=[rendition(html=html, text="")], online=online)


def dead(findings: object) -> list[tuple[str, str]]:
    return [
        (f.level, f.place.rpartition("/")[2])  # type: ignore[attr-defined]
        for f in findings  # type: ignore[attr-defined]
        if f.code == "link-dead"  # type: ignore[attr-defined]
    ]


def test_live_and_redirected_links_pass_dead_ones_are_reported(
    make_context: MakeContext, server: str
) -> None:
    paths = ["/live", "/moved", "/get-only", "/gone", "/moved-to-nowhere", "/broken"]
    findings = list(reachable.check(context_with(make_context, server, paths)))
    assert sorted(dead(findings)) == [
        ("error", "gone"),
        ("error", "moved-to-nowhere"),
        ("warning", "broken"),
    ]
    assert ("HEAD", "/get-only") in Site.requests and ("GET", "/get-only") in Site.requests
    assert ("GET", "/live") not in Site.requests


def test_a_server_that_does_not_answer_is_reported(make_context: MakeContext, server: str) -> None:
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    findings = list(reachable.check(context_with(make_context, f"http://127.0.0.1:{port}", ["/x"])))
    assert dead(findings) == [("warning", "x")]
    assert "could not be opened" in findings[0].message


def test_nothing_is_requested_unless_online(make_context: MakeContext, server: str) -> None:
    context = context_with(make_context, server, ["/gone"], online=False)
    assert list(reachable.check(context)) == []
    assert Site.requests == []
