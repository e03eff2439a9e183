"""Email addresses: validated (email-validator, no DNS), normalised, hashed.

The normalised form is the whole address in lower case: newsdesk treats the local
part case-insensitively, as every mail system its users meet does, so
``Anna.Weber@X.de`` and ``anna.weber@x.de`` are one person.

The part before the @ must be ASCII: newsdesk sends without SMTPUTF8 (the email
package builds no message to ``müller@…``), so such an address is refused where it
enters. An internationalised domain (``anna@müller.de``, or typed as
``anna@xn--mller-kva.de``) is accepted and stored in its Unicode form; the messages
carry it in its ASCII form (:func:`deliverable`).
"""

from __future__ import annotations

import hashlib
import re

import idna
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from newsdesk.core.errors import NewsdeskError

# Plain ASCII addresses that email-validator certainly accepts; everything else goes
# through email-validator itself (it costs ~100 µs an address, too slow for 20,000 rows/s).
_PLAIN = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# Reserved top-level names (test, local, onion…) that email-validator refuses.
_SPECIAL = frozenset(SPECIAL_USE_DOMAIN_NAMES)


# Why an address whose local part needs SMTPUTF8 is refused, and what to do instead.
_NOT_ASCII = (
    "the part before the @ is not ASCII, which not every mail server delivers; "
    "ask for the ASCII address (e.g. mueller@… instead of müller@…)"
)


class InvalidAddress(ValueError):
    """An address email-validator refuses; the message says why."""


def clean_address(address: str) -> str:
    """The address as it should be stored (domain in lower case), or InvalidAddress."""
    address = address.strip()
    if not address:
        raise InvalidAddress("no email address")
    if len(address) <= 254 and _PLAIN.fullmatch(address):
        local, _, domain = address.partition("@")
        if len(local) <= 64 and "--" not in domain:
            domain = domain.lower()
            if domain.rpartition(".")[2] not in _SPECIAL:
                return f"{local}@{domain}"
    try:
        valid = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as error:
        raise InvalidAddress(str(error)) from None
    # Refused here rather than with allow_smtputf8=False, whose message names neither
    # the reason nor the fix.
    if valid.smtputf8:
        raise InvalidAddress(_NOT_ASCII)
    return valid.normalized


def deliverable(address: str) -> str:
    """A stored address as a message carries it: an internationalised domain in its
    ASCII (``xn--``) form, which every mail server and provider takes."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    return f"{local}@{idna.encode(domain).decode('ascii')}"


def normalise(address: str) -> str:
    """The key two spellings of one address share."""
    return address.strip().lower()


def address_hash(normalised: str) -> str:
    """What remains of a forgotten address: the sha256 of its normalised form."""
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def checked(address: str) -> tuple[str, str]:
    """``(stored, normalised)`` for an address a user typed; NewsdeskError if invalid."""
    try:
        stored = clean_address(address)
    except InvalidAddress as error:
        raise NewsdeskError(f"{address!r} is not a valid email address: {error}") from None
    return stored, normalise(stored)
