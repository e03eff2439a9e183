"""Shared authenticity checks for providers that sign nothing (Postmark, Brevo, Mailjet):
HTTP basic auth, a bearer token, or a ``?token=`` in the webhook URL, from the environment."""

from __future__ import annotations

import base64
import hmac
from collections.abc import Mapping

from flask import Request

from newsdesk.web.hooks.events import HookNotConfigured, HookRefused


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def basic_or_token(request: Request, env: Mapping[str, str], prefix: str) -> None:
    """Accept ``{prefix}_WEBHOOK_USER``/``_PASSWORD`` as basic auth, or ``{prefix}_WEBHOOK_TOKEN``
    as ``?token=`` or ``Authorization: Bearer``. Without either configured: not configured."""
    user = env.get(f"{prefix}_WEBHOOK_USER", "")
    password = env.get(f"{prefix}_WEBHOOK_PASSWORD", "")
    token = env.get(f"{prefix}_WEBHOOK_TOKEN", "")
    if not (user and password) and not token:
        raise HookNotConfigured(
            f"set {prefix}_WEBHOOK_USER and {prefix}_WEBHOOK_PASSWORD, "
            f"or {prefix}_WEBHOOK_TOKEN, to accept these webhooks"
        )
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if user and password and scheme.lower() == "basic":
        try:
            given_user, _, given_password = base64.b64decode(value).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            raise HookRefused("malformed basic auth", 401) from None
        if _same(given_user, user) & _same(given_password, password):
            return
        raise HookRefused("wrong webhook credentials", 403)
    if token:
        given = request.args.get("token", "")
        if not given and scheme.lower() == "bearer":
            given = value.strip()
        if given:
            if _same(given, token):
                return
            raise HookRefused("wrong webhook token", 403)
    raise HookRefused("this webhook needs credentials", 401)
