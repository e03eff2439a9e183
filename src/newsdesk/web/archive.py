"""The public archive: published releases per language, each as its web version (the
email's "view in browser" link), an Atom feed, and the releases' images under /media."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    send_file,
)

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.render.compose import media_path
from newsdesk.web import emails, releases
from newsdesk.web.i18n import set_language

blueprint = Blueprint("archive", __name__)


def _workspace() -> Workspace:
    return current_app.config["NEWSDESK_WORKSPACE"]


def _language(lang: str) -> str:
    if lang not in _workspace().config.languages:
        abort(404)
    set_language(lang)
    return lang


def _localized(release: Release, lang: str) -> Release | None:
    """The release in ``lang``, or None while its translation is incomplete."""
    from newsdesk.translate import localize

    try:
        return localize(release, _workspace(), lang)
    except NewsdeskError:
        return None


def listing(lang: str) -> list[Release]:
    """Published releases readable in ``lang`` (localized), newest first."""
    found = []
    for release in releases.published(_workspace()):
        localized = _localized(release, lang)
        if localized is not None:
            found.append(localized)
    return found


def _updated(items: list[Release]) -> str:
    moments = [
        r.embargo or datetime(r.date.year, r.date.month, r.date.day, tzinfo=UTC)
        for r in items
        if r.embargo or r.date
    ]
    return (max(moments) if moments else datetime(2000, 1, 1, tzinfo=UTC)).isoformat()


@blueprint.get("/archive/")
def root() -> Response:
    return redirect(f"/archive/{_workspace().config.languages[0]}/")


@blueprint.get("/archive/<lang>/")
def index(lang: str) -> Response:
    lang = _language(lang)
    return make_response(
        render_template(
            "archive/index.html",
            lang=lang,
            config=_workspace().config,
            releases=listing(lang),
            languages=_workspace().config.languages,
        )
    )


@blueprint.get("/archive/<lang>/feed.atom")
def feed(lang: str) -> Response:
    lang = _language(lang)
    items = listing(lang)
    workspace = _workspace()
    body = render_template(
        "archive/feed.atom",
        lang=lang,
        config=workspace.config,
        releases=items,
        updated=_updated(items),
        web_url=lambda slug: emails.web_url(workspace, lang, slug),
        entry_time=lambda r: _updated([r]),
    )
    return Response(body, mimetype="application/atom+xml")


@blueprint.get("/archive/<first>/<second>/")
def web_version(first: str, second: str) -> Response:
    workspace = _workspace()
    if first not in workspace.config.languages and second in workspace.config.languages:
        return redirect(f"/archive/{second}/{first}/", 301)
    lang = _language(first)
    entry = releases.find(workspace, second)
    if entry is None or entry.release is None or not entry.published:
        abort(404)
    try:
        email = emails.render(entry.release, workspace, lang, fallback=False)
    except NewsdeskError:
        abort(404)
    html, _text = email.fill(emails.values(workspace, email))
    response = make_response(html)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response


@blueprint.get("/archive/<first>/<second>")
def web_version_without_slash(first: str, second: str) -> Response:
    """Links without the final slash, and the older ``/archive/<slug>/<lang>`` form."""
    workspace = _workspace()
    if first not in workspace.config.languages and second in workspace.config.languages:
        return redirect(f"/archive/{second}/{first}/", 301)
    return redirect(f"/archive/{first}/{second}/", 301)


def media_file(workspace: Workspace, slug: str, path: str) -> Path | None:
    """The image ``path`` of the published release ``slug`` (relative to its file): only
    an image the release shows, never another file beside it (another release's text
    still under embargo) nor one outside its folder."""
    entry = releases.find(workspace, slug)
    if entry is None or entry.release is None or not entry.published:
        return None
    shown = {
        media_path(block.src)
        for block in entry.release.blocks
        if block.type == "image" and block.src and not urlsplit(block.src).scheme
    }
    if media_path(path) not in shown:
        return None
    folder = entry.path.parent.resolve()
    target = (folder / path).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        return None
    return target


@blueprint.get("/media/<slug>/<path:path>")
def media(slug: str, path: str) -> Response:
    target = media_file(_workspace(), slug, path)
    if target is None:
        abort(404)
    return send_file(target, max_age=3600)
