"""Quotations in „…“ and who said them.

A paragraph that is nothing but a quotation and its attribution
(``„…“, betont Thorsten Riehle, Wirtschaftsbürgermeister.`` or
``Thorsten Riehle: „…“``) becomes a quote block. A paragraph that says more
than the quote stays a paragraph, word for word, so its text, order and
translation segment are unchanged; the speaker and role of the first
attributed quotation in it are recorded on the paragraph block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTED = r"(?:„(?P<{n}1>[^“”„]+)[“”]|»(?P<{n}2>[^«»]+)«|“(?P<{n}3>[^“”]+)”|\"(?P<{n}4>[^\"]+)\")"
VERBS = (
    "sagt|sagte|betont|betonte|erklärt|erklärte|ergänzt|ergänzte|so|meint|meinte|"
    "unterstreicht|unterstrich|hebt hervor|fügt hinzu|freut sich|freute sich|resümiert|"
    "resümierte|berichtet|berichtete|erläutert|erläuterte|bekräftigt|bekräftigte|"
    "bilanziert|bilanzierte|lobt|lobte|kommentiert|kommentierte|"
    "zeigt sich überzeugt|ist überzeugt|stellt fest|stellte fest|fasst zusammen|"
    "sagen|betonen|erklären"
)
_ADVERB = r"(?:\s+(?:dazu|weiter|abschließend|heute|zudem|außerdem|auch))?"
_VERB = rf"(?:{VERBS}){_ADVERB}"
# A sentence ends at ". " before a capital or a quotation, or at the end; not after
# the abbreviations that names and roles carry.
_END = (
    r"(?<!\bDr)(?<!\bProf)(?<!\bSt)(?<!\be\.V)(?<!\bNr)(?<!\bca)(?<!\bInc)(?<!\bMdB)"
    r"\.(?=\s+[A-ZÄÖÜ„»“\"]|\s*$)"
)

_WHOLE_AFTER = re.compile(
    rf"^{_QUOTED.format(n='q')}(?:\s*,\s*{_VERB}\s+(?P<attr>.+?))?"
    rf"(?:[.,:]\s*{_QUOTED.format(n='r')})?\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_WHOLE_BEFORE = re.compile(
    rf"^(?P<attr>[^„»“\"]{{3,160}}?)(?:\s*,?\s+{_VERB})?\s*:\s*{_QUOTED.format(n='q')}\s*\.?\s*$",
    re.DOTALL,
)
_INSIDE_AFTER = re.compile(
    rf"{_QUOTED.format(n='q')}\s*,\s*{_VERB}\s+(?P<attr>[^„»“\"]+?){_END}", re.DOTALL
)
_INSIDE_BEFORE = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<attr>[A-ZÄÖÜ][^„»“\".!?]{{2,120}}?)(?:\s*,?\s+{_VERB})\s*:"
    rf"\s*{_QUOTED.format(n='q')}",
    re.DOTALL,
)
_TITLES = {"Dr.", "Prof.", "Dipl.-Ing.", "Prof", "Dr"}
_ARTICLES = ("der ", "die ", "den ", "dem ")


@dataclass
class Quote:
    text: str
    speaker: str
    role: str
    whole: bool


def _quoted(match: re.Match[str], name: str) -> str:
    for index in range(1, 5):
        value = match.group(f"{name}{index}")
        if value is not None:
            return value.strip()
    return ""


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words, academic titles allowed: ``Dr. Anna Beispiel``."""
    words = [word for word in text.split() if word not in _TITLES]
    return 2 <= len(words) <= 5 and all(word[:1].isupper() for word in words)


def _without_article(role: str) -> str:
    for article in _ARTICLES:
        if role.startswith(article):
            return role[len(article) :]
    return role


def split_attribution(attribution: str) -> tuple[str, str]:
    """(speaker, role) of ``Thorsten Riehle, Wirtschaftsbürgermeister der Stadt Mannheim``,
    ``der Leiter des Umweltamts, Dr. Hans Beispiel`` or ``Bürgermeister Thorsten Riehle``."""
    text = " ".join(attribution.split()).strip(" .,:")
    if not text:
        return "", ""
    if ", " in text:
        first, second = (part.strip(" ,.") for part in text.split(", ", 1))
        if looks_like_name(first):
            return first, second
        if looks_like_name(second):
            return second, _without_article(first)
        if len(first.split()) <= 5:
            return first, second
    words = text.split()
    name: list[str] = []
    for word in reversed(words):
        capitalised = word[:1].isupper()
        if (capitalised and len(name) < 2) or (word in _TITLES and name):
            name.insert(0, word)
        else:
            break
    role = _without_article(" ".join(words[: len(words) - len(name)]))
    return " ".join(name) or text, role


def find_quote(text: str) -> Quote | None:
    """The quotation in a paragraph, or None when there is none with a speaker.

    ``whole`` is True when the paragraph is the quotation and its attribution only.
    """
    match = _WHOLE_AFTER.match(text)
    if match and (match.group("attr") or not _has_more(text, match)):
        speaker, role = split_attribution(match.group("attr") or "")
        text = _quoted(match, "q")
        if _quoted(match, "r"):  # „Erster Satz“, sagt X. „Zweiter Satz.“
            end = "" if text[-1:] in ".!?…" else "."
            text = f"{text}{end} {_quoted(match, 'r')}"
        return Quote(text, speaker, role, whole=True)
    match = _WHOLE_BEFORE.match(text)
    if match and _looks_like_attribution(match.group("attr")):
        speaker, role = split_attribution(match.group("attr"))
        return Quote(_quoted(match, "q"), speaker, role, whole=True)
    for pattern in (_INSIDE_AFTER, _INSIDE_BEFORE):
        match = pattern.search(text)
        if match and _looks_like_attribution(match.group("attr")):
            speaker, role = split_attribution(match.group("attr"))
            return Quote(_quoted(match, "q"), speaker, role, whole=False)
    return None


def _has_more(text: str, match: re.Match[str]) -> bool:
    return bool(text[match.end() :].strip())


def _looks_like_attribution(attribution: str) -> bool:
    words = attribution.split()
    return 1 <= len(words) <= 16 and any(word[:1].isupper() for word in words)


def strip_quote_marks(text: str) -> str:
    """A quote block's text without the outer quotation marks."""
    stripped = text.strip()
    for opening, closings in (("„", "“”"), ("»", "«"), ("“", "”"), ('"', '"')):
        if stripped.startswith(opening) and stripped[-1:] in closings and len(stripped) > 1:
            return stripped[1:-1].strip()
    return stripped
