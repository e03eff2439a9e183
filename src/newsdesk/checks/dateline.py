"""The date in the dateline ("Mannheim, 28. November 2026 –") is the release's date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from newsdesk.checks.context import CheckContext
from newsdesk.checks.findings import Finding, error

MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "maerz": 3, "march": 3, "mär": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}  # fmt: skip
NAMED = re.compile(r"(\d{1,2})\.?\s+([A-Za-zÄÖÜäöü]+)\.?\s+(\d{4})")
NAMED_EN = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
NUMERIC = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def dateline_date(dateline: str) -> date | None:
    """The date written in a dateline, or None when it names none."""
    candidates: list[tuple[int, int, int]] = []
    for match in NAMED.finditer(dateline):
        month = MONTHS.get(match.group(2).lower())
        if month:
            candidates.append((int(match.group(3)), month, int(match.group(1))))
    for match in NAMED_EN.finditer(dateline):
        month = MONTHS.get(match.group(1).lower())
        if month:
            candidates.append((int(match.group(3)), month, int(match.group(2))))
    for match in NUMERIC.finditer(dateline):
        year = int(match.group(3))
        year = year + 2000 if year < 100 else year
        candidates.append((year, int(match.group(2)), int(match.group(1))))
    for match in ISO.finditer(dateline):
        candidates.append((int(match.group(1)), int(match.group(2)), int(match.group(3))))
    for year, month, day in candidates:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def check(context: CheckContext) -> Iterator[Finding]:
    release = context.release
    if not release.dateline:
        return
    written = dateline_date(release.dateline)
    if written is None or release.date is None or written == release.date:
        return
    yield error(
        "dateline-date",
        f"the dateline says {written:%d.%m.%Y} but the release is dated "
        f"{release.date:%d.%m.%Y}; correct one of them",
        f"dateline {release.dateline.strip()!r}",
    )
