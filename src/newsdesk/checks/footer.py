"""The footer every newsletter needs by law: an unsubscribe link and the imprint,
and a web address that the one-click ``List-Unsubscribe`` headers can point at."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from newsdesk.checks.context import SAMPLE_VALUES, CheckContext, where
from newsdesk.checks.findings import Finding, error, warning
from newsdesk.checks.hosts import is_local, is_placeholder

CONFIG_PLACE = "newsdesk.toml"


def check(context: CheckContext) -> Iterator[Finding]:
    unsubscribe = SAMPLE_VALUES["unsubscribe_url"]
    imprint = context.workspace.config.imprint_url
    if not imprint:
        yield error(
            "footer-imprint",
            "no imprint is configured; set organisation.imprint_url (§5 DDG requires "
            "every newsletter to name its sender)",
            f"{CONFIG_PLACE} [organisation] imprint_url",
        )
    for rendition in context.renditions:
        hrefs = {anchor.attrs.get("href", "") for anchor in rendition.page.anchors}
        if unsubscribe not in hrefs:
            yield error(
                "footer-unsubscribe",
                "the HTML has no unsubscribe link; the template's footer must link to "
                "the unsubscribe_url placeholder",
                where(rendition.lang, "HTML"),
            )
        if unsubscribe not in rendition.text:
            yield error(
                "footer-unsubscribe",
                "the text part has no unsubscribe address; the text template must show "
                "the unsubscribe_url placeholder",
                where(rendition.lang, "text"),
            )
        if imprint and imprint not in hrefs:
            yield error(
                "footer-imprint",
                f"the HTML does not link to the imprint ({imprint}); the template's "
                "footer must link to organisation.imprint_url",
                where(rendition.lang, "HTML"),
            )
        if imprint and imprint not in rendition.text:
            yield error(
                "footer-imprint",
                f"the text part does not show the imprint address ({imprint})",
                where(rendition.lang, "text"),
            )
    yield from _list_unsubscribe(context.workspace.config.base_url)


def _list_unsubscribe(base_url: str) -> Iterator[Finding]:
    place = f"{CONFIG_PLACE} [web] base_url"
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        yield error(
            "list-unsubscribe",
            f"web.base_url {base_url!r} is not a web address; the unsubscribe links and "
            "List-Unsubscribe headers point there — set it to https://your-newsletter-host",
            place,
        )
    elif is_local(host):
        yield warning(
            "list-unsubscribe",
            f"web.base_url {base_url} is this machine: fine for trying out, but recipients "
            "cannot reach its unsubscribe links; set the public https address before "
            "sending to real lists",
            place,
        )
    elif is_placeholder(host):
        yield error(
            "list-unsubscribe",
            f"web.base_url {base_url} is still the example address; set the public https "
            "address of `newsdesk serve`",
            place,
        )
    elif parts.scheme != "https":
        yield error(
            "list-unsubscribe",
            f"web.base_url {base_url} is not https; one-click unsubscribe (RFC 8058, "
            "required by Gmail and Yahoo) needs an https address",
            place,
        )
