"""Staff access: loopback only without an admin token; with one, a login (session cookie)
that refuses an address for a while after several wrong tokens. Every staff form
carries a CSRF token bound to the session."""

from __future__ import annotations

import hmac
import ipaddress
import math
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from newsdesk.web.throttle import LoginThrottle

blueprint = Blueprint("staff", __name__)

# any of these says a proxy forwarded the request (a proxy may set only one of them)
FORWARDED = (
    "Forwarded",
    "X-Forwarded-For",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Forwarded-Port",
    "X-Forwarded-Prefix",
    "X-Real-IP",
)


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    given = request.form.get("csrf", "") or request.headers.get("X-CSRF-Token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(400, "the form has expired (CSRF token missing or wrong); reload the page")


def is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def staff_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Staff pages: logged in when an admin token is set, else loopback clients only;
    POSTs need the CSRF token."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if current_app.config.get("NEWSDESK_ADMIN_TOKEN"):
            if not session.get("staff"):
                return redirect(url_for("staff.login", next=request.full_path))
        elif not is_loopback(request.remote_addr):
            abort(403, "staff pages answer only on 127.0.0.1 unless NEWSDESK_ADMIN_TOKEN is set")
        elif any(header in request.headers for header in FORWARDED):
            # a reverse proxy on this machine: the request may come from anywhere
            abort(
                403,
                "staff pages behind a reverse proxy need NEWSDESK_ADMIN_TOKEN "
                "and `newsdesk serve --behind-proxy`",
            )
        if request.method == "POST":
            check_csrf()
        return view(*args, **kwargs)

    return guarded


@blueprint.app_context_processor
def _csrf() -> dict[str, Any]:
    return {"csrf_token": csrf_token}


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    expected = current_app.config.get("NEWSDESK_ADMIN_TOKEN")
    if not expected:
        return redirect(url_for("preview.index"))
    error = ""
    if request.method == "POST":
        check_csrf()
        throttle: LoginThrottle = current_app.extensions["newsdesk_login_throttle"]
        address = request.remote_addr or ""
        wait = throttle.retry_after(address)
        if wait:
            minutes = math.ceil(wait / 60)
            error = f"Too many wrong tokens from this address; try again in {minutes} min."
            page = render_template("staff/login.html", error=error)
            return page, 429, {"Retry-After": str(wait)}
        given = request.form.get("token", "")
        if hmac.compare_digest(given.encode(), expected.encode()):
            throttle.succeeded(address)
            session.clear()
            session["staff"] = True
            csrf_token()
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("preview.index")
            return redirect(target)
        throttle.failed(address)
        error = "Wrong token."
    return render_template("staff/login.html", error=error), 401 if error else 200


@blueprint.post("/logout")
@staff_only
def logout() -> Any:
    session.clear()
    return redirect(url_for("staff.login"))
