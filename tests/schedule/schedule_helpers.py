"""Helpers of the schedule tests: release files, lists, catalogs, a fake Postmark
batch endpoint that counts every message it receives (a double send shows)."""

from __future__ import annotations

import datetime
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date

from newsdesk.core import Workspace
from newsdesk.core.files import write_atomic

TOKEN = "server-token-for-tests"

RELEASE = """\
---
title: {title_yaml}
slug: {slug}
date: {date}
{embargo}status: approved
teaser: {teaser_yaml}
contacts:
  - name: Jana Beispiel
    role: Pressesprecherin
    email: jana.beispiel@example.org
    phone: "+49 123 456789"
---

Musterstadt, {date_de} – Die Wirtschaftsförderung Musterstadt meldet {what}.

Weitere Informationen gibt es unter www.wirtschaft-musterstadt.de/presse.
"""


CONFIG = """\
[organisation]
brand = "Wirtschaftsförderung Musterstadt"
imprint_url = "https://www.wirtschaft-musterstadt.de/impressum"
privacy_url = "https://www.wirtschaft-musterstadt.de/datenschutz"
address = "Hafenkante 12, 12345 Musterstadt"

[sender]
name = "Wirtschaftsförderung Musterstadt"
email = "presse@wirtschaft-musterstadt.de"

[languages]
source = "de"
targets = ["en"]
timezone = "Europe/Berlin"

[web]
base_url = "https://presse.wirtschaft-musterstadt.de"

[delivery]
provider = "outbox"
"""


def press_office(workspace: Workspace) -> Workspace:
    """``workspace`` with the settings of a real press office (our invented one)."""
    write_atomic(workspace.root / "newsdesk.toml", CONFIG)
    return Workspace.open(workspace.root)


def write_release(
    workspace: Workspace,
    slug: str,
    *,
    title: str = "Neue Gewerbeflächen im Hafenviertel",
    date: str = "2026-11-20",
    embargo: str | None = None,
    what: str = "neue Gewerbeflächen",
    teaser: str = "Zwölf Hektar für Handwerk und Produktion.",
    name: str | None = None,
) -> Path:
    text = RELEASE.format(
        title_yaml=json.dumps(title, ensure_ascii=False),
        slug=slug,
        date=date,
        date_de=format_date(datetime.date.fromisoformat(date), "d. MMMM y", locale="de"),
        embargo=f'embargo: "{embargo}"\n' if embargo else "",
        what=what,
        teaser_yaml=json.dumps(teaser, ensure_ascii=False),
    )
    path = workspace.releases_dir / (name or f"{slug}.md")
    write_atomic(path, text)
    return path


def translate_fully(workspace: Workspace, path: Path, lang: str = "en") -> None:
    """An English catalog with every segment translated (marked as ours, not fuzzy)."""
    from newsdesk.ingest import read_release
    from newsdesk.translate import ContentCatalog
    from newsdesk.translate.catalog import location_file

    release = read_release(path)
    catalog = ContentCatalog.for_release(workspace, release, lang)
    catalog.update(release, location_file(workspace, release))
    for message in list(catalog.messages()):
        catalog.set_translation(message.id, f"EN {message.id}", fuzzy=False)
    catalog.save()


def add_people(workspace: Workspace, list_name: str, people: list[tuple[str, str]]) -> None:
    """``people``: (email, language) pairs, subscribed to ``list_name``."""
    from newsdesk.audience import ContactStore, add_contact

    store = ContactStore.for_workspace(workspace)
    if list_name not in {summary.name for summary in store.summaries()}:
        store.create_list(list_name)
    for index, (email, lang) in enumerate(people):
        add_contact(
            store,
            email,
            list_name,
            {"first_name": "Alex", "last_name": f"Beispiel{index}", "language": lang},
            default_language="de",
        )


@dataclass
class FakePostmark:
    """Postmark's batch endpoint (POST /email/batch) as documented: an array of
    messages in, one result per message out. Records every message it accepts, and
    each batch's size; an address at ``inactive.example.net`` is refused with Postmark's
    ErrorCode 406 (inactive recipient)."""

    url: str = ""
    messages: list[dict[str, Any]] = field(default_factory=list)
    batch_sizes: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay: float = 0.0  # seconds before answering: a batch stays in flight that long
    arrived: threading.Event = field(default_factory=threading.Event)

    def count(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        with self.lock:
            for message in self.messages:
                key = (message["Metadata"]["campaign"], message["To"])
                counts[key] = counts.get(key, 0) + 1
        return counts


def _result(message: dict[str, Any]) -> dict[str, Any]:
    if message["To"].rstrip(">").endswith("@inactive.example.net"):
        return {
            "ErrorCode": 406,
            "Message": "You tried to send to a recipient that has been marked as inactive.",
        }
    return {
        "ErrorCode": 0,
        "Message": "OK",
        "MessageID": str(uuid.uuid4()),
        "SubmittedAt": "2026-11-29T10:00:00Z",
        "To": message["To"],
    }


def _handler(fake: FakePostmark) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/email/batch":
                self._answer(404, {"ErrorCode": 404, "Message": "not found"})
                return
            if self.headers.get("X-Postmark-Server-Token") != TOKEN:
                self._answer(401, {"ErrorCode": 10, "Message": "bad or missing server token"})
                return
            batch = json.loads(body)
            fake.arrived.set()
            time.sleep(fake.delay)
            results = [_result(item) for item in batch]
            with fake.lock:
                fake.batch_sizes.append(len(batch))
                accepted = zip(batch, results, strict=True)
                fake.messages.extend(message for message, r in accepted if not r["ErrorCode"])
            self._answer(200, results)

        def _answer(self, status: int, data: Any) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def wait_for(condition: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Poll ``condition`` until it holds; fail (not time out silently) after ``limit`` s."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


@contextmanager
def fake_postmark_server() -> Iterator[FakePostmark]:
    fake = FakePostmark()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
