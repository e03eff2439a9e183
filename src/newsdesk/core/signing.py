"""Signed, time-limited tokens for links in emails (confirmation, unsubscribe).

The secret comes from ``NEWSDESK_SECRET_KEY``; without it, a random key is kept in
the workspace's ``.newsdesk-secret`` (mode 0600) so local use works out of the box.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from newsdesk.core.errors import NewsdeskError

SECRET_ENV = "NEWSDESK_SECRET_KEY"
KEY_FILE = ".newsdesk-secret"


def secret_key(root: Path | None = None) -> str:
    """The signing secret: the environment's, else the workspace key file's (created once)."""
    configured = os.environ.get(SECRET_ENV, "").strip()
    if configured:
        return configured
    if root is None:
        raise NewsdeskError(f"no signing key: set {SECRET_ENV}")
    path = root / KEY_FILE
    if not path.exists():
        _create_key_file(path)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise NewsdeskError(f"the key file is empty; delete it or set {SECRET_ENV}", place=path)
    return key


def _create_key_file(path: Path) -> None:
    """Write a new key beside ``path`` and link it into place: a process that races us
    either wins or reads the winner's complete file, never an empty one."""
    handle, temporary = tempfile.mkstemp(prefix=f"{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(secrets.token_urlsafe(48) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


class Signer:
    """Signs JSON-able payloads for one purpose (``salt``), e.g. ``"confirm"``."""

    def __init__(self, secret: str, purpose: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=f"newsdesk.{purpose}")
        self.purpose = purpose

    def sign(self, payload: Any) -> str:
        return self._serializer.dumps(payload)

    def unsign(self, token: str, max_age: int | None = None) -> Any:
        """The payload; NewsdeskError when the token is forged, damaged or too old."""
        try:
            return self._serializer.loads(token, max_age=max_age)
        except SignatureExpired:
            raise NewsdeskError(f"this {self.purpose} link has expired") from None
        except BadSignature:
            raise NewsdeskError(f"this {self.purpose} link is not valid") from None
