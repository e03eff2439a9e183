"""The press contact ("Pressekontakt"): someone journalists can reach."""

from __future__ import annotations

from collections.abc import Iterator

from email_validator import EmailNotValidError, validate_email

from newsdesk.checks.context import CheckContext
from newsdesk.checks.findings import Finding, error, warning


def check(context: CheckContext) -> Iterator[Finding]:
    contacts = context.release.contacts
    if not contacts:
        yield warning(
            "contact",
            "the release names no press contact; add one with an email address or "
            "phone number so journalists can ask",
            "contacts",
        )
        return
    for number, contact in enumerate(contacts, start=1):
        place = f"contact {number} ({contact.name or 'no name'})"
        if not contact.email.strip() and not contact.phone.strip():
            yield error(
                "contact",
                "the press contact has neither an email address nor a phone number; add one",
                place,
            )
        if contact.email.strip():
            try:
                validate_email(contact.email.strip(), check_deliverability=False)
            except EmailNotValidError as problem:
                yield error(
                    "contact",
                    f"the contact's email address {contact.email!r} is not valid: {problem}",
                    place,
                )
