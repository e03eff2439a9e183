"""Double opt-in: pending until the signed link is followed; proof kept with time and IP."""

from __future__ import annotations

import base64
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsdesk.audience import ContactStore, confirm_invitation, invite
from newsdesk.audience.tables import consent_events, memberships
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.signing import KEY_FILE, SECRET_ENV, Signer, secret_key

Rows = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def presse(store: ContactStore, monkeypatch: pytest.MonkeyPatch) -> ContactStore:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    store.create_list("presse")
    return store


def test_an_invited_contact_is_pending_until_confirmed(presse: ContactStore, rows: Rows) -> None:
    invitation = invite(
        presse,
        "Lena.Kraus@Example.org",
        "presse",
        {"first_name": "Lena", "language": "en"},
        default_language="de",
    )
    assert invitation.status == "pending"
    assert invitation.url("https://newsletter.example.org/").startswith(
        "https://newsletter.example.org/confirm/"
    )
    assert list(presse.audience(["presse"])) == []
    payload = base64.urlsafe_b64decode(invitation.token.split(".")[0] + "==")
    assert b"lena" not in payload.lower()  # the address stays out of the link
    assert presse.summaries(["presse"])[0].pending == 1

    confirmation = confirm_invitation(presse, invitation.token, "203.0.113.7")
    assert (confirmation.email, confirmation.list_name, confirmation.newly_confirmed) == (
        "lena.kraus@example.org",
        "presse",
        True,
    )
    [lena] = presse.audience(["presse"])
    assert (lena.email, lena.first_name, lena.lang) == ("Lena.Kraus@example.org", "Lena", "en")
    events = rows(consent_events, "id")
    assert [(e["kind"], e["ip"]) for e in events] == [
        ("double-opt-in", ""),
        ("confirmed", "203.0.113.7"),
    ]
    assert events[1]["created_at"] >= events[0]["created_at"]
    assert [m["status"] for m in rows(memberships, "list_id")] == ["subscribed"]

    again = confirm_invitation(presse, invitation.token, "198.51.100.1")
    assert not again.newly_confirmed
    assert len(rows(consent_events, "id")) == 2


def test_forged_expired_and_stale_tokens_are_refused(presse: ContactStore) -> None:
    invitation = invite(presse, "tom@example.com", "presse", {}, default_language="de")
    with pytest.raises(NewsdeskError, match="not valid"):
        confirm_invitation(presse, invitation.token[:-2] + "xx", "127.0.0.1")
    with pytest.raises(NewsdeskError, match="not valid"):
        forged = Signer("someone else's key", "confirmation").sign(
            {"c": invitation.contact_id, "l": presse.list_id("presse"), "e": "x"}
        )
        confirm_invitation(presse, forged, "127.0.0.1")
    with pytest.raises(NewsdeskError, match="expired"):
        confirm_invitation(presse, invitation.token, "127.0.0.1", max_age=-1)
    presse.delete_list("presse")
    with pytest.raises(NewsdeskError, match="no longer valid"):
        confirm_invitation(presse, invitation.token, "127.0.0.1")


def test_a_suppressed_address_cannot_be_invited(presse: ContactStore) -> None:
    presse.suppress("tom@example.com", "complained")
    with pytest.raises(NewsdeskError, match="suppressed"):
        invite(presse, "TOM@example.com", "presse", {}, default_language="de")


def test_the_signing_key_comes_from_the_environment_or_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    key = secret_key(tmp_path)
    assert len(key) > 40
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert secret_key(tmp_path) == key
    monkeypatch.setenv(SECRET_ENV, "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    monkeypatch.delenv(SECRET_ENV)
    with pytest.raises(NewsdeskError, match=SECRET_ENV):
        secret_key(None)
