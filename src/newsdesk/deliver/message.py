"""What a provider sends: one static ``Content`` per language, one small ``Message`` per recipient.

The rendered email of a language is split once, at its per-recipient values, into
static parts (see :class:`Content`). A recipient has two values of its own: the
salutation, and the token that the unsubscribe and preferences links end in (the
links' prefixes are static). A recipient's copy is then the static parts joined with
those values, so nothing is rendered, compiled or re-escaped per recipient; providers
with their own variable syntax get the body once per batch.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any, Protocol

PLACEHOLDERS = ("salutation", "unsubscribe_url", "web_url", "preferences_url")
TOKEN = "token"  # the value the links end in (see Content.links)
_MARK = "\x00"
_SPECIALS = re.compile(r'[][\\()<>@,:;".]')  # a display name with one is quoted


class Fillable(Protocol):
    """The part of ``newsdesk.render.RenderedEmail`` that sending needs."""

    lang: str
    subject: str
    html: str
    text: str

    def fill(self, values: Mapping[str, str]) -> tuple[str, str]: ...


def plain(value: str) -> bool:
    """Whether ``value`` needs escaping neither in HTML nor in a JSON string (both UTF-8):
    most values (links with a token, names, umlauts and all) are then the same in
    every body."""
    return (
        value.isprintable()
        and '"' not in value
        and "\\" not in value
        and "&" not in value
        and "<" not in value
        and ">" not in value
        and "'" not in value
    )


def _split(filled: str) -> tuple[list[str], list[str]]:
    """Static parts and the placeholder names between them, from a body filled with marks."""
    pieces = filled.split(_MARK)
    return pieces[0::2], pieces[1::2]


@dataclass(eq=False)
class Content:
    """A campaign's message in one language: everything but the per-recipient values."""

    rendered: Fillable
    campaign_id: int
    sender_name: str
    sender_email: str
    reply_to: str = ""
    list_id: str = ""
    unsubscribe_mailto: str = ""
    tag: str = ""
    test: bool = False
    subject_prefix: str = ""
    # values every recipient of the language gets (the web version's address): written
    # into the static parts once, neither filled per recipient nor sent as a variable
    shared: Mapping[str, str] = field(default_factory=dict)
    # placeholders whose value is this prefix and the recipient's token (the unsubscribe
    # and preferences links, see ``campaign.link_prefixes``): the prefix is written into
    # the static parts, and only the token is the recipient's, in every provider
    links: Mapping[str, str] = field(default_factory=dict)
    own_names: tuple[str, ...] = field(init=False)
    has_links: bool = field(init=False)
    html_parts: list[str] = field(init=False)
    html_names: list[str] = field(init=False)
    text_parts: list[str] = field(init=False)
    text_names: list[str] = field(init=False)
    cache: dict[Any, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        marked_html, marked_text = self.rendered.fill(
            {name: self.variable(name, lambda n: f"{_MARK}{n}{_MARK}") for name in PLACEHOLDERS}
        )
        self.html_parts, self.html_names = _split(marked_html)
        self.text_parts, self.text_names = _split(marked_text)
        # the recipient's own values other than the token, as variables and in JSON
        self.own_names = tuple(
            name for name in PLACEHOLDERS if name not in self.shared and name not in self.links
        )
        self.has_links = any(name not in self.shared for name in self.links)

    @property
    def lang(self) -> str:
        return self.rendered.lang

    @property
    def subject(self) -> str:
        return f"{self.subject_prefix}{self.rendered.subject}"

    @property
    def offers_unsubscribe(self) -> bool:
        """Whether its messages carry unsubscribe headers: a campaign's do (each its own
        link, and the mailto every campaign has, see ``make_content``); a staff notice,
        with neither, does not. For providers that write the headers once per content."""
        return bool(self.unsubscribe_mailto)

    @property
    def sender(self) -> str:
        return formataddr((self.sender_name, self.sender_email))

    @property
    def sender_domain(self) -> str:
        return self.sender_email.rpartition("@")[2] or "localhost"

    def fill(self, values: Mapping[str, str]) -> tuple[str, str]:
        """The html and text of one recipient's copy from its values (see
        :attr:`Message.values`; escaped for the HTML)."""
        escaped = {name: html.escape(value, quote=True) for name, value in values.items()}
        return (
            _join(self.html_parts, self.html_names, escaped),
            _join(self.text_parts, self.text_names, values),
        )

    def with_variables(self, syntax: Callable[[str], str]) -> tuple[str, str]:
        """html and text with each placeholder written in a provider's variable syntax.

        ``syntax`` gets ``name`` for the text and ``name_html`` for the HTML, whose value
        the caller sends already HTML-escaped (see :meth:`Message.variables`); a link
        of :attr:`links` is its prefix and ``token`` in both (a token needs no escaping)."""
        key = ("variables", syntax)
        if key not in self.cache:
            html_body, _ = self.rendered.fill(
                {n: self.variable(n, syntax, f"{n}_html") for n in PLACEHOLDERS}
            )
            _, text_body = self.rendered.fill({n: self.variable(n, syntax) for n in PLACEHOLDERS})
            self.cache[key] = (html_body, text_body)
        return self.cache[key]

    def variable(self, name: str, syntax: Callable[[str], str], as_named: str = "") -> str:
        """What stands for the placeholder ``name`` in a provider's body or header: the
        shared value, a link's prefix and the token variable, or the variable
        ``as_named`` (default ``name``)."""
        if name in self.shared:
            return self.shared[name]
        if name in self.links:
            return self.links[name] + syntax(TOKEN)
        return syntax(as_named or name)

    def encoded(self, key: str, build: Callable[[Content], Any]) -> Any:
        """A provider's once-per-campaign encoding of this content, built on first use."""
        if key not in self.cache:
            self.cache[key] = build(self)
        return self.cache[key]


def _join(parts: list[str], names: list[str], values: Mapping[str, str]) -> str:
    out = [parts[0]]
    for name, part in zip(names, parts[1:], strict=True):
        out.append(values.get(name, ""))
        out.append(part)
    return "".join(out)


@dataclass(eq=False, slots=True)
class Message:
    """One recipient's copy: the delivery row it belongs to and its own values."""

    delivery_id: int
    email: str
    name: str
    content: Content
    salutation: str = ""
    # what the recipient's links end in (``tokens.TokenMaker``); a staff notice has none
    token: str = ""
    message_id: str = ""

    @property
    def values(self) -> dict[str, str]:
        """The values a copy is filled with (see :meth:`Content.fill`)."""
        return {"salutation": self.salutation, TOKEN: self.token}

    def link(self, name: str) -> str:
        """The recipient's link ``name`` of :attr:`Content.links` ("" without a token)."""
        prefix = self.content.links.get(name)
        return prefix + self.token if prefix is not None and self.token else ""

    @property
    def to(self) -> str:
        name, email = self.name, self.email
        if not name:
            return email
        if name.isascii() and email.isascii() and not _SPECIALS.search(name):
            return f"{name} <{email}>"  # what formataddr makes of it, in a fifth of the time
        return formataddr((name, email))

    @property
    def list_unsubscribe(self) -> str:
        links = [self.link("unsubscribe_url"), self.content.unsubscribe_mailto]
        return ", ".join(f"<{link}>" for link in links if link)

    def headers(self) -> dict[str, str]:
        """The headers beyond From/To/Subject/Reply-To that every copy carries.

        Of the recipient, they may show only the token, the delivery id and the
        Message-ID: Postmark lays them out once per content with those as slots."""
        headers: dict[str, str] = {}
        link = self.link("unsubscribe_url")
        if link or self.content.unsubscribe_mailto:
            # a staff notification has neither; an empty "<>" would be a broken header
            headers["List-Unsubscribe"] = self.list_unsubscribe
        if link:  # one-click needs the https link (RFC 8058), a mailto alone cannot
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        headers["X-Newsdesk-Delivery"] = str(self.delivery_id)
        if self.content.list_id:
            headers["List-Id"] = self.content.list_id
        if self.message_id:
            headers["Message-ID"] = self.message_id
        if self.content.test:
            headers["X-Newsdesk-Test"] = "yes"
        return headers

    def variables(self) -> dict[str, str]:
        """This recipient's values for a provider's variable syntax (see
        Content.with_variables): the token, once for all links, and each other value
        as text and as HTML (``name_html``)."""
        out = {"delivery_id": str(self.delivery_id)}
        if self.content.has_links:
            out[TOKEN] = self.token
        for name in self.content.own_names:
            value = self.salutation if name == "salutation" else ""
            out[name] = value
            out[f"{name}_html"] = html.escape(value, quote=True)
        return out

    def variables_json(self) -> str:
        """:meth:`variables` as a JSON object (UTF-8), written out directly when no
        value needs escaping: for a batch of a thousand, the dictionaries and their
        encoding cost twice as much."""
        content = self.content
        salutation = self.salutation
        if content.own_names != ("salutation",) or not (plain(salutation) and plain(self.token)):
            return json.dumps(self.variables(), ensure_ascii=False, separators=(",", ":"))
        token = f',"{TOKEN}":"{self.token}"' if content.has_links else ""
        return (
            f'{{"delivery_id":"{self.delivery_id}"{token},'
            f'"salutation":"{salutation}","salutation_html":"{salutation}"}}'
        )

    def bodies(self) -> tuple[str, str]:
        return self.content.fill(self.values)

    def to_mime(self, date: datetime | None = None) -> EmailMessage:
        """The whole message as MIME (multipart/alternative: text, then HTML)."""
        from newsdesk.render import build_mime

        html_body, text_body = self.bodies()
        content = self.content
        headers = self.headers()
        headers.pop("Message-ID", None)
        mime = build_mime(
            html_body,
            text_body,
            content.subject,
            Address(content.sender_name, addr_spec=content.sender_email),
            Address(self.name, addr_spec=self.email) if self.name else self.email,
            reply_to=content.reply_to or None,
            headers=headers,
            message_id=self.message_id or None,
            date=date,
            lang=content.lang,
        )
        # A long List-Unsubscribe URL must stay one raw line, never an encoded word.
        mime.policy = mime.policy.clone(max_line_length=998)
        return mime
