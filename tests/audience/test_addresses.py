from __future__ import annotations

import hashlib

import pytest
from email_validator import EmailNotValidError, validate_email

from newsdesk.audience.addresses import InvalidAddress, address_hash, clean_address, normalise

ADDRESSES = [
    "anna.weber@example.de",
    "Anna.Weber@Example.DE",
    "j.mueller+newsletter@stadt-musterstadt.de",
    "a_b%c@sub.domain.example.org",
    "x@example.museum",
    "a@@b.de",
    "anna@weber@example.de",
    "anna.weber@example",
    "anna..weber@example.de",
    ".anna@example.de",
    "anna.@example.de",
    "anna@-example.de",
    "anna@example-.de",
    "anna@exa--mple.de",
    "anna@xn--bcher-kva.de",
    "anna@localhost",
    "anna@server.local",
    "anna@foo.test",
    "anna@example.d3",
    "anna@123.45",
    "müller@bücher.de",
    "x" * 65 + "@example.de",
    "anna@" + "a" * 64 + ".de",
    '=HYPERLINK("mailto:a@b.de")',
    "Anna Weber <anna@example.de>",
    "anna weber@example.de",
    "",
]


def reference(address: str) -> str | None:
    try:
        return validate_email(address, check_deliverability=False, allow_smtputf8=False).normalized
    except EmailNotValidError:
        return None


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_fast_path_agrees_with_email_validator(address: str) -> None:
    expected = reference(address)
    try:
        got: str | None = clean_address(address)
    except InvalidAddress:
        got = None
    assert got == expected


def test_normalised_addresses_ignore_case_and_hash_stably() -> None:
    assert normalise(clean_address("Anna.Weber@Example.DE")) == "anna.weber@example.de"
    assert clean_address("Anna.Weber@Example.DE") == "Anna.Weber@example.de"
    assert (
        address_hash("anna.weber@example.de")
        == hashlib.sha256(b"anna.weber@example.de").hexdigest()
    )
    assert len(address_hash("x@example.de")) == 64


def test_two_at_signs_say_why() -> None:
    with pytest.raises(InvalidAddress, match="@"):
        clean_address("anna@weber@example.de")


def test_only_the_part_before_the_at_must_be_ascii() -> None:
    for address in ("müller@example.org", "Müller@bücher.de"):
        with pytest.raises(InvalidAddress, match=r"not ASCII.*ask for the ASCII address"):
            clean_address(address)
    assert clean_address("anna@müller.de") == "anna@müller.de"
    assert clean_address("anna@xn--mller-kva.de") == "anna@müller.de"
