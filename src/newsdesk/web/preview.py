"""The staff preview: releases with translation status and checks; one release in every
language side by side, personalised for a sample or real recipient, reloaded live."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.recipient import Recipient
from newsdesk.core.workspace import Workspace
from newsdesk.render import RenderedEmail
from newsdesk.web import emails, releases
from newsdesk.web.samples import LABELS, SAMPLES
from newsdesk.web.staff import staff_only
from newsdesk.web.watch import Watcher

log = logging.getLogger(__name__)

blueprint = Blueprint("preview", __name__)

#: Gmail clips a message whose HTML is larger than about 102 KB.
GMAIL_CLIP = 102 * 1024
WIDTHS = {"desktop": 600, "wide": 1024, "phone": 375}


def _workspace() -> Workspace:
    return current_app.config["NEWSDESK_WORKSPACE"]


def watcher() -> Watcher:
    extensions = current_app.extensions
    if "newsdesk_watcher" not in extensions:
        extensions["newsdesk_watcher"] = Watcher(_workspace())
    return extensions["newsdesk_watcher"]


@dataclass
class Shown:
    """One language of the release as shown: the email, or the error that stopped it."""

    lang: str
    email: RenderedEmail | None
    error: str = ""


def _entry(slug: str) -> releases.Entry:
    entry = releases.find(_workspace(), slug)
    if entry is None:
        abort(404, f"no release {slug!r} in {_workspace().releases_dir}")
    return entry


def _lang(lang: str) -> str:
    if lang not in _workspace().config.languages:
        abort(404, f"language {lang!r} is not one of the workspace's")
    return lang


def shown(entry: releases.Entry, lang: str) -> Shown:
    if entry.release is None:
        return Shown(lang, None, entry.error)
    try:
        return Shown(lang, emails.render(entry.release, _workspace(), lang, fallback=True))
    except NewsdeskError as error:
        return Shown(lang, None, str(error))


def recipient() -> Recipient | None:
    """The recipient chosen in the picker: ``?recipient=weber`` or ``?contact=address``
    (the send-test form posts the same two fields)."""
    address = request.values.get("contact", "").strip()
    if address:
        from newsdesk.audience import ContactStore

        found = ContactStore.for_workspace(_workspace()).find(address)
        if found is None:
            abort(404, f"no contact {address} in the workspace's contacts")
        return found
    return SAMPLES.get(request.values.get("recipient", ""))


def _filled(view: Shown) -> tuple[str, str]:
    assert view.email is not None
    return view.email.fill(emails.values(_workspace(), view.email, recipient()))


@blueprint.get("/")
@staff_only
def index() -> Any:
    from newsdesk.checks import run_checks
    from newsdesk.translate import translation_status

    workspace = _workspace()
    rows = []
    for entry in releases.entries(workspace):
        row: dict[str, Any] = {"entry": entry, "status": [], "errors": 0, "warnings": 0}
        if entry.release is not None:
            try:
                row["status"] = translation_status(workspace, entry.release)
                findings = run_checks(entry.release, workspace).to_list()
                row["errors"] = sum(f["level"] == "error" for f in findings)
                row["warnings"] = sum(f["level"] == "warning" for f in findings)
            except NewsdeskError as error:
                row["problem"] = str(error)
        rows.append(row)
    return render_template("staff/index.html", rows=rows, workspace=workspace)


@blueprint.get("/preview/<slug>/")
@staff_only
def release(slug: str) -> Any:
    entry = _entry(slug)
    workspace = _workspace()
    return render_template(
        "staff/release.html",
        entry=entry,
        slug=slug,
        languages=workspace.config.languages,
        views={lang: shown(entry, lang) for lang in workspace.config.languages},
        samples=LABELS,
        widths=WIDTHS,
        provider=workspace.config.provider,
        chosen=request.args.get("recipient", "weber"),
        contact=request.args.get("contact", ""),
    )


def _error_page(view: Shown) -> Response:
    body = render_template("staff/error.html", error=view.error, lang=view.lang)
    return Response(body, status=200, mimetype="text/html")


@blueprint.get("/preview/<slug>/<lang>/<kind>")
@staff_only
def frame(slug: str, lang: str, kind: str) -> Response:
    view = shown(_entry(slug), _lang(lang))
    if view.email is None:
        return _error_page(view)
    if kind == "html":
        html, _text = _filled(view)
        # images of a release not yet published are not in the archive: show them from here
        published_media = f"{_workspace().config.base_url}/media/{slug}/"
        html = html.replace(published_media, url_for("preview.media", slug=slug, path=""))
        return Response(html, mimetype="text/html")
    if kind == "text":
        return Response(_filled(view)[1], mimetype="text/plain")
    if kind == "source":
        return Response(view.email.mjml, mimetype="text/plain")
    abort(404)


@blueprint.get("/preview/<slug>/media/<path:path>")
@staff_only
def media(slug: str, path: str) -> Response:
    entry = _entry(slug)
    folder = entry.path.parent.resolve()
    target = (folder / path).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        abort(404)
    return send_file(target, max_age=0)


@blueprint.get("/preview/<slug>/<lang>/info")
@staff_only
def info(slug: str, lang: str) -> Response:
    from newsdesk.checks import run_checks

    entry = _entry(slug)
    view = shown(entry, _lang(lang))
    data: dict[str, Any] = {"lang": lang, "error": view.error}
    if view.email is not None:
        html, _text = _filled(view)
        size = len(html.encode("utf-8"))
        data.update(
            subject=view.email.subject,
            preheader=view.email.preheader,
            size=size,
            limit=GMAIL_CLIP,
            clipped=size > GMAIL_CLIP,
        )
    findings: list[dict[str, str]] = []
    if entry.release is not None:
        try:
            findings = run_checks(entry.release, _workspace(), languages=lang).to_list()
        except NewsdeskError as error:
            findings = [{"level": "error", "code": "check", "message": str(error), "place": ""}]
    data["findings"] = findings
    return jsonify(data)


@blueprint.get("/preview/events")
@staff_only
def events() -> Response:
    response = Response(stream_with_context(watcher().events()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"
    return response


@blueprint.post("/preview/<slug>/send-test")
@staff_only
def send_test(slug: str) -> Any:
    """Send the version shown: the chosen language (or all, side by side as shown),
    greeting the recipient picked in the preview, subject marked [TEST]."""
    from newsdesk.deliver import make_provider
    from newsdesk.deliver.trials import send_test as send_trial

    entry = _entry(slug)
    workspace = _workspace()
    address = request.form.get("address", "").strip()
    lang = request.form.get("lang", "")
    languages = [_lang(lang)] if lang else list(workspace.config.languages)
    target = url_for("preview.release", slug=slug, **_picked())
    if "@" not in address:
        flash("Enter the address the test should go to.", "error")
        return redirect(target)
    if entry.release is None:
        flash(f"Test not sent: {entry.error}", "error")
        return redirect(target)
    try:
        sender = make_provider(workspace.config.provider, workspace)
        try:
            report = send_trial(
                workspace,
                entry.release,
                address,
                sender,
                True,
                languages=languages,
                recipient=recipient(),
            )
        finally:
            sender.close()
    except NewsdeskError as error:
        flash(f"Test not sent: {error}", "error")
        return redirect(target)
    if report.total("sent") and not report.message:
        flash(f"Test sent to {address} through {report.provider} ({', '.join(languages)}).", "ok")
    else:
        flash(f"Test not sent: {report.message or report.counts}", "error")
    return redirect(target)


def _picked() -> dict[str, str]:
    """The picker's choice, so the page after a test send shows the same recipient."""
    contact = request.form.get("contact", "").strip()
    if contact:
        return {"contact": contact}
    return {"recipient": request.form.get("recipient", "weber")}
