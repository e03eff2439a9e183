"""Signed per-recipient unsubscribe tokens: unforgeable, opaque, carried in the URL.

A token names the delivery, the contact and the campaign; ``newsdesk.web`` reads it
back with :func:`read_unsubscribe_token` when the one-click POST arrives. The secret
is ``NEWSDESK_SECRET_KEY`` (or the workspace's local key file, see core/signing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.core.errors import NewsdeskError

PURPOSE = "unsubscribe"


@dataclass(frozen=True)
class UnsubscribeToken:
    delivery_id: int
    contact_id: int | None
    campaign_id: int


class TokenMaker:
    """Makes and reads unsubscribe tokens with one secret (made once per campaign)."""

    def __init__(self, workspace_root: Path | None = None, secret: str | None = None) -> None:
        from newsdesk.core.signing import Signer, secret_key  # written by the audience stage

        self.signer = Signer(secret or secret_key(workspace_root), PURPOSE)

    def make(self, delivery_id: int, contact_id: int | None, campaign_id: int) -> str:
        return self.signer.sign([delivery_id, contact_id, campaign_id])

    def read(self, token: str) -> UnsubscribeToken:
        payload = self.signer.unsign(token)
        if not (isinstance(payload, list) and len(payload) == 3):
            raise NewsdeskError("this unsubscribe link is not valid")
        delivery_id, contact_id, campaign_id = payload
        return UnsubscribeToken(int(delivery_id), contact_id, int(campaign_id))


def make_unsubscribe_token(
    delivery_id: int, contact_id: int | None, campaign_id: int, workspace_root: Path | None = None
) -> str:
    return TokenMaker(workspace_root).make(delivery_id, contact_id, campaign_id)


def read_unsubscribe_token(token: str, workspace_root: Path | None = None) -> UnsubscribeToken:
    return TokenMaker(workspace_root).read(token)
