"""Public pages for recipients: unsubscribe (with RFC 8058 one-click), preferences and the
double-opt-in confirmation. No cookies, no CSRF tokens: the signed token in the URL is
the only credential, a GET never changes anything, and a bad token is a 400."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, current_app, g, make_response, render_template, request

from newsdesk.audience import ContactStore, confirm_invitation
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.deliver.tokens import UnsubscribeToken, read_unsubscribe_token
from newsdesk.web.i18n import set_language
from newsdesk.web.subscriptions import Addressee, addressee, memberships_of

log = logging.getLogger(__name__)

blueprint = Blueprint("public", __name__)


def _workspace() -> Workspace:
    return current_app.config["NEWSDESK_WORKSPACE"]


def _store() -> ContactStore:
    return ContactStore.for_workspace(_workspace())


def _page(template: str, status: int = 200, **context: Any) -> Response:
    workspace = _workspace()
    context.setdefault("lang", g.get("lang", workspace.config.languages[0]))
    response = make_response(render_template(template, config=workspace.config, **context), status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _language(lang: str | None) -> str:
    languages = _workspace().config.languages
    chosen = lang if lang in languages else languages[0]
    set_language(chosen)
    return chosen


def _invalid() -> Response:
    _language(request.accept_languages.best_match(_workspace().config.languages))
    return _page("public/invalid.html", 400)


def _read(token: str) -> tuple[UnsubscribeToken, Addressee | None] | None:
    try:
        payload = read_unsubscribe_token(token, _workspace().root)
    except NewsdeskError:
        return None
    store = _store()
    return payload, addressee(
        store.engine, payload.delivery_id, payload.contact_id, payload.campaign_id
    )


@blueprint.route("/u/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Response:
    found = _read(token)
    if found is None:
        return _invalid()
    payload, person = found
    lang = _language(person.lang if person else None)
    if request.method == "GET":
        return _page("public/unsubscribe.html", token=token, lang=lang, email=_masked(person))
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    store = _store()
    source = "one-click unsubscribe" if one_click else "unsubscribe page"
    if person is None:
        if payload.contact_id is not None and store.contact(payload.contact_id) is not None:
            store.unsubscribe(payload.contact_id, source=source)  # the ledger row is gone
    elif person.contact_id is not None:
        store.unsubscribe(person.contact_id, source=source)
    elif person.email:  # empty once the person was forgotten: no one is left to unsubscribe
        store.suppress(person.email, "unsubscribed", source)
    log.info(
        "unsubscribe via %s (delivery %s)",
        "one-click" if one_click else "page",
        payload.delivery_id,
    )
    return _page("public/unsubscribed.html", lang=lang)


def _masked(person: Addressee | None) -> str:
    if person is None or not person.email:
        return ""
    local, _, domain = person.email.partition("@")
    return f"{local[:2]}…@{domain}"


@blueprint.route("/p/<token>", methods=["GET", "POST"])
def preferences(token: str) -> Response:
    found = _read(token)
    if found is None:
        return _invalid()
    _payload, person = found
    lang = _language(person.lang if person else None)
    if person is None or person.contact_id is None:
        return _page("public/unsubscribed.html", lang=lang)
    store = _store()
    saved = False
    if request.method == "POST":
        wanted = request.form.get("language", "")
        if wanted in _workspace().config.languages:
            store.set_language(person.contact_id, wanted, by_reader=True)
            lang = _language(wanted)
        keep = set(request.form.getlist("list"))
        for membership in memberships_of(store.engine, person.contact_id):
            if membership.status == "subscribed" and membership.name not in keep:
                store.unsubscribe(person.contact_id, membership.name, source="preferences page")
        saved = True
    contact = store.contact(person.contact_id)
    return _page(
        "public/preferences.html",
        token=token,
        lang=lang,
        current=contact.lang if contact else lang,
        languages=_workspace().config.languages,
        memberships=[
            m for m in memberships_of(store.engine, person.contact_id) if m.status != "pending"
        ],
        saved=saved,
    )


@blueprint.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> Response:
    store = _store()
    from newsdesk.audience.consent import _signer  # the audience stage's confirm signer

    try:
        payload = _signer(store).unsign(token)
        contact_id = int(payload["c"])
    except (NewsdeskError, KeyError, TypeError, ValueError):
        return _invalid()
    contact = store.contact(contact_id)
    lang = _language(contact.lang if contact else None)
    if request.method == "GET":
        return _page("public/confirm.html", token=token, lang=lang)
    try:
        result = confirm_invitation(store, token, request.remote_addr or "")
    except NewsdeskError:
        return _invalid()
    return _page("public/confirmed.html", lang=lang, list_name=result.list_name)
