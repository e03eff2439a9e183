"""Formal salutations in German and English from a contact's gender, title and name.

German: "Sehr geehrte Frau Dr. Weber," / "Sehr geehrter Herr Prof. Dr. Yilmaz,";
"Guten Tag Alex Schmidt," when no gender is known or it is diverse;
"Sehr geehrte Damen und Herren," without a last name.
English (British usage, no full stop after Dr): "Dear Dr Weber," / "Dear Ms Weber," /
"Dear Mr Yilmaz," / "Dear Professor Yilmaz," / "Dear Alex Schmidt," / "Dear Sir or Madam,".
"""

from __future__ import annotations

import re

from newsdesk.core.recipient import Recipient

NEUTRAL = {"de": "Sehr geehrte Damen und Herren,", "en": "Dear Sir or Madam,"}


def neutral_salutation(lang: str) -> str:
    """The greeting for a reader nothing is known about."""
    return NEUTRAL.get(lang, NEUTRAL["en"])


def _clean(value: str) -> str:
    if " " not in value and value.isprintable():  # no whitespace: one word, as most names
        return value
    return " ".join(value.split())


def _english_title(title: str) -> str:
    """The most senior academic title, as British English writes it ("Prof. Dr." → "Professor")."""
    if not title:
        return ""
    words = title.replace(".", ". ").split()
    lowered = [word.lower().rstrip(".") for word in words]
    if "prof" in lowered or "professor" in lowered or "professorin" in lowered:
        return "Professor"
    if "dr" in lowered:
        return "Dr"
    return ""


def _german(gender: str, title: str, first: str, last: str) -> str:
    if gender == "f":
        return f"Sehr geehrte Frau {title} {last}," if title else f"Sehr geehrte Frau {last},"
    if gender == "m":
        return f"Sehr geehrter Herr {title} {last}," if title else f"Sehr geehrter Herr {last},"
    return f"Guten Tag {_join(title, first, last)},"


def _english(gender: str, title: str, first: str, last: str) -> str:
    honorific = _english_title(title)
    if honorific:
        return f"Dear {honorific} {last},"
    if gender == "f":
        return f"Dear Ms {last},"
    if gender == "m":
        return f"Dear Mr {last},"
    return f"Dear {_join(first, last)},"


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


# "Prof.Dr." → "Prof. Dr.": a space after a title's full stop that runs into the next
# word; "Dipl.-Ing." and "Dr.-Ing." are written with the hyphen, and stay so.
_TITLE_SPACING = re.compile(r"\.(?=[^\W\d_])")


def salutation(recipient: Recipient, lang: str | None = None) -> str:
    """The formal salutation for ``recipient`` in ``lang`` (default: the recipient's language).

    ``gender`` is ``f``, ``m``, ``d`` or empty; a missing last name gives the neutral greeting.
    """
    return greeting(
        lang or recipient.lang or "de",
        recipient.gender,
        recipient.title,
        recipient.first_name,
        recipient.last_name,
    )


def greeting(lang: str, gender: str, title: str, first_name: str, last_name: str) -> str:
    """:func:`salutation` from a contact's fields (a campaign greets its whole audience)."""
    last = _clean(last_name)
    if not last:
        return neutral_salutation(lang)
    gender = gender.strip().lower()[:1]
    title = _TITLE_SPACING.sub(". ", _clean(title)) if title else ""
    first = _clean(first_name)
    if lang == "de":
        return _german(gender, title, first, last)
    return _english(gender, title, first, last)
