"""German dates in a web page's text: "28. November 2026", "Freitag, 28.11.2026".

The patterns are ingest's (:mod:`newsdesk.ingest.dates`), so a pulled page and a
release file read dates alike; this module only finds the first real one in a
longer text.
"""

from __future__ import annotations

import re
from datetime import date

from newsdesk.ingest.dates import DATE_RE, DateError, parse_date


def find_german_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first valid German date in ``text`` and where it stands."""
    for match in DATE_RE.finditer(text):
        try:
            return parse_date(match.group(0)), match
        except DateError:
            continue
    return None


def parse_german_date(text: str) -> date | None:
    """``"28. November 2026"`` → ``date(2026, 11, 28)``; None when ``text`` holds no date."""
    found = find_german_date(text)
    return found[0] if found else None
