"""One local HTTP server that plays a provider's documented contract (see contracts.py).

It records every request, keeps what each recipient would have received in
``delivered``, and can be told to answer the next requests with scripted
responses (429 with Retry-After, 503 storms) or to stall before answering.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    """One request as the fake server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> list[tuple[str, str]]:
        """The fields of a multipart/form-data body, in order."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        parsed = message_from_bytes(head + self.body, policy=HTTP)
        fields = []
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields.append((name, part.get_payload(decode=True).decode()))
        return fields


@dataclass
class Delivered:
    """What one recipient would have got."""

    email: str
    subject: str
    html: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    provider_id: str = ""


def reply_json(status: int, data: Any, headers: dict[str, str] | None = None) -> Reply:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(data).encode(),
    )


class FakeProvider:
    """A running fake: ``url``, ``requests``, ``delivered``, ``script``."""

    def __init__(self, contract: Any) -> None:
        self.contract = contract
        self.requests: list[Seen] = []
        self.delivered: list[Delivered] = []
        self.script: list[Reply | Callable[[Seen], Reply]] = []
        self.stall = 0.0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # the answer's headers and body are two writes: with Nagle's algorithm the
            # body waited for the client's delayed ACK, 40 ms on every kept-alive request
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                status, headers, payload = fake.answer(seen)
                if fake.stall:
                    time.sleep(fake.stall)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, seen: Seen) -> Reply:
        with self.lock:
            self.requests.append(seen)
            scripted = self.script.pop(0) if self.script else None
        if scripted is not None:
            return scripted(seen) if callable(scripted) else scripted
        try:
            return self.contract.handle(seen, self)
        except Exception as error:  # a request that breaks the contract: answer 400, remember
            self.errors.append(f"{error.__class__.__name__}: {error}")
            return reply_json(400, {"message": f"fake {self.contract.__class__.__name__}: {error}"})

    def deliver(self, item: Delivered) -> None:
        with self.lock:
            self.delivered.append(item)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
