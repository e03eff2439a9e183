"""A release rendered as the email in one language, for the archive and the preview."""

from __future__ import annotations

from newsdesk.core.recipient import Recipient
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.render import RenderedEmail, neutral_salutation, render_release, salutation
from newsdesk.translate import localize


def render(release: Release, workspace: Workspace, lang: str, *, fallback: bool) -> RenderedEmail:
    """Raises NewsdeskError (TranslationIncomplete without ``fallback``, template errors)."""
    return render_release(localize(release, workspace, lang, fallback=fallback), workspace)


def web_url(workspace: Workspace, lang: str, slug: str) -> str:
    return f"{workspace.config.base_url}/archive/{lang}/{slug}/"


def values(
    workspace: Workspace, email: RenderedEmail, recipient: Recipient | None = None
) -> dict[str, str]:
    """Placeholder values for a copy that goes to no list (web version, preview): the
    greeting, the web version, and unsubscribe/preferences pointing at the archive."""
    archive = f"{workspace.config.base_url}/archive/{email.lang}/"
    return {
        "salutation": salutation(recipient, email.lang)
        if recipient
        else neutral_salutation(email.lang),
        "web_url": web_url(workspace, email.lang, email.slug),
        "unsubscribe_url": archive,
        "preferences_url": archive,
    }
