"""A local DeepL server at the documented contract of POST /v2/translate.

Requests are validated against the request schema in the shared OpenAPI spec
(deepl.yaml); the "translation" prefixes each text with the target language and a colon and
keeps its XML tags, like DeepL does with tag_handling=xml.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jsonschema
import yaml

GOOD_KEY = "0f3a-test-key:fx"
QUOTA_KEY = "quota-used-up:fx"
SCHEMA_POINTER = "#/paths/~1v2~1translate/post/requestBody/content/application~1json/schema"


@lru_cache(maxsize=1)
def request_validator(spec: Path) -> jsonschema.Draft4Validator:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(spec.read_text(encoding="utf-8"), Loader=loader)
    # The whole spec is the root, so the schema's "#/components/..." references resolve.
    return jsonschema.Draft4Validator({**document, "$ref": SCHEMA_POINTER})


@dataclass
class FakeDeepL:
    spec: Path
    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # statuses to answer first
    problems: list[str] = field(default_factory=list)

    def answer(self, auth: str, content_type: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        if len(raw) > 128 * 1024:
            return 413, {"message": "Request Entity Too Large"}
        if content_type.startswith("application/json"):
            body = json.loads(raw)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            form = parse_qs(raw.decode("utf-8"))
            body = {k: v if k == "text" else v[0] for k, v in form.items()}
        else:
            return 415, {"message": "Unsupported Media Type"}
        self.requests.append({"auth": auth, "body": body})
        errors = [e.message for e in request_validator(self.spec).iter_errors(body)]
        if errors:
            self.problems.extend(errors)
            return 400, {"message": f"Bad request: {errors[0]}"}
        if not auth.startswith("DeepL-Auth-Key "):
            return 403, {"message": "Authorization failed"}
        key = auth.removeprefix("DeepL-Auth-Key ")
        if key == QUOTA_KEY:
            return 456, {"message": "Quota Exceeded"}
        if key != GOOD_KEY:
            return 403, {"message": "Wrong key"}
        if self.fail_next:
            return self.fail_next.pop(0), {"message": "Too many requests"}
        if body.get("glossary_id") and not body.get("source_lang"):
            return 400, {"message": "glossary_id requires source_lang"}
        target = body["target_lang"]
        if body.get("formality") in ("more", "less") and target.startswith(("EN", "ZH")):
            # DeepL: formality only for some targets; the prefer_ forms never fail.
            return 400, {"message": "'formality' is not supported for given 'target_lang'."}
        texts = body["text"]
        if body.get("tag_handling") == "xml":
            for text in texts:
                if re.search(r"https?://|www\.", re.sub(r"<[^>]*>", "", text)):
                    self.problems.append(f"an address was sent for translation: {text}")
        return 200, {
            "translations": [
                {"detected_source_language": "DE", "text": f"{target}: {text}"} for text in texts
            ]
        }


@contextmanager
def running(spec: Path) -> Iterator[FakeDeepL]:
    fake = FakeDeepL(spec=spec)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/v2/translate":
                status, payload = 404, {"message": "Not found"}
            else:
                status, payload = fake.answer(
                    self.headers.get("Authorization", ""),
                    self.headers.get("Content-Type", ""),
                    raw,
                )
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
