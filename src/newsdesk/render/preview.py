"""Values for a preview or test copy of an email: the sample recipient's salutation and
links that show where the real, per-recipient ones will go."""

from __future__ import annotations

from newsdesk.core.recipient import Recipient
from newsdesk.core.workspace import Workspace
from newsdesk.render.rendered import RenderedEmail
from newsdesk.render.salutation import neutral_salutation, salutation


def web_version_url(workspace: Workspace, slug: str, lang: str) -> str:
    """The public web version of a release in the archive of ``newsdesk serve``."""
    return f"{workspace.config.base_url}/archive/{lang}/{slug}/"


def preview_values(
    workspace: Workspace, email: RenderedEmail, recipient: Recipient | None = None
) -> dict[str, str]:
    """Placeholder values for a copy that is not sent to a list: the recipient's salutation
    (or the neutral greeting) and sample unsubscribe/preferences links without a token."""
    base = workspace.config.base_url
    return {
        "salutation": salutation(recipient, email.lang)
        if recipient
        else neutral_salutation(email.lang),
        "web_url": web_version_url(workspace, email.slug, email.lang),
        "unsubscribe_url": f"{base}/unsubscribe/preview",
        "preferences_url": f"{base}/preferences/preview",
    }
