"""The audience of a campaign: lists minus suppressions, each person once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsdesk.audience import ContactStore, add_contact
from newsdesk.audience.tables import consent_events, memberships, suppressions
from newsdesk.core import Recipient
from newsdesk.core.errors import NewsdeskError

Rows = Callable[..., list[dict[str, Any]]]


def add(store: ContactStore, email: str, list_name: str, **details: str) -> int:
    return add_contact(store, email, list_name, details, default_language="de").contact_id


@pytest.fixture
def lists(store: ContactStore) -> ContactStore:
    for name in ("mitglieder", "presse", "staedte"):
        store.create_list(name)
    add(
        store,
        "anna.weber@example.de",
        "mitglieder",
        first_name="Anna",
        last_name="Weber",
        gender="f",
        title="Dr.",
        organisation="Stadtwerke",
        language="de",
    )
    add(store, "ANNA.WEBER@example.de", "presse")
    add(store, "tom@example.com", "presse", first_name="Tom", language="en")
    add(store, "max@example.de", "mitglieder")
    add(store, "lea@example.de", "staedte")
    return store


def emails(recipients: list[Recipient]) -> list[str]:
    return [r.email for r in recipients]


def test_each_person_once_across_lists_with_their_details(lists: ContactStore) -> None:
    audience = list(lists.audience(["mitglieder", "presse"]))
    assert emails(audience) == ["anna.weber@example.de", "tom@example.com", "max@example.de"]
    anna = audience[0]
    assert anna == Recipient(
        email="anna.weber@example.de",
        lang="de",
        first_name="Anna",
        last_name="Weber",
        gender="f",
        title="Dr.",
        organisation="Stadtwerke",
        contact_id=anna.contact_id,
    )
    assert anna.contact_id is not None
    assert lists.contact(anna.contact_id) == anna
    assert audience[1].lang == "en"
    assert lists.count_audience(["mitglieder", "presse"]) == 3
    assert lists.count_audience(["presse", "presse"]) == 2


def test_unknown_list_is_an_error(lists: ContactStore) -> None:
    with pytest.raises(NewsdeskError, match="no list 'vorstand'"):
        list(lists.audience(["mitglieder", "vorstand"]))
    with pytest.raises(NewsdeskError, match="at least one list"):
        list(lists.audience([]))


def test_global_suppression_removes_a_person_from_every_list(lists: ContactStore) -> None:
    assert lists.suppress("Anna.Weber@Example.DE", "bounced", "postmark webhook")
    assert not lists.suppress("anna.weber@example.de", "bounced", "again")
    assert lists.is_suppressed("ANNA.weber@example.de")
    assert emails(list(lists.audience(["mitglieder", "presse"]))) == [
        "tom@example.com",
        "max@example.de",
    ]
    with pytest.raises(NewsdeskError, match="reason"):
        lists.suppress("x@example.de", "annoyed")


def test_the_audiences_languages_are_those_of_people_it_reaches(lists: ContactStore) -> None:
    add(lists, "ines@example.pt", "staedte", language="pt")
    assert lists.audience_languages(["mitglieder", "presse"]) == {"de", "en"}
    assert lists.audience_languages(["staedte"]) == {"de", "pt"}
    lists.suppress("tom@example.com", "bounced", "postmark webhook")
    assert lists.audience_languages(["presse"]) == {"de"}
    lists.unsubscribe(lists.find("anna.weber@example.de").contact_id, "presse")
    assert lists.audience_languages(["presse"]) == set()
    assert lists.audience_languages(["mitglieder", "presse"]) == {"de"}


def test_unsubscribe_from_one_list_keeps_the_others(lists: ContactStore, rows: Rows) -> None:
    anna = lists.find("anna.weber@example.de")
    assert anna is not None and anna.contact_id is not None
    lists.unsubscribe(anna.contact_id, "presse", source="one-click")
    assert emails(list(lists.audience(["presse"]))) == ["tom@example.com"]
    assert "anna.weber@example.de" in emails(list(lists.audience(["mitglieder", "presse"])))
    assert lists.is_suppressed("anna.weber@example.de", "presse")
    assert not lists.is_suppressed("anna.weber@example.de")
    statuses = {
        (m["list_id"], m["status"])
        for m in rows(memberships, "list_id")
        if m["contact_id"] == anna.contact_id
    }
    assert statuses == {
        (lists.list_id("mitglieder"), "subscribed"),
        (lists.list_id("presse"), "unsubscribed"),
    }
    withdrawn = [e for e in rows(consent_events, "id") if e["kind"] == "withdrawn"]
    assert [(e["list_id"], e["source"]) for e in withdrawn] == [
        (lists.list_id("presse"), "one-click")
    ]
    with pytest.raises(NewsdeskError, match="unsubscribed from the list"):
        add(lists, "anna.weber@example.de", "presse")


def test_unsubscribe_everywhere(lists: ContactStore, rows: Rows) -> None:
    tom = lists.find("TOM@example.com")
    assert tom is not None and tom.contact_id is not None
    lists.unsubscribe(tom.contact_id)
    assert lists.is_suppressed("tom@example.com")
    assert lists.count_audience(["presse", "mitglieder", "staedte"]) == 3
    assert [(s["reason"], s["list_id"]) for s in rows(suppressions, "id")] == [
        ("unsubscribed", None)
    ]
    with pytest.raises(NewsdeskError, match="suppressed"):
        add(lists, "tom@example.com", "staedte")


def test_set_language_and_summaries(lists: ContactStore) -> None:
    max_ = lists.find("max@example.de")
    assert max_ is not None and max_.contact_id is not None
    lists.set_language(max_.contact_id, "en")
    assert lists.contact(max_.contact_id).lang == "en"  # type: ignore[union-attr]
    lists.suppress("anna.weber@example.de", "complained")
    summary = {s.name: s for s in lists.summaries()}
    assert (
        summary["mitglieder"].members,
        summary["mitglieder"].subscribed,
        summary["mitglieder"].suppressed,
        summary["mitglieder"].audience,
    ) == (2, 2, 1, 1)
    assert summary["mitglieder"].languages == {"en": 1}
    assert summary["presse"].languages == {"en": 1}
    with pytest.raises(NewsdeskError, match="no contact"):
        lists.set_language(99999, "de")


def test_lists_create_and_delete(lists: ContactStore, rows: Rows) -> None:
    with pytest.raises(NewsdeskError, match="exists already"):
        lists.create_list("presse")
    with pytest.raises(NewsdeskError, match="lower-case"):
        lists.create_list("Presse Verteiler")
    assert lists.delete_list("presse") == 2
    assert [s.name for s in lists.summaries()] == ["mitglieder", "staedte"]
    assert lists.find("tom@example.com") is not None  # contacts stay
    assert len(rows(memberships, "list_id")) == 3


def test_the_audience_streams(lists: ContactStore) -> None:
    stream = lists.audience(["mitglieder", "presse", "staedte"])
    assert next(stream).email == "anna.weber@example.de"
    assert len(list(stream)) == 3
