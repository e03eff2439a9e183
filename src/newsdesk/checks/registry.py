"""The checks, by name. A new check is one module with ``check(context)`` plus one line here."""

from __future__ import annotations

from newsdesk.checks import (
    contact,
    contrast,
    dateline,
    embargo,
    footer,
    html_lang,
    images,
    links,
    preheader,
    reachable,
    resources,
    size,
    subject,
    translation,
)
from newsdesk.checks.context import Check, CheckContext
from newsdesk.checks.findings import CheckReport

CHECKS: dict[str, Check] = {
    "embargo": embargo.check,
    "translation": translation.check,
    "subject": subject.check,
    "preheader": preheader.check,
    "size": size.check,
    "footer": footer.check,
    "third-party": resources.check,
    "links": links.check,
    "reachable": reachable.check,
    "images": images.check,
    "html-lang": html_lang.check,
    "contrast": contrast.check,
    "dateline": dateline.check,
    "contact": contact.check,
}


def evaluate(context: CheckContext) -> CheckReport:
    """Run every registered check on ``context``."""
    report = CheckReport()
    for check in CHECKS.values():
        report.extend(check(context))
    return report
