"""Which column of a staff spreadsheet holds which contact field, and what its values mean."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.core.errors import NewsdeskError

FIELDS = (
    "email",
    "first_name",
    "last_name",
    "gender",
    "title",
    "organisation",
    "role",
    "language",
)

_ALIASES = {
    "email": "email emailadresse mail mailadresse emailaddress emailadress",
    "first_name": "vorname firstname givenname forename",
    "last_name": "nachname name lastname surname familienname familyname",
    "gender": "anrede salutation geschlecht gender",
    "title": "titel title akademischertitel academictitle",
    "organisation": (
        "organisation organization firma unternehmen company institution behorde "
        "einrichtung arbeitgeber"
    ),
    "role": "funktion position role rolle jobtitle berufsbezeichnung",
    "language": "sprache language lang korrespondenzsprache",
}
_BY_ALIAS = {alias: field for field, words in _ALIASES.items() for alias in words.split()}

_GENDERS = {
    "f": "frau ms mrs miss madam female weiblich w f",
    "m": "herr mr sir male mannlich m",
    "d": "divers diverse mx d",
}
_BY_GENDER = {word: code for code, words in _GENDERS.items() for word in words.split()}

_LANGUAGES = {
    "de": "de deutsch german ger deu dede deat dech",
    "en": "en englisch english eng engb enus",
}
_BY_LANGUAGE = {word: code for code, words in _LANGUAGES.items() for word in words.split()}

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def fold(text: str) -> str:
    """A header or value reduced to lower-case letters and digits: ``E-Mail`` → ``email``."""
    return re.sub(r"[^a-z0-9]", "", text.strip().lower().translate(_FOLD))


def parse_map(option: str | None) -> dict[str, str]:
    """``--map "Mail=email,Vorname 2=first_name"`` as header → field."""
    result: dict[str, str] = {}
    if not option:
        return result
    for part in option.split(","):
        header, sep, field = part.partition("=")
        field = field.strip().lower().replace("-", "_")
        if not sep or not header.strip() or field not in FIELDS:
            raise NewsdeskError(
                f"--map: {part.strip()!r} should be HEADER=FIELD with FIELD one of "
                + ", ".join(FIELDS)
            )
        result[header.strip()] = field
    return result


@dataclass(frozen=True)
class ColumnMap:
    """Column index of each field found, and the headers nobody maps."""

    index: dict[str, int]
    ignored: tuple[str, ...]


def map_columns(headers: Sequence[str], overrides: dict[str, str]) -> ColumnMap:
    """Map header cells to fields; the first column naming a field wins."""
    index: dict[str, int] = {}
    ignored: list[str] = []
    mapped = {fold(header): field for header, field in overrides.items()}
    for position, header in enumerate(headers):
        key = fold(header)
        field = mapped.get(key) or _BY_ALIAS.get(key)
        if field is None or field in index:
            if header.strip():
                ignored.append(header.strip())
            continue
        index[field] = position
    return ColumnMap(index=index, ignored=tuple(ignored))


def has_email_column(headers: Sequence[str], overrides: dict[str, str]) -> bool:
    return "email" in map_columns(headers, overrides).index


def missing_columns(headers: Sequence[str], overrides: dict[str, str]) -> list[str]:
    """The headers ``--map`` names that are not among ``headers``."""
    present = {fold(header) for header in headers}
    return [header for header in overrides if fold(header) not in present]


@lru_cache(maxsize=256)
def parse_salutation(value: str) -> tuple[str, str]:
    """``(gender, title)`` from an Anrede cell: ``Frau`` → f, ``Herr Dr.`` → m + ``Dr.``;
    ValueError for words that are not a salutation."""
    words = value.split()
    if not words:
        return "", ""
    gender = _BY_GENDER.get(fold(words[0]))
    if gender is None:
        raise ValueError(
            f"salutation {value.strip()!r} not understood (use Frau, Herr, Divers, Ms, Mr "
            "or leave it empty)"
        )
    return gender, " ".join(words[1:])


@lru_cache(maxsize=256)
def parse_language(value: str, allowed: tuple[str, ...]) -> str:
    """A language code of the workspace from ``Deutsch``, ``en``, ``English``…; ValueError."""
    key = fold(value)
    code = _BY_LANGUAGE.get(key, key)
    if code not in allowed:
        raise ValueError(
            f"language {value.strip()!r} is not one of the workspace's languages "
            f"({', '.join(allowed)})"
        )
    return code
