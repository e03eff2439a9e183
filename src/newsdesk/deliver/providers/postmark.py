"""Postmark: ``POST /email/batch`` (≤ 500 messages, ≤ 50 MB), a broadcast message stream.

Postmark has no per-recipient variables in a batch, so each message carries its own
body. A language's message is encoded to JSON once per campaign, as parts with a slot
for each per-recipient value between them; a recipient's message is those parts with
its few escaped values, joined as the batch is streamed to the socket, so the batch
is never held whole in memory.
Environment: ``POSTMARK_SERVER_TOKEN``, ``POSTMARK_MESSAGE_STREAM`` (default
``broadcast``), ``POSTMARK_BASE_URL`` (tests).
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from newsdesk.deliver.message import Content, Message, plain
from newsdesk.deliver.providers.base import (
    FAILED,
    SENT,
    Capabilities,
    Context,
    PauseCampaign,
    ProviderCheckFailed,
    SendResult,
    all_results,
    require_env,
)
from newsdesk.deliver.providers.http import Failure, HttpProvider, Layout, StreamedBody

MAX_BYTES = 50_000_000  # Postmark's limit for one batch request
DEAD_ADDRESS = {300, 406}  # invalid email, inactive (bounced/complained) recipient
ACCOUNT_STOPPED = {10, 405, 412, 413}  # bad token, out of credits, pending, sender limits
TEST_TOKEN = "POSTMARK_API_TEST"


def _js(value: str) -> bytes:
    """``value`` as the inside of a JSON string (most values need no escaping at all)."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return value.encode()
    return json.dumps(value, ensure_ascii=False)[1:-1].encode()


def _template(content: Content, stream: str, shape: Shape) -> Template:
    """One message of ``content`` as JSON parts with a slot for each per-recipient
    value, encoded once per campaign (and ``shape``, see :func:`_header_layout`)."""
    head: dict[str, Any] = {"From": content.sender, "Subject": content.subject}
    if content.reply_to:
        head["ReplyTo"] = content.reply_to
    head.update({"MessageStream": stream, "TrackOpens": False, "TrackLinks": "None"})
    if content.tag:
        head["Tag"] = content.tag
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode()
    parts = [opening + b',"HtmlBody":"' + _js(content.html_parts[0])]
    slots: list[bytes] = []
    for name, part in zip(content.html_names, content.html_parts[1:], strict=True):
        slots.append(_slot_keys(name)[0])
        parts.append(_js(part))
    parts[-1] += b'","TextBody":"' + _js(content.text_parts[0])
    for name, part in zip(content.text_names, content.text_parts[1:], strict=True):
        slots.append(_slot_keys(name)[1])
        parts.append(_js(part))
    parts[-1] += b'","To":"'
    slots.append(b"to")
    header_parts, header_slots = _header_layout(content, shape)
    parts.append(b'","Headers":[' + header_parts[0])
    slots += header_slots
    parts += header_parts[1:]
    parts[-1] += b'],"Metadata":{"delivery_id":"'
    slots.append(b"id")
    parts.append(b'","campaign":"%d"}}' % content.campaign_id)
    layout = Layout(tuple(parts), tuple(slots))
    return Template(
        layout=layout,
        value_slots={
            name: (html_slot if html_slot in layout.blank else b"", text_slot)
            for name in {*content.html_names, *content.text_names}
            for html_slot, text_slot in [_slot_keys(name)]
            if html_slot in layout.blank or text_slot in layout.blank
        },
    )


Shape = tuple[bool, bool]  # a message has an unsubscribe link; a Message-ID
_MARKED_ID = "\x00id\x00"


def _shape(message: Message) -> Shape:
    return bool(message.link("unsubscribe_url")), bool(message.message_id)


