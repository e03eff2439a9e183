from __future__ import annotations

import re
import socket

import pytest
from deepl_fake import QUOTA_KEY, FakeDeepL

from newsdesk.core import Block, NewsdeskError, Release, Workspace
from newsdesk.translate import ContentCatalog, segments
from newsdesk.translate.deepl import FREE_URL, PRO_URL, DeepL
from newsdesk.translate.draft import draft


def client(**options: object) -> DeepL:
    return DeepL.from_env(backoff=0.0, **options)  # type: ignore[arg-type]


def test_endpoint_follows_the_key() -> None:
    assert DeepL.from_env({"DEEPL_AUTH_KEY": "abc:fx"}).base_url == FREE_URL
    assert DeepL.from_env({"DEEPL_AUTH_KEY": "abc"}).base_url == PRO_URL
    moved = DeepL.from_env({"DEEPL_AUTH_KEY": "abc", "NEWSDESK_DEEPL_URL": "http://127.0.0.1:9/"})
    assert moved.base_url == "http://127.0.0.1:9"


def test_no_key_is_a_clear_error() -> None:
    with pytest.raises(NewsdeskError, match="set DEEPL_AUTH_KEY"):
        DeepL.from_env({})


def test_draft_fills_entries_as_fuzzy_machine_drafts(
    workspace: Workspace, release: Release, fake_deepl: FakeDeepL
) -> None:
    report = draft(workspace, release, "en", client(formality="more", glossary_id="g-123"))
    assert not fake_deepl.problems
    (request,) = fake_deepl.requests
    assert request["auth"] == "DeepL-Auth-Key 0f3a-test-key:fx"
    body = request["body"]
    assert body["source_lang"] == "DE" and body["target_lang"] == "EN-GB"
    assert body["formality"] == "prefer_more" and body["glossary_id"] == "g-123"
    assert body["tag_handling"] == "xml"
    assert body["text"][segments(release)[5].index - 1] == (
        'Die Zahlen im Einzelnen stehen unter <a id="0">hafen.example.org/zahlen</a> bereit.'
    )
    assert len(report.filled) == len(segments(release)) and not report.skipped

    catalog = ContentCatalog.for_release(workspace, release, "en")
    message = catalog.get(release.blocks[1].text)
    assert message is not None and message.fuzzy
    assert message.string == (
        "EN-GB: Die Zahlen im Einzelnen stehen unter "
        "[hafen.example.org/zahlen](https://hafen.example.org/zahlen) bereit."
    )
    assert message.user_comments == ["machine translation (DeepL)"]
    assert "# machine translation (DeepL)\n" in catalog.path.read_text(encoding="utf-8")
    boilerplate = catalog.get(release.boilerplate)
    assert boilerplate is not None
    assert str(boilerplate.string).endswith("Mehr: www.hafen.example.org")

    # A second run sends nothing: every entry holds an unreviewed draft already.
    again = draft(workspace, release, "en", client())
    assert again.filled == [] and len(fake_deepl.requests) == 1


def test_only_empty_and_fuzzy_entries_are_sent(
    workspace: Workspace, release: Release, fake_deepl: FakeDeepL
) -> None:
    catalog = ContentCatalog.for_release(workspace, release, "en")
    catalog.update(release, "releases/hafen-2026.md")
    for message in list(catalog.messages()):
        catalog.set_translation(message.id, f"EN {message.id}", fuzzy=False)
    catalog.set_translation(release.title, "EN stale", fuzzy=True)
    catalog.set_translation(release.subtitle, "", fuzzy=False)
    catalog.save()
    report = draft(workspace, release, "en", client())
    assert report.filled == ["title", "subtitle"]
    assert fake_deepl.requests[0]["body"]["text"] == [
        "Hafen Musterstadt meldet <b>Rekordjahr</b>",
        "Umschlag um 18 % gegenüber dem Vorjahr gestiegen",
    ]
    reread = ContentCatalog.for_release(workspace, release, "en")
    assert reread.get(release.title).string == "EN-GB: Hafen Musterstadt meldet **Rekordjahr**"  # type: ignore[union-attr]
    assert reread.translation(release.blocks[0].text) == f"EN {release.blocks[0].text}"


def test_many_segments_go_in_batches(
    workspace: Workspace, release: Release, fake_deepl: FakeDeepL
) -> None:
    long = "Ein langer Absatz über den Hafen und seine Geschichte. " * 60
    release.blocks.extend(Block("paragraph", text=f"{number}: {long}") for number in range(80))
    draft(workspace, release, "en", client())
    sizes = [len(request["body"]["text"]) for request in fake_deepl.requests]
    assert sum(sizes) == len(segments(release)) and len(sizes) >= 3
    assert max(sizes) <= 50
    assert not fake_deepl.problems


def test_429_and_5xx_are_retried(
    workspace: Workspace, release: Release, fake_deepl: FakeDeepL
) -> None:
    fake_deepl.fail_next = [429, 503]
    report = draft(workspace, release, "en", client())
    assert len(fake_deepl.requests) == 3 and report.filled


def test_retries_are_bounded_and_nothing_is_written(
    workspace: Workspace, release: Release, fake_deepl: FakeDeepL
) -> None:
    fake_deepl.fail_next = [429] * 10
    with pytest.raises(NewsdeskError, match=r"DeepL failed 3 times \(last: 429"):
        draft(workspace, release, "en", client(max_attempts=3))
    assert len(fake_deepl.requests) == 3
    assert not workspace.catalog_path(release.slug, "en").exists()


@pytest.mark.parametrize(
    ("key", "message"),
    [("wrong-key", r"refused the key \(403\)"), (QUOTA_KEY, r"quota exceeded \(456\)")],
)
def test_refusals_are_clear(
    workspace: Workspace,
    release: Release,
    fake_deepl: FakeDeepL,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    message: str,
) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", key)
    with pytest.raises(NewsdeskError, match=message) as caught:
        draft(workspace, release, "en", client())
    assert key not in str(caught.value)
    assert len(fake_deepl.requests) == 1


class TagDropper:
    """An engine whose answers lose their tags, as a misbehaving service might."""

    name = "Dropper"

    def translate(self, texts: list[str]) -> list[str]:
        return [re.sub(r"<[^>]+>", "", text) for text in texts]


def test_answers_that_lose_a_link_are_not_used(workspace: Workspace, release: Release) -> None:
    report = draft(workspace, release, "en", TagDropper())
    # The bare address lost its <x> tag and with it the address itself.
    assert report.skipped == ["boilerplate: link https://www.hafen.example.org is missing"]
    catalog = ContentCatalog.for_release(workspace, release, "en")
    assert catalog.get(release.boilerplate).string == ""  # type: ignore[union-attr]
    assert catalog.get(release.title).fuzzy  # type: ignore[union-attr]


def test_no_server_is_a_clear_error(
    workspace: Workspace, release: Release, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DEEPL_AUTH_KEY", "some-key:fx")
    monkeypatch.setenv("NEWSDESK_DEEPL_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(NewsdeskError, match=r"DeepL failed 2 times \(last: no answer from"):
        draft(workspace, release, "en", client(max_attempts=2))
    monkeypatch.setenv("NEWSDESK_DEEPL_URL", "api.deepl.com")
    with pytest.raises(NewsdeskError, match="check NEWSDESK_DEEPL_URL"):
        draft(workspace, release, "en", client())
    assert not workspace.catalog_path(release.slug, "en").exists()
