"""Messages for the provider tests: one recipient's copy of a rendered email."""

from __future__ import annotations

from newsdesk.deliver.message import Content, Message

BASE = "https://newsletter.musterstadt.example"
LINKS = {"unsubscribe_url": f"{BASE}/u/", "preferences_url": f"{BASE}/p/"}


def copy_for(content: Content, number: int, email: str | None = None) -> Message:
    return Message(
        delivery_id=number,
        email=email or f"person{number}@example.org",
        name=f"Person {number}",
        content=content,
        salutation=f"Sehr geehrte Frau Nummer{number} & Co,",
        token=f"token{number}",
        message_id=f"<newsdesk.7.{number}@musterstadt.example>",
    )
