"""Unsubscribe tokens: keyed BLAKE2b as RFC 7693 defines it, so that links in mails
already sent stay valid whatever computes the MAC; tokens of earlier builds, signed
with HMAC-SHA256 (RFC 2104), are still read."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from newsdesk.core import NewsdeskError
from newsdesk.deliver.tokens import MAC_BYTES, PURPOSE, TokenMaker

SECRETS = ["kurz", "ein-längeres-geheimnis-" * 4]
IDS = [(1, 2, 3), (104_857, None, 12), (7, 900_000_001, 1)]


def _key(secret: str) -> bytes:
    key = secret.encode() + b"\x00" + PURPOSE
    return hashlib.sha256(key).digest() if len(key) > 64 else key


def _text(mac: bytes) -> str:
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _payload(ids: tuple[int, int | None, int]) -> str:
    delivery, contact, campaign = ids
    return f"{delivery}.{contact or 0}.{campaign}"


@pytest.mark.parametrize("secret", SECRETS)
def test_the_mac_is_keyed_blake2b_of_the_payload(secret: str) -> None:
    maker = TokenMaker(secret=secret)
    for ids in IDS:
        token = maker.make(*ids)
        payload, _, mac = token.rpartition(".")
        assert payload == _payload(ids)
        key = _key(secret).ljust(64, b"\x00")
        expected = hashlib.blake2b(payload.encode(), key=key, digest_size=MAC_BYTES).digest()
        assert _text(expected) == mac
        assert maker.read(token).delivery_id == ids[0]


@pytest.mark.parametrize("secret", SECRETS)
def test_a_token_of_an_earlier_build_signed_with_hmac_sha256_is_still_read(secret: str) -> None:
    maker = TokenMaker(secret=secret)
    for ids in IDS:
        payload = _payload(ids)
        mac = hmac.new(_key(secret), payload.encode(), hashlib.sha256).digest()[:MAC_BYTES]
        read = maker.read(f"{payload}.{_text(mac)}")
        assert (read.delivery_id, read.contact_id, read.campaign_id) == ids
        forged = hmac.new(b"another key", payload.encode(), hashlib.sha256).digest()
        with pytest.raises(NewsdeskError):
            maker.read(f"{payload}.{_text(forged[:MAC_BYTES])}")


def test_a_token_of_another_secret_is_refused() -> None:
    token = TokenMaker(secret="eins").make(1, 2, 3)
    with pytest.raises(NewsdeskError):
        TokenMaker(secret="zwei").read(token)
