"""German dates as press pages write them: "28. November 2026", "3. März 2026", "28.11.2026"."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "mrz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
WORDED = re.compile(rf"\b(\d{{1,2}})\.\s*({_NAMES})\.?\s+(\d{{4}})\b", re.IGNORECASE)
NUMERIC = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")


def find_german_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first valid German date in ``text`` and where it stands."""
    found: list[tuple[int, date, re.Match[str]]] = []
    for pattern in (WORDED, NUMERIC):
        for match in pattern.finditer(text):
            day, month, year = match.groups()
            month_number = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                found.append((match.start(), date(int(year), month_number, int(day)), match))
            except ValueError:
                continue
            break
    if not found:
        return None
    _start, value, match = min(found, key=lambda entry: entry[0])
    return value, match


def parse_german_date(text: str) -> date | None:
    """``"28. November 2026"`` → ``date(2026, 11, 28)``; None when ``text`` holds no date."""
    found = find_german_date(text)
    return found[0] if found else None
