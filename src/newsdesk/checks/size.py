"""Gmail clips HTML over about 102 KB and hides the footer with it."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.checks.context import CheckContext, where
from newsdesk.checks.findings import Finding, error, warning

CLIP_BYTES = 102 * 1024
WARN_BYTES = 90 * 1024


def check(context: CheckContext) -> Iterator[Finding]:
    for rendition in context.renditions:
        size = len(rendition.html.encode("utf-8"))
        kilobytes = f"{size / 1024:.0f} KB"
        if size > CLIP_BYTES:
            yield error(
                "size",
                f"the HTML is {kilobytes}: Gmail cuts messages over 102 KB and hides the "
                "footer with the unsubscribe link and the imprint; shorten the text or "
                "move parts to the web version",
                where(rendition.lang, "HTML"),
            )
        elif size > WARN_BYTES:
            yield warning(
                "size",
                f"the HTML is {kilobytes}, close to Gmail's 102 KB limit beyond which the "
                "message is cut; keep additions short",
                where(rendition.lang, "HTML"),
            )
