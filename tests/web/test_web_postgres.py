"""The web tables and webhook recording on a real PostgreSQL server (migration 0005_web)."""

from __future__ import annotations

import base64

import pytest
import sqlalchemy as sa

from newsdesk.web.tables import webhook_events


@pytest.fixture
def on_postgres(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", postgres_url)
    return postgres_url


@pytest.mark.postgres
def test_webhook_and_one_click_on_postgresql(on_postgres, sent, client, monkeypatch):
    assert sent.store.engine.dialect.name == "postgresql"
    monkeypatch.setenv("POSTMARK_WEBHOOK_USER", "postmark")
    monkeypatch.setenv("POSTMARK_WEBHOOK_PASSWORD", "pm-secret-password")
    auth = {"Authorization": "Basic " + base64.b64encode(b"postmark:pm-secret-password").decode()}
    email = "anna.weber@example.org"
    body = {
        "RecordType": "Bounce",
        "ID": 77,
        "Type": "HardBounce",
        "MessageID": f"pm-{sent.delivery[email]}",
        "Email": email,
        "BouncedAt": "2026-11-29T08:00:00Z",
    }
    assert client.post("/hooks/postmark", json=body, headers=auth).json["stored"] == 1
    assert client.post("/hooks/postmark", json=body, headers=auth).json["duplicates"] == 1
    assert sent.store.is_suppressed(email)
    with sent.store.engine.connect() as connection:
        rows = connection.execute(sa.select(webhook_events)).all()
    assert [(r.type, r.delivery_id) for r in rows] == [("bounced", sent.delivery[email])]
    other = "john.miller@example.org"
    response = client.post(f"/u/{sent.token[other]}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and sent.store.is_suppressed(other)
