"""Email addresses: validated (email-validator, no DNS), normalised, hashed.

The normalised form is the whole address in lower case: newsdesk treats the local
part case-insensitively, as every mail system its users meet does, so
``Anna.Weber@X.de`` and ``anna.weber@x.de`` are one person.
"""

from __future__ import annotations

import hashlib
import re

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


class InvalidAddress(ValueError):
    """An address email-validator refuses; the message says why."""


def _plain(address: str) -> bool:
    if len(address) > 254 or not _PLAIN.fullmatch(address):
        return False
    local, domain = address.split("@")
    if len(local) > 64 or "--" in domain:
        return False
    return domain.rsplit(".", 1)[1].lower() not in _SPECIAL


def clean_address(address: str) -> str:
    """The address as it should be stored (domain in lower case), or InvalidAddress."""
    address = address.strip()
    if not address:
        raise InvalidAddress("no email address")
    if _plain(address):
        local, domain = address.split("@")
        return f"{local}@{domain.lower()}"
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise InvalidAddress(str(error)) from None


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
