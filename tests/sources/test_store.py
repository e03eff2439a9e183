from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.db import connect
from newsdesk.sources import SourceStore
from newsdesk.sources.store import Item


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, workspace: Workspace) -> SourceStore:
    if request.param == "sqlite":
        return SourceStore.for_workspace(workspace)
    return SourceStore(connect(request.getfixturevalue("postgres_url")))


def test_sources_and_their_items_survive_and_go_together(store: SourceStore) -> None:
    name = f"stadt-{uuid.uuid4().hex[:8]}"
    source = store.add(name, "feed", "https://www.example.org/presse/rss.xml", 1800, False)
    assert store.get(name) == source
    assert source.every_seconds == 1800 and not source.local

    item = Item("guid-1", "https://www.example.org/a.html", "a" * 64, "a.md", '"e1"', None)
    with store.remembering(source, item):
        pass
    assert store.item(source, "guid-1") == item
    changed = Item("guid-1", item.url, "b" * 64, "a.md", '"e2"', "Sat, 28 Nov 2026 08:00:00 GMT")
    with store.remembering(source, changed):
        pass
    assert store.items(source) == [changed]
    assert "a.md" in store.drafts()

    with pytest.raises(RuntimeError), store.remembering(source, Item("guid-2", "", "c", "c.md")):
        raise RuntimeError("the draft could not be written")
    assert store.item(source, "guid-2") is None  # nothing remembered for a failed write

    store.finish_pull(source, etag='"f1"', last_modified=None, error=None)
    assert store.get(name).etag == '"f1"' and store.get(name).last_pulled_at is not None
    store.finish_pull(source, etag='"f2"', last_modified=None, error="kaputt")
    assert store.get(name).etag == '"f1"' and store.get(name).last_error == "kaputt"

    store.remove(name)
    with pytest.raises(NewsdeskError, match="no source named"):
        store.get(name)
    with store.engine.connect() as connection:
        left = connection.execute(
            sa.text("SELECT count(*) FROM source_items WHERE source_id = :id"), {"id": source.id}
        ).scalar()
    assert left == 0
    assert store.item(source, "guid-1") is None
