"""A ledger message as MIME: Content-Language comes from render's build_mime, on the
message itself, for each language."""

from __future__ import annotations

from email import message_from_bytes, policy


def test_to_mime_carries_content_language_on_the_message(messages) -> None:
    for lang in ("de", "en"):
        (message,) = messages(1, lang)
        parsed = message_from_bytes(message.to_mime().as_bytes(), policy=policy.default)
        assert parsed.get_all("Content-Language") == [lang]
        assert [part["Content-Language"] for part in parsed.iter_parts()] == [None, None]
