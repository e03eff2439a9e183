"""Which language a contact reads."""

from __future__ import annotations

import pytest

from newsdesk.deliver.campaign import language_for


@pytest.mark.parametrize(
    ("stored", "reads"),
    [("de", "de"), ("EN", "en"), ("en-GB", "en"), ("fr", "en"), ("", "de"), ("  ", "de")],
)
def test_a_contact_reads_theirs_else_english_and_without_one_the_source(
    stored: str, reads: str
) -> None:
    assert language_for(stored, ("de", "en")) == reads


def test_without_english_every_other_language_gets_the_source() -> None:
    assert language_for("fr", ("de", "tr")) == "de"
