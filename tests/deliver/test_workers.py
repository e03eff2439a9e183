"""Two senders on one campaign at once never send a row twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa
from deliver_fakes.audience import people, release_file, seed
from deliver_fakes.contracts import Postmark

from newsdesk.core import Workspace
from newsdesk.core.db import connect
from newsdesk.deliver import send_campaign
from newsdesk.deliver.tables import deliveries


def env_for(url: str, token: str = Postmark.token) -> dict[str, str]:
    return {"POSTMARK_SERVER_TOKEN": token, "POSTMARK_BASE_URL": url}


def two_senders(workspace: Workspace, fake) -> None:
    server = fake(Postmark())
    with (workspace.root / "newsdesk.toml").open("a") as config:
        config.write("batch_size = 2\n")
    workspace = Workspace.open(workspace.root)
    list_name = f"mitglieder_{uuid.uuid4().hex[:8]}"
    domain = f"{list_name.replace('_', '-')}.example.org"
    seed(workspace, list_name, people(30, 18, domain=domain))
    path = release_file(workspace)
    # a campaign whose rows are all pending: the first attempt is refused outright
    paused = send_campaign(
        workspace, path, [list_name], provider="postmark", env=env_for(server.url, "wrong")
    )
    assert paused.status == "paused"

    # 24 batches, two in flight per sender: long enough for the second sender to start
    server.stall = 0.3
    reports = []
    errors = []

    def work() -> None:
        try:
            reports.append(
                send_campaign(workspace, resume=paused.campaign_id, env=env_for(server.url))
            )
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []

    emails = [d.email for d in server.delivered]
    assert len(emails) == 48
    assert len(set(emails)) == 48
    assert all(email.endswith("@" + domain) for email in emails)
    with connect(workspace.database_url).connect() as connection:
        rows = connection.execute(
            sa.select(
                deliveries.c.email,
                deliveries.c.status,
                deliveries.c.claimed_by,
                deliveries.c.provider_message_id,
            ).where(deliveries.c.campaign_id == paused.campaign_id)
        ).all()
    assert {row.status for row in rows} == {"sent"}
    # each row keeps the MessageID Postmark gave its own message
    assert {row.email: row.provider_message_id for row in rows} == {
        d.email: d.provider_id for d in server.delivered
    }
    assert len({row.claimed_by for row in rows}) == 2, "both workers sent a share"
    final = max(reports, key=lambda r: sum(c.get("sent", 0) for c in r.counts.values()))
    assert final.counts == {"de": {"sent": 30}, "en": {"sent": 18}}


def test_two_senders_sqlite(workspace, fake) -> None:
    two_senders(workspace, fake)


@pytest.mark.postgres
def test_two_senders_postgresql(workspace, fake, postgres_url, monkeypatch) -> None:
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", postgres_url)
    two_senders(workspace, fake)
