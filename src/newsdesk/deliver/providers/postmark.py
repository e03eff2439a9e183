"""Postmark: ``POST /email/batch`` (≤ 500 messages, ≤ 50 MB), a broadcast message stream.

Postmark has no per-recipient variables in a batch, so each message carries its own
body. The JSON of a language's static parts is encoded once per campaign; a
recipient's message is those bytes joined with its few escaped values, and the batch
is streamed to the socket a message at a time, never held whole in memory.
Environment: ``POSTMARK_SERVER_TOKEN``, ``POSTMARK_MESSAGE_STREAM`` (default
``broadcast``), ``POSTMARK_BASE_URL`` (tests).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any

from newsdesk.deliver.message import Content, Message, plain
from newsdesk.deliver.providers.base import (
    FAILED,
    SENT,
    Capabilities,
    Context,
    PauseCampaign,
    SendResult,
    all_results,
    require_env,
)
from newsdesk.deliver.providers.http import Failure, HttpProvider, StreamedBody

MAX_BYTES = 50_000_000  # Postmark's limit for one batch request
DEAD_ADDRESS = {300, 406}  # invalid email, inactive (bounced/complained) recipient
ACCOUNT_STOPPED = {10, 405, 412, 413}  # bad token, out of credits, pending, sender limits
TEST_TOKEN = "POSTMARK_API_TEST"


def _js(value: str) -> bytes:
    """``value`` as the inside of a JSON string (most values need no escaping at all)."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return value.encode()
    return json.dumps(value, ensure_ascii=False)[1:-1].encode()


def _static(content: Content, stream: str) -> dict[str, Any]:
    head: dict[str, Any] = {"From": content.sender, "Subject": content.subject}
    if content.reply_to:
        head["ReplyTo"] = content.reply_to
    head.update({"MessageStream": stream, "TrackOpens": False, "TrackLinks": "None"})
    if content.tag:
        head["Tag"] = content.tag
    html_parts = [_js(part) for part in content.html_parts]
    text_parts = [_js(part) for part in content.text_parts]
    return {
        "head": json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode()
        + b',"HtmlBody":"'
        + html_parts[0],
        "html": list(zip(content.html_names, html_parts[1:], strict=True)),
        "middle": b'","TextBody":"' + text_parts[0],
        "text": list(zip(content.text_names, text_parts[1:], strict=True)),
        "headers": {
            (name, value): b'{"Name":"%s","Value":"%s"}' % (_js(name), _js(value))
            for name, value in _shared_headers(content).items()
        },
        "metadata": b'],"Metadata":{"delivery_id":"%%d","campaign":"%d"}}' % content.campaign_id,
    }


def _shared_headers(content: Content) -> dict[str, str]:
    """Headers every recipient of ``content`` gets with the same value."""
    shared = {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if content.list_id:
        shared["List-Id"] = content.list_id
    if content.test:
        shared["X-Newsdesk-Test"] = "yes"
    return shared


class PostmarkProvider(HttpProvider):
    name = "postmark"
    capabilities = Capabilities(max_batch=500, test_mode=True, parallel_requests=2)
    default_base_url = "https://api.postmarkapp.com"
    base_url_env = "POSTMARK_BASE_URL"
    credential_env = ("POSTMARK_SERVER_TOKEN",)

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        super().__init__(context)
        (token,) = require_env(self.env, "POSTMARK_SERVER_TOKEN")
        self.token = TEST_TOKEN if test_mode else token
        self.stream = self.env.get("POSTMARK_MESSAGE_STREAM", "broadcast")
        self.session.headers.update(
            {
                "X-Postmark-Server-Token": self.token,
                "Accept": "application/json",
                "Content-Type": "application/json",
            }
        )

    def encode(self, message: Message) -> list[bytes]:
        """One message of the batch as the pieces of its JSON: the static parts, encoded
        once per campaign, between this recipient's few escaped values."""
        content = message.content
        static = content.encoded(f"postmark:{self.stream}", lambda c: _static(c, self.stream))
        in_html: dict[str, bytes] = {}
        in_text: dict[str, bytes] = {}
        for name, value in message.values.items():
            if plain(value):
                in_html[name] = in_text[name] = value.encode()
            else:
                in_html[name] = _js(html.escape(value, quote=True))
                in_text[name] = _js(value)
        out = [static["head"]]
        for name, part in static["html"]:
            out.append(in_html.get(name, b""))
            out.append(part)
        out.append(static["middle"])
        for name, part in static["text"]:
            out.append(in_text.get(name, b""))
            out.append(part)
        out.append(b'","To":"%s","Headers":[' % _js(message.to))
        known = static["headers"]
        out.append(
            b",".join(
                [
                    known.get(pair) or b'{"Name":"%s","Value":"%s"}' % (_js(pair[0]), _js(pair[1]))
                    for pair in message.headers().items()
                ]
            )
        )
        out.append(static["metadata"] % message.delivery_id)
        return out

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        results: list[SendResult] = []
        body = StreamedBody(b"[", b",", b"]")
        chunk: list[Message] = []
        for message in messages:
            pieces = self.encode(message)
            if chunk and body.grown_by(pieces) > MAX_BYTES:
                results += self._post(chunk, body)
                body = StreamedBody(b"[", b",", b"]")
                chunk = []
            body.add(pieces)
            chunk.append(message)
        if chunk:
            results += self._post(chunk, body)
        return results

    def _post(self, messages: list[Message], body: StreamedBody) -> list[SendResult]:
        response = self.request("POST", "/email/batch", data=body)
        if isinstance(response, Failure):
            return all_results(messages, response.status, response.error)
        data = self.json_of(response)
        if response.status_code != 200 or not isinstance(data, list):
            code = data.get("ErrorCode") if isinstance(data, dict) else None
            text = data.get("Message", "") if isinstance(data, dict) else response.text[:200]
            if code in ACCOUNT_STOPPED:
                raise PauseCampaign(f"postmark refused the batch (ErrorCode {code}: {text})")
            return all_results(messages, FAILED, f"postmark HTTP {response.status_code}: {text}")
        if len(data) != len(messages):
            return all_results(messages, FAILED, "postmark answered a different number of items")
        results = []
        for message, item in zip(messages, data, strict=True):
            code = item.get("ErrorCode", -1)
            if code == 0:
                results.append(
                    SendResult(message.delivery_id, SENT, str(item.get("MessageID", "")))
                )
            else:
                results.append(
                    SendResult(
                        message.delivery_id,
                        FAILED,
                        error=f"postmark ErrorCode {code}: {item.get('Message', '')}",
                        suppress=code in DEAD_ADDRESS,
                    )
                )
        return results

    def check(self, sender: str) -> str:
        response = self.request("GET", "/server")
        if isinstance(response, Failure):
            return f"postmark: {response.error}"
        data = self.json_of(response) or {}
        if response.status_code != 200:
            return f"postmark: HTTP {response.status_code}: {data.get('Message', '')}"
        return f"postmark: server {data.get('Name', '?')!r}, message stream {self.stream!r}"
