"""The press contact block: "Pressekontakt:", "Rückfragen bitte an:", "Kontakt:".

Lines after the marker are read one by one: an e-mail address, a phone number
("Tel.", "Telefon", "+49 …"), and text lines that fill name, role and
organisation in that order (``Name, Rolle`` on one line works too; a line with
GmbH, e.V., Stadt, Amt … is the organisation). Postal address, fax and web
lines are skipped. A new name after an e-mail or phone starts the next contact.
"""

from __future__ import annotations

import re

from newsdesk.core import Contact
from newsdesk.ingest.quotes import looks_like_name

MARKER = re.compile(
    r"^(?:\*\*|__)?(?P<marker>Pressekontakte?|Presse-Kontakt|Medienkontakt|Kontakt für (?:die )?"
    r"(?:Presse|Medien)|Kontakt|Rückfragen(?: bitte)? an|Für Rückfragen(?: wenden Sie sich an)?|"
    r"Ansprechpartner(?:in)?(?: für die Presse)?|Ihr(?:e)? Ansprechpartner(?:in)?)"
    r"(?:\*\*|__)?\s*(?::|$)(?:\*\*|__)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_LABEL = re.compile(
    r"^(?:Tel(?:efon)?|Fon|Phone|Mobil(?:funk)?|Handy)\.?\s*:?\s*(?P<number>\+?[\d(][\d\s()/.\-–]{4,})$",
    re.IGNORECASE,
)
PHONE_BARE = re.compile(r"^\+?[\d(][\d\s()/.\-–]{5,}$")
SKIPPED = re.compile(
    r"^(?:Fax|Telefax|Web|Internet|www\.|https?://)|\b\d{5}\b|"
    r"(?:straße|strasse|str\.|platz|weg|allee|ring|gasse|damm|ufer)\s+\d",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    r"\b(?:GmbH|e\.\s?V\.|AG|mbH|Stadt|Amt|Agentur|Cluster|Wirtschaftsförderung|Verband|"
    r"Universität|Hochschule|Institut|Ministerium|Landratsamt|Kreis|Kammer|Stiftung|"
    r"Gesellschaft|Verein|Behörde|Senat|Referat|Rathaus|Landkreis)(?!\w)"
)
SEPARATOR = re.compile(r"\s*[,;|·•]\s+|\s+[|·•–]\s+")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:mailto:|tel:)?([^)]*)\)")


def marker_rest(line: str) -> str | None:
    """The text after a contact marker on ``line`` (maybe empty), or None without a marker."""
    match = MARKER.match(line.strip())
    if not match:
        return None
    rest = match.group("rest").strip()
    if len(rest) > 80 or (rest.endswith(".") and len(rest.split()) > 6):
        return None
    return rest


def looks_like_contact_line(line: str) -> bool:
    """A short line that can belong to a contact block (not a sentence of the body)."""
    plain = _plain(line)
    if len(plain) > 90:
        return False
    return not (plain.endswith(".") and len(plain.split()) > 6)


def _plain(line: str) -> str:
    line = _LINK.sub(lambda m: m.group(2) if "@" in m.group(2) else m.group(1), line)
    line = line.replace("\\", "")
    return _MARKUP.sub("", line).strip()


class ContactReader:
    """Collects contacts line by line; ``end_group()`` marks a blank line between groups."""

    def __init__(self) -> None:
        self.contacts: list[Contact] = []
        self._current: Contact | None = None

    def _contact(self) -> Contact:
        if self._current is None:
            self._current = Contact(name="")
            self.contacts.append(self._current)
        return self._current

    def end_group(self) -> None:
        if self._current is not None and (self._current.email or self._current.phone):
            self._current = None

    def add(self, line: str) -> None:
        plain = _plain(line)
        if not plain:
            return
        parts = SEPARATOR.split(plain)
        if len(parts) > 1 and any(EMAIL.search(p) or PHONE_LABEL.match(p) for p in parts):
            for part in parts:  # "Jana Beispiel, Tel. 0123 45, jana@example.org" on one line
                self.add(part)
            return
        email = EMAIL.search(plain)
        phone = PHONE_LABEL.match(plain)
        if email and not self._contact().email:
            self._contact().email = email.group(0)
        elif email:
            self._current = Contact(name="", email=email.group(0))
            self.contacts.append(self._current)
        elif phone or PHONE_BARE.match(plain):
            number = phone.group("number") if phone else plain
            contact = self._contact()
            if not contact.phone:
                contact.phone = " ".join(number.split())
        elif SKIPPED.search(plain):
            return
        else:
            self._text_line(plain)

    def _text_line(self, text: str) -> None:
        contact = self._current
        if contact is not None and contact.name and (contact.email or contact.phone):
            if ORGANISATION.search(text) and not contact.organisation:
                contact.organisation = text
                return
            contact = None
        if contact is None:
            contact = Contact(name="")
            self.contacts.append(contact)
            self._current = contact
        if not contact.name:
            name, _, role = text.partition(", ")
            if role and looks_like_name(name) and not ORGANISATION.search(name):
                contact.name, contact.role = name.strip(), role.strip()
            elif ORGANISATION.search(text) and not contact.organisation:
                contact.organisation = text
            elif looks_like_name(text) or (contact.role and contact.organisation):
                contact.name = text
            elif not contact.role:
                contact.role = text
            else:
                contact.organisation = text
        elif ORGANISATION.search(text) and not contact.organisation:
            contact.organisation = text
        elif not contact.role:
            contact.role = text
        elif not contact.organisation:
            contact.organisation = text

    def result(self) -> list[Contact]:
        found = []
        for contact in self.contacts:
            if not contact.name and contact.organisation:
                contact.name, contact.organisation = contact.organisation, ""
            if contact.name or contact.email or contact.phone:
                found.append(contact)
        return found
