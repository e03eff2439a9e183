"""Messages for the provider tests: one recipient's copy of a rendered email."""

from __future__ import annotations

from newsdesk.deliver.message import Content, Message


def copy_for(content: Content, number: int, email: str | None = None) -> Message:
    base = "https://newsletter.musterstadt.example"
    return Message(
        delivery_id=number,
        email=email or f"person{number}@example.org",
        name=f"Person {number}",
        content=content,
        values={
            "salutation": f"Sehr geehrte Frau Nummer{number} & Co,",
            "unsubscribe_url": f"{base}/u/token{number}",
            "preferences_url": f"{base}/p/token{number}",
            "web_url": f"{base}/archive/{content.lang}/foerderung/",
        },
        message_id=f"<newsdesk.7.{number}@musterstadt.example>",
    )
