"""The preheader: the grey line beside the subject in the inbox. It should add
something, not repeat the subject or the opening line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.checks.context import CheckContext, Rendition, where
from newsdesk.checks.findings import Finding, warning
from newsdesk.core.inline import to_plain

MIN_PREFIX = 20


def _normal(text: str) -> str:
    text = re.sub(r"[\s\u00a0]+", " ", text).strip().casefold()
    return text.rstrip(" .…:–-")


def _opening_lines(rendition: Rendition) -> list[str]:
    lines = [rendition.subject]
    release = rendition.release
    if release is not None:
        lines.append(release.title)
        lines.extend(to_plain(text) for text in release.paragraphs()[:1])
    return [line for line in (_normal(line) for line in lines) if line]


def check(context: CheckContext) -> Iterator[Finding]:
    for rendition in context.renditions:
        preheader = _normal(rendition.preheader)
        place = where(rendition.lang, "preheader")
        if not preheader:
            yield warning(
                "preheader",
                "there is no preheader; inboxes then show the first words of the email "
                "(often the 'view in browser' line) — write a teaser",
                place,
            )
            continue
        for line in _opening_lines(rendition):
            repeats = preheader == line or (
                len(preheader) >= MIN_PREFIX and line.startswith(preheader)
            )
            if repeats:
                yield warning(
                    "preheader-repeat",
                    "the preheader repeats the subject or the first line; write a teaser "
                    "that adds to them",
                    place,
                )
                break
