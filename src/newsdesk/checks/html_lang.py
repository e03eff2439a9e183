"""``<html lang>``: screen readers pick their voice by it."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.checks.context import CheckContext, where
from newsdesk.checks.findings import Finding, error


def _primary(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def check(context: CheckContext) -> Iterator[Finding]:
    for rendition in context.renditions:
        declared = rendition.page.lang
        place = where(rendition.lang, "HTML <html>")
        if not declared:
            yield error(
                "html-lang",
                "the HTML does not say its language; the template needs "
                f'<html lang="{rendition.lang}"> so screen readers pronounce it right',
                place,
            )
        elif _primary(declared) != _primary(rendition.lang):
            yield error(
                "html-lang",
                f'the {rendition.lang} email says lang="{declared}"; screen readers would read '
                "it in the wrong language — the template must use the email's language",
                place,
            )