def _header_layout(content: Content, shape: Shape) -> tuple[list[bytes], list[bytes]]:
    """The headers of every message of ``content`` and ``shape`` as JSON parts with
    slots (``header:token``, ``header:id``, ``header:message_id``): what
    ``Message.headers`` gives a message whose own values are marks, split at them."""
    has_link, has_message_id = shape
    probe = Message(
        _MARKED_ID,  # type: ignore[arg-type]  # headers() writes the id as text
        "",
        "",
        content,
        token="\x00token\x00" if has_link else "",
        message_id="\x00message_id\x00" if has_message_id else "",
    )
    parts = [b""]
    slots: list[bytes] = []
    for index, (name, value) in enumerate(probe.headers().items()):
        pieces = value.split("\x00")
        parts[-1] += b'%s{"Name":"%s","Value":"%s' % (b"," * bool(index), _js(name), _js(pieces[0]))
        for mark, text in zip(pieces[1::2], pieces[2::2], strict=True):
            slots.append(b"header:" + mark.encode())
            parts.append(_js(text))
        parts[-1] += b'"}'
    return parts, slots


@dataclass(frozen=True)
class Template:
    """A language's message: its layout, and the slots of each per-recipient value in
    the HTML and the text (``b""`` for a part that does not show it)."""

    layout: Layout
    value_slots: dict[str, tuple[bytes, bytes]]


def _slot_keys(name: str) -> tuple[bytes, bytes]:
    """The slots of the placeholder ``name`` in the HTML and in the text."""
    keys = _SLOT_KEYS.get(name)
    if keys is None:
        keys = _SLOT_KEYS.setdefault(name, (b"html:" + name.encode(), b"text:" + name.encode()))
    return keys


_SLOT_KEYS: dict[str, tuple[bytes, bytes]] = {}
_NO_SLOTS = (b"", b"")


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
        # a builder of the template of each shape of message, and its key in the cache
        self._templates = {
            shape: (
                f"postmark:{self.stream}:{shape}",
                partial(_template, stream=self.stream, shape=shape),
            )
            for shape in itertools.product((False, True), repeat=2)
        }
        self.session.headers.update(
            {
                "X-Postmark-Server-Token": self.token,
                "Accept": "application/json",
                "Content-Type": "application/json",
            }
        )

    def encode(self, message: Message) -> tuple[Layout, dict[bytes, bytes]]:
        """One message of the batch: its language's layout, and this recipient's
        escaped values for the layout's slots."""
        shape = _shape(message)
        template = message.content.encoded(*self._templates[shape])
        values = template.layout.blank.copy()
        slots_of = template.value_slots
        for name, value in message.values.items():
            # only the slots the layout has: a theme may show a value in one part only
            in_html, in_text = slots_of.get(name, _NO_SLOTS)
            if plain(value):  # the same in the HTML and the text, and no JSON escape
                encoded = value.encode()
                if in_html:
                    values[in_html] = encoded
                if in_text in values:
                    values[in_text] = encoded
                continue
            if in_html:
                values[in_html] = _js(html.escape(value))
            if in_text in values:
                values[in_text] = _js(value)
        values[b"to"] = _js(message.to)
        values[b"id"] = values[b"header:id"] = b"%d" % message.delivery_id
        has_link, has_message_id = shape
        if has_message_id:
            values[b"header:message_id"] = _js(message.message_id)
        if has_link:
            values[b"header:token"] = _js(message.token)
        return template.layout, values

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        results: list[SendResult] = []
        body = StreamedBody(b"[", b",", b"]")
        chunk: list[Message] = []
        for message in messages:
            layout, values = self.encode(message)
            size = layout.size(values)
            if chunk and body.grown_by(size) > MAX_BYTES:
                results += self._post(chunk, body)
                body = StreamedBody(b"[", b",", b"]")
                chunk = []
            body.add(layout, values, size)
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
            raise ProviderCheckFailed(f"postmark: {response.error}")
        data = self.json_of(response) or {}
        if response.status_code != 200:
            raise ProviderCheckFailed(
                f"postmark: HTTP {response.status_code}: {data.get('Message', '')}"
            )
        return f"postmark: server {data.get('Name', '?')!r}, message stream {self.stream!r}"
