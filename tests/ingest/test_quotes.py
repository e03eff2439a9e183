from __future__ import annotations

import pytest

from newsdesk.ingest.quotes import Quote, find_quote, split_attribution


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "„Wir sind stolz“, sagt Oberbürgermeisterin Dr. Anna Beispiel.",
            Quote("Wir sind stolz", "Dr. Anna Beispiel", "Oberbürgermeisterin", whole=True),
        ),
        (
            "„Teil eins“, so Max Muster, Chef der Muster GmbH. „Teil zwei.“",
            Quote("Teil eins. Teil zwei.", "Max Muster", "Chef der Muster GmbH", whole=True),
        ),
        (
            "Jana Beispiel, Leiterin: »Das ist gut.«",
            Quote("Das ist gut.", "Jana Beispiel", "Leiterin", whole=True),
        ),
        ("„Nur ein Zitat.“", Quote("Nur ein Zitat.", "", "", whole=True)),
        (
            "Er lobt das Projekt. „Ein Vorbild“, betont Erika Muster, Landrätin. Dann ging es los.",
            Quote("Ein Vorbild", "Erika Muster", "Landrätin", whole=False),
        ),
    ],
)
def test_quotes_and_their_speakers(text: str, expected: Quote) -> None:
    assert find_quote(text) == expected


def test_a_quoted_name_is_no_quotation() -> None:
    assert find_quote("Das Siegel „Cluster Management Excellence Label“ wird vergeben.") is None


@pytest.mark.parametrize(
    ("attribution", "expected"),
    [
        ("Thorsten Riehle, Wirtschaftsbürgermeister der Stadt Mannheim",
         ("Thorsten Riehle", "Wirtschaftsbürgermeister der Stadt Mannheim")),
        ("der Leiter des Umweltamts, Dr. Hans Beispiel",
         ("Dr. Hans Beispiel", "Leiter des Umweltamts")),
        ("Landrätin Erika Muster", ("Erika Muster", "Landrätin")),
        ("Erika Muster", ("Erika Muster", "")),
    ],
)  # fmt: skip
def test_split_attribution(attribution: str, expected: tuple[str, str]) -> None:
    assert split_attribution(attribution) == expected
