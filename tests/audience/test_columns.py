from __future__ import annotations

import pytest

from newsdesk.audience.columns import (
    map_columns,
    missing_columns,
    parse_language,
    parse_map,
    parse_salutation,
)
from newsdesk.core.errors import NewsdeskError


def test_german_and_english_headers_map_to_fields() -> None:
    headers = [
        "Anrede",
        "Titel",
        "Vorname",
        "Nachname",
        "E-Mail",
        "Firma",
        "Funktion",
        "Sprache",
        "Telefon",
    ]
    columns = map_columns(headers, {})
    assert columns.index == {
        "gender": 0,
        "title": 1,
        "first_name": 2,
        "last_name": 3,
        "email": 4,
        "organisation": 5,
        "role": 6,
        "language": 7,
    }
    assert columns.ignored == ("Telefon",)
    english = map_columns(
        ["Salutation", "First name", "Last Name", "Email", "Company", "Position", "Language"], {}
    )
    assert set(english.index) == {
        "gender",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "language",
    }
    assert map_columns(["Mail", "Unternehmen", "Name"], {}).index == {
        "email": 0,
        "organisation": 1,
        "last_name": 2,
    }


def test_map_option_names_other_headers() -> None:
    overrides = parse_map("Kontakt=email, Rufname=first_name")
    assert map_columns(["Rufname", "Kontakt"], overrides).index == {"first_name": 0, "email": 1}
    with pytest.raises(NewsdeskError, match="HEADER=FIELD"):
        parse_map("Kontakt=telefon")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Frau", ("f", "")),
        ("Herr", ("m", "")),
        ("Divers", ("d", "")),
        ("Ms", ("f", "")),
        ("Mr.", ("m", "")),
        ("Herr Dr.", ("m", "Dr.")),
        ("Frau Prof. Dr.", ("f", "Prof. Dr.")),
        ("", ("", "")),
    ],
)
def test_salutations(cell: str, expected: tuple[str, str]) -> None:
    assert parse_salutation(cell) == expected


def test_unknown_salutation_is_an_error_with_the_fix() -> None:
    with pytest.raises(ValueError, match="Frau, Herr"):
        parse_salutation("Familie")


def test_languages() -> None:
    assert parse_language("Deutsch", ("de", "en")) == "de"
    assert parse_language("English", ("de", "en")) == "en"
    assert parse_language("EN", ("de", "en")) == "en"
    with pytest.raises(ValueError, match="de, en"):
        parse_language("Französisch", ("de", "en"))


def test_missing_columns_names_the_map_headers_not_found() -> None:
    overrides = parse_map("Kontakt=email, Ruf-Name=first_name, Telefon 2=role")
    assert missing_columns(["rufname", "Kontakt"], overrides) == ["Telefon 2"]
