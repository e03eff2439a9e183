"""The ``/hooks/<provider>`` endpoint: size limit, authenticity, parse, record.

401/403: not authentic, nothing stored. 400: malformed body. 413: too large.
503: the webhook secret is not configured. 500: our failure — the provider retries.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from newsdesk.audience import ContactStore
from newsdesk.core.db import connect
from newsdesk.web.hooks.events import BadPayload, HookNotConfigured, HookRefused
from newsdesk.web.hooks.record import record_events, token_seen

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024

blueprint = Blueprint("hooks", __name__)


def _answer(status: int, **body: Any) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response


@blueprint.post("/hooks/<provider>")
def receive(provider: str) -> Response:
    from newsdesk.web.hooks import HOOKS

    module = HOOKS.get(provider)
    if module is None:
        return _answer(404, error=f"no webhook for provider {provider!r}")
    length = request.content_length
    if length is not None and length > MAX_BODY:
        return _answer(413, error="body too large")
    body = request.stream.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return _answer(413, error="body too large")
    env = dict(os.environ)
    try:
        replay_token = module.verify(request, body, env)
        workspace = current_app.config["NEWSDESK_WORKSPACE"]
        engine = connect(workspace.database_url)
        if replay_token is not None and token_seen(engine, provider, replay_token):
            raise HookRefused("this signature token was used before (replay)", 403)
        events = module.parse(body, request)
    except HookRefused as refused:
        log.warning("%s webhook refused: %s", provider, refused.message)
        return _answer(refused.status, error=refused.message)
    except HookNotConfigured as missing:
        log.error("%s webhook: %s", provider, missing)
        return _answer(503, error=str(missing))
    except BadPayload as bad:
        return _answer(400, error=str(bad))
    try:
        report = record_events(
            engine, ContactStore(engine, secret_root=workspace.root), provider, events, replay_token
        )
    except Exception:
        log.exception("%s webhook: recording the events failed", provider)
        return _answer(500, error="could not record the events; please retry")
    return _answer(200, **report.__dict__)
