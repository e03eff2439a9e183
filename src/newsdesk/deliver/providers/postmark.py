"""Postmark: ``POST /email/batch`` (≤ 500 messages, ≤ 50 MB), a broadcast message stream.

Postmark has no per-recipient variables in a batch, so each message carries its own
body. A language's message is encoded to JSON once per campaign, as a bytes template
with a slot for each per-recipient value; a recipient's message is that template
filled with its few escaped values as the batch is streamed to the socket, so the
batch is never held whole in memory.
Environment: ``POSTMARK_SERVER_TOKEN``, ``POSTMARK_MESSAGE_STREAM`` (default
``broadcast``), ``POSTMARK_BASE_URL`` (tests).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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


def _slot(name: bytes) -> bytes:
    return b"%(" + name + b")s"


def _literal(text: str) -> bytes:
    """``text`` inside a JSON string, as a literal part of a ``%``-template."""
    return _js(text).replace(b"%", b"%%")


def _template(content: Content, stream: str) -> Template:
    """One message of ``content`` as JSON with a ``%(…)s`` slot for each per-recipient
    value: the static parts are encoded (and their ``%`` doubled) once per campaign."""
    head: dict[str, Any] = {"From": content.sender, "Subject": content.subject}
    if content.reply_to:
        head["ReplyTo"] = content.reply_to
    head.update({"MessageStream": stream, "TrackOpens": False, "TrackLinks": "None"})
    if content.tag:
        head["Tag"] = content.tag
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    pieces = [opening.encode().replace(b"%", b"%%")]
    slots: list[bytes] = []

    def body(field: bytes, which: int, parts: list[str], names: list[str]) -> None:
        pieces.append(b',"%s":"' % field + _literal(parts[0]))
        for name, part in zip(names, parts[1:], strict=True):
            slots.append(_slot_keys(name)[which])
            pieces.append(_slot(slots[-1]) + _literal(part))
        pieces.append(b'"')

    body(b"HtmlBody", 0, content.html_parts, content.html_names)
    body(b"TextBody", 1, content.text_parts, content.text_names)
    slots += [b"to", b"headers", b"id"]
    pieces.append(b',"To":"%(to)s","Headers":[%(headers)s],"Metadata":{"delivery_id":"%(id)s",')
    pieces.append(b'"campaign":"%d"}}' % content.campaign_id)
    template = b"".join(pieces)
    return Template(
        template=template,
        static_size=len(template % dict.fromkeys(slots, b"")),
        uses={slot: template.count(_slot(slot)) for slot in set(slots)},
        blank=dict.fromkeys(slots, b""),
        headers={
            (name, value): _header(name, value) for name, value in _shared_headers(content).items()
        },
    )


@dataclass(frozen=True)
class Template:
    """A language's message as a ``%``-template, with what filling it needs."""

    template: bytes
    static_size: int  # the length with every slot empty
    uses: dict[bytes, int]  # how often each slot occurs (a theme may leave a value out)
    blank: dict[bytes, bytes]  # every slot, empty
    headers: dict[tuple[str, str], bytes]  # headers shared by every message, encoded

    def size(self, values: Mapping[bytes, bytes]) -> int:
        """The length of ``template % values``, without filling it."""
        uses = self.uses
        return self.static_size + sum(uses.get(slot, 0) * len(v) for slot, v in values.items())


def _header(name: str, value: str) -> bytes:
    opening = _HEADER_OPENINGS.get(name) or _HEADER_OPENINGS.setdefault(
        name, b'{"Name":"%s","Value":"' % _js(name)
    )
    return opening + _js(value) + b'"}'


_HEADER_OPENINGS: dict[str, bytes] = {}  # a header's name, encoded once


def _slot_keys(name: str) -> tuple[bytes, bytes]:
    """The slots of the placeholder ``name`` in the HTML and in the text."""
    keys = _SLOT_KEYS.get(name)
    if keys is None:
        keys = _SLOT_KEYS.setdefault(name, (b"html:" + name.encode(), b"text:" + name.encode()))
    return keys


_SLOT_KEYS: dict[str, tuple[bytes, bytes]] = {}


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

    def encode(self, message: Message) -> tuple[Template, dict[bytes, bytes]]:
        """One message of the batch: its language's template, and this recipient's
        escaped values for the template's slots."""
        content = message.content
        template = content.encoded(f"postmark:{self.stream}", lambda c: _template(c, self.stream))
        values = template.blank.copy()
        for name, value in message.values.items():
            in_html, in_text = _slot_keys(name)
            if plain(value):
                values[in_html] = values[in_text] = value.encode()
            else:
                values[in_html] = _js(html.escape(value, quote=True))
                values[in_text] = _js(value)
        values[b"to"] = _js(message.to)
        known = template.headers
        values[b"headers"] = b",".join(
            [known.get(pair) or _header(*pair) for pair in message.headers().items()]
        )
        values[b"id"] = b"%d" % message.delivery_id
        return template, values

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        results: list[SendResult] = []
        body = StreamedBody(b"[", b",", b"]")
        chunk: list[Message] = []
        for message in messages:
            template, values = self.encode(message)
            size = template.size(values)
            if chunk and body.grown_by(size) > MAX_BYTES:
                results += self._post(chunk, body)
                body = StreamedBody(b"[", b",", b"]")
                chunk = []
            body.add(template.template, values, size)
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
