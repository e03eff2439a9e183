"""Signed per-recipient unsubscribe tokens: unforgeable, opaque, carried in the URL.

A token names the delivery, the contact and the campaign, signed with HMAC-SHA256
under the workspace secret (``NEWSDESK_SECRET_KEY``, or the local key file, see
``core/signing.py``): ``<delivery>.<contact>.<campaign>.<mac>``. It is made for every
recipient of every campaign, so its HMAC (RFC 2104) continues two SHA-256 states keyed
once per campaign: a third of the time of copying an ``hmac`` object, whose Python
wrapper costs more than the hashing. ``newsdesk.web`` reads it back
with :func:`read_unsubscribe_token` when the one-click POST arrives; unsubscribe links
do not expire.
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
_BLOCK = 64  # SHA-256's block size: the HMAC key is padded to it
_INNER_PAD = bytes(byte ^ 0x36 for byte in range(256))
_OUTER_PAD = bytes(byte ^ 0x5C for byte in range(256))


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
        self._inner = hashlib.sha256(key.translate(_INNER_PAD))
        self._outer = hashlib.sha256(key.translate(_OUTER_PAD))

    def _mac(self, payload: bytes) -> str:
        inner = self._inner.copy()
        inner.update(payload)
        outer = self._outer.copy()
        outer.update(inner.digest())
        mac = outer.digest()[:MAC_BYTES]
        # base64.urlsafe_b64encode, without its Python-level wrapping
        return binascii.b2a_base64(mac, newline=False).translate(_URLSAFE).rstrip(b"=").decode()

    def make(self, delivery_id: int, contact_id: int | None, campaign_id: int) -> str:
        payload = f"{delivery_id}.{contact_id or 0}.{campaign_id}"
        return f"{payload}.{self._mac(payload.encode())}"

    def read(self, token: str) -> UnsubscribeToken:
        """The token's contents; NewsdeskError when it is forged or damaged."""
        payload, _, mac = token.strip().rpartition(".")
        parts = payload.split(".")
        if len(parts) != 3 or not all(part.isdigit() for part in parts):
            raise NewsdeskError("this unsubscribe link is not valid")
        if not hmac.compare_digest(mac, self._mac(payload.encode())):
            raise NewsdeskError("this unsubscribe link is not valid")
        delivery_id, contact_id, campaign_id = (int(part) for part in parts)
        return UnsubscribeToken(delivery_id, contact_id or None, campaign_id)


def make_unsubscribe_token(
    delivery_id: int, contact_id: int | None, campaign_id: int, workspace_root: Path | None = None
) -> str:
    return TokenMaker(workspace_root).make(delivery_id, contact_id, campaign_id)


def read_unsubscribe_token(token: str, workspace_root: Path | None = None) -> UnsubscribeToken:
    return TokenMaker(workspace_root).read(token)
