"""The MIME message: a multipart/alternative email with the text and the HTML part."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid

# Headers build_mime sets itself; ``headers`` must not repeat them.
_OWN_HEADERS = {"subject", "from", "to", "reply-to", "date", "message-id", "content-language"}


def _domain(sender: str) -> str | None:
    addresses = getaddresses([sender])
    address = addresses[0][1] if addresses else ""
    return address.rpartition("@")[2] or None


def build_mime(
    rendered_html: str,
    rendered_text: str,
    subject: str,
    sender: str | Address,
    to: str | Address,
    *,
    reply_to: str | Address | None = None,
    headers: Mapping[str, str] | None = None,
    message_id: str | None = None,
    date: datetime | None = None,
    lang: str = "de",
) -> EmailMessage:
    """A complete message: Subject, From, To, Date, Message-ID, Content-Language and the
    two alternative parts (text first, HTML last, as mail readers prefer the last).

    ``headers`` adds further headers (``List-Unsubscribe``, a provider's tags…).
    """
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = message_id or make_msgid(domain=_domain(str(sender)))
    for name, value in (headers or {}).items():
        if name.lower() in _OWN_HEADERS:
            raise ValueError(f"header {name} is set by build_mime; pass it as its argument")
        message[name] = value
    message.set_content(rendered_text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered_html, subtype="html", charset="utf-8")
    # Only now, on the multipart itself: set_content() clears Content-* headers and
    # add_alternative() moves them into the first part.
    message["Content-Language"] = lang
    return message
