"""Formal salutations in German and English."""

from __future__ import annotations

import pytest

from newsdesk.core import Recipient
from newsdesk.render import neutral_salutation, salutation

CASES = [
    # gender, title, first name, last name, German, English
    ("f", "Dr.", "Anna", "Weber", "Sehr geehrte Frau Dr. Weber,", "Dear Dr Weber,"),
    ("f", "", "Anna", "Weber", "Sehr geehrte Frau Weber,", "Dear Ms Weber,"),
    ("m", "", "Can", "Yilmaz", "Sehr geehrter Herr Yilmaz,", "Dear Mr Yilmaz,"),
    (
        "m",
        "Prof. Dr.",
        "Can",
        "Yilmaz",
        "Sehr geehrter Herr Prof. Dr. Yilmaz,",
        "Dear Professor Yilmaz,",
    ),
    (
        "m",
        "Prof.Dr.",
        "Can",
        "Yilmaz",
        "Sehr geehrter Herr Prof. Dr. Yilmaz,",
        "Dear Professor Yilmaz,",
    ),
    (
        "m",
        "Dipl.-Ing.",
        "Klaus",
        "Becker",
        "Sehr geehrter Herr Dipl.-Ing. Becker,",
        "Dear Mr Becker,",
    ),
    ("f", "Dr.-Ing.", "Anna", "Weber", "Sehr geehrte Frau Dr.-Ing. Weber,", "Dear Dr Weber,"),
    (
        "f",
        "Dr. rer.nat.",
        "Anna",
        "Weber",
        "Sehr geehrte Frau Dr. rer. nat. Weber,",
        "Dear Dr Weber,",
    ),
    ("d", "", "Alex", "Schmidt", "Guten Tag Alex Schmidt,", "Dear Alex Schmidt,"),
    ("", "", "Alex", "Schmidt", "Guten Tag Alex Schmidt,", "Dear Alex Schmidt,"),
    ("", "Dr.", "Alex", "Schmidt", "Guten Tag Dr. Alex Schmidt,", "Dear Dr Schmidt,"),
    ("f", "", "", "Weber", "Sehr geehrte Frau Weber,", "Dear Ms Weber,"),
    ("", "", "", "", "Sehr geehrte Damen und Herren,", "Dear Sir or Madam,"),
    ("f", "Dr.", "Anna", "", "Sehr geehrte Damen und Herren,", "Dear Sir or Madam,"),
    ("m", "", " Jens ", "  von   Berg ", "Sehr geehrter Herr von Berg,", "Dear Mr von Berg,"),
]


@pytest.mark.parametrize(("gender", "title", "first", "last", "german", "english"), CASES)
def test_salutations(
    gender: str, title: str, first: str, last: str, german: str, english: str
) -> None:
    person = Recipient(
        email="x@example.org", gender=gender, title=title, first_name=first, last_name=last
    )
    assert salutation(person) == german
    assert salutation(person.__class__(**{**person.__dict__, "lang": "en"})) == english
    assert salutation(person, "en") == english


def test_neutral_greeting() -> None:
    assert neutral_salutation("de") == "Sehr geehrte Damen und Herren,"
    assert neutral_salutation("en") == "Dear Sir or Madam,"
