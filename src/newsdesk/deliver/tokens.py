"""Signed per-recipient unsubscribe tokens: unforgeable, opaque, carried in the URL.

A token names the delivery, the contact and the campaign, signed under the workspace
secret (``NEWSDESK_SECRET_KEY``, or the local key file, see ``core/signing.py``):
``<delivery>.<contact>.<campaign>.<mac>``. It is made for every recipient of every
campaign, while the sending lanes hold the GIL, so the MAC is keyed BLAKE2b (RFC 7693;
keyed, it is a MAC by design), continued from a state keyed once per campaign: 0.8 µs
against HMAC-SHA256's 3.3 µs in Python. Tokens of earlier builds carry HMAC-SHA256
(RFC 2104) and are still read. ``newsdesk.web`` reads a token back with
:func:`read_unsubscribe_token` when the one-click POST arrives; unsubscribe links do
not expire.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.signing import secret_key

PURPOSE = b"newsdesk.unsubscribe"
MAC_BYTES = 16
_URLSAFE = bytes.maketrans(b"+/", b"-_")
_BLOCK = 64  # SHA-256's block size, and BLAKE2b's longest key: a longer key is hashed


@dataclass(frozen=True)
class UnsubscribeToken:
    delivery_id: int
    contact_id: int | None
    campaign_id: int


class TokenMaker:
    """Makes and reads unsubscribe tokens with one secret (made once per campaign)."""

    def __init__(self, workspace_root: Path | None = None, secret: str | None = None) -> None:
        key = (secret or secret_key(workspace_root)).encode() + b"\x00" + PURPOSE
        if len(key) > _BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_BLOCK, b"\x00")
        self._keyed = hashlib.blake2b(key=key, digest_size=MAC_BYTES)
        self._hmac_key = key

    def _mac(self, payload: bytes) -> str:
        state = self._keyed.copy()
        state.update(payload)
        return _text(state.digest())

    def _legacy_mac(self, payload: bytes) -> str:
        """The HMAC-SHA256 of earlier builds' tokens (the key padded as HMAC pads it)."""
        return _text(hmac.digest(self._hmac_key, payload, "sha256")[:MAC_BYTES])

    def make(self, delivery_id: int, contact_id: int | None, campaign_id: int) -> str:
        payload = f"{delivery_id}.{contact_id or 0}.{campaign_id}"
        return f"{payload}.{self._mac(payload.encode())}"

    def read(self, token: str) -> UnsubscribeToken:
        """The token's contents; NewsdeskError when it is forged or damaged."""
        payload, _, mac = token.strip().rpartition(".")
        parts = payload.split(".")
        if len(parts) != 3 or not all(part.isdigit() for part in parts):
            raise NewsdeskError("this unsubscribe link is not valid")
        signed = payload.encode()
        if not (
            hmac.compare_digest(mac, self._mac(signed))
            or hmac.compare_digest(mac, self._legacy_mac(signed))
        ):
            raise NewsdeskError("this unsubscribe link is not valid")
        delivery_id, contact_id, campaign_id = (int(part) for part in parts)
        return UnsubscribeToken(delivery_id, contact_id or None, campaign_id)


def _text(mac: bytes) -> str:
    """``mac`` as URL-safe base64 without padding (``base64.urlsafe_b64encode``, without
    its Python-level wrapping)."""
    return binascii.b2a_base64(mac, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


def make_unsubscribe_token(
    delivery_id: int, contact_id: int | None, campaign_id: int, workspace_root: Path | None = None
) -> str:
    return TokenMaker(workspace_root).make(delivery_id, contact_id, campaign_id)


def read_unsubscribe_token(token: str, workspace_root: Path | None = None) -> UnsubscribeToken:
    return TokenMaker(workspace_root).read(token)
