"""The subject line: present, and short enough to be read in an inbox."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.checks.context import CheckContext, where
from newsdesk.checks.findings import Finding, error, warning

MAX_CHARS = 78


def check(context: CheckContext) -> Iterator[Finding]:
    for rendition in context.renditions:
        subject = " ".join(rendition.subject.split())
        place = where(rendition.lang, "subject")
        if not subject:
            yield error("subject", "the subject is empty; give the release a title", place)
        elif len(subject) > MAX_CHARS:
            yield warning(
                "subject",
                f"the subject has {len(subject)} characters; inboxes cut it after about "
                f"{MAX_CHARS} (phones after 40) — shorten the title",
                place,
            )
