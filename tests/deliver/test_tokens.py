"""Unsubscribe tokens: HMAC-SHA256 as RFC 2104 defines it, so that links in mails
already sent stay valid whatever computes the MAC."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from newsdesk.core import NewsdeskError
from newsdesk.deliver.tokens import MAC_BYTES, PURPOSE, TokenMaker


@pytest.mark.parametrize("secret", ["kurz", "ein-längeres-geheimnis-" * 4])
def test_the_mac_is_the_standard_hmac_of_the_payload(secret: str) -> None:
    maker = TokenMaker(secret=secret)
    for ids in [(1, 2, 3), (104_857, None, 12), (7, 900_000_001, 1)]:
        token = maker.make(*ids)
        payload, _, mac = token.rpartition(".")
        key = secret.encode() + b"\x00" + PURPOSE
        expected = hmac.new(key, payload.encode(), hashlib.sha256).digest()[:MAC_BYTES]
        assert base64.urlsafe_b64encode(expected).rstrip(b"=").decode() == mac
        assert maker.read(token).delivery_id == ids[0]


def test_a_token_of_another_secret_is_refused() -> None:
    token = TokenMaker(secret="eins").make(1, 2, 3)
    with pytest.raises(NewsdeskError):
        TokenMaker(secret="zwei").read(token)
