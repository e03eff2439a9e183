"""``create_app``: one Flask app for a workspace — staff preview, public pages, webhooks,
archive. Staff pages need a login when an admin token is set (any non-loopback bind)."""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, Response

from newsdesk.core import inline
from newsdesk.core.signing import secret_key
from newsdesk.core.workspace import Workspace
from newsdesk.web import archive, preview, public, staff
from newsdesk.web.hooks import MAX_BODY
from newsdesk.web.hooks import blueprint as hooks_blueprint
from newsdesk.web.i18n import install_i18n
from newsdesk.web.throttle import LoginThrottle


def create_app(workspace: Workspace, *, admin_token: str | None = None) -> Flask:
    app = Flask(__name__)
    session_key = hmac.new(
        secret_key(workspace.root).encode(), b"newsdesk.web.session", hashlib.sha256
    ).hexdigest()
    app.config.update(
        SECRET_KEY=session_key,
        NEWSDESK_WORKSPACE=workspace,
        NEWSDESK_ADMIN_TOKEN=admin_token or None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="newsdesk_staff",
        MAX_FORM_MEMORY_SIZE=MAX_BODY,
        MAX_CONTENT_LENGTH=8 * MAX_BODY,
    )
    app.extensions["newsdesk_login_throttle"] = LoginThrottle()
    app.jinja_env.autoescape = True
    app.jinja_env.filters["plain"] = inline.to_plain
    install_i18n(app)
    app.register_blueprint(staff.blueprint)
    app.register_blueprint(preview.blueprint)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(hooks_blueprint)
    app.register_blueprint(archive.blueprint)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    return app
