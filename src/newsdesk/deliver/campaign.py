"""Preparing a campaign: the release rendered once per language, the audience as ledger rows,
and each recipient's personal values (salutation, signed links, Message-ID)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.audience.addresses import deliverable
from newsdesk.core import Release, Workspace
from newsdesk.core.recipient import display_name
from newsdesk.deliver.ledger import Delivery, LedgerRow
from newsdesk.deliver.message import Content, Message
from newsdesk.deliver.tokens import TokenMaker
from newsdesk.render.preview import web_version_url

TEST_PREFIX = "[TEST] "
log = logging.getLogger(__name__)


def language_for(lang: str, languages: Sequence[str]) -> str:
    """The language a contact reads: theirs if the workspace has it; none known, the
    source language (as an import gives a contact without one); another, English if the
    workspace has it, else the source language."""
    lang = (lang or "").strip().lower()[:2]
    if lang in languages:
        return lang
    if not lang:
        return languages[0]
    return "en" if "en" in languages else languages[0]


def languages_needed(store: Any, lists: Sequence[str], languages: Sequence[str]) -> list[str]:
    """The languages the audience of ``lists`` gets (see ``language_for``), in the
    workspace's order; one query of the ``ContactStore`` ``store``."""
    return sorted(
        {language_for(lang, languages) for lang in store.audience_languages(lists)},
        key=languages.index,
    )


def ledger_rows(store: Any, lists: Sequence[str], languages: Sequence[str]) -> Iterator[LedgerRow]:
    """The audience of ``lists`` (``ContactStore`` ``store``) as delivery rows, streamed,
    each greeted in the language it reads. From the contacts' rows: for a whole audience,
    a Recipient apiece cost a fifth of writing the ledger. The readers of a language
    come together: a batch, claimed and sent per language, then lies on half as many
    database pages as when the languages alternate, and claiming and recording it
    cost a fifth less."""
    from newsdesk.render.salutation import greeting

    reads: dict[str, str] = {}  # a contact's language as written → the one they read
    rows = store.audience_rows(lists, by_language=True)
    for contact_id, email, written, first, last, gender, title, _ in rows:
        lang = reads.get(written)
        if lang is None:
            lang = reads[written] = language_for(written, languages)
        yield LedgerRow(
            contact_id,
            email,
            display_name(first, last),
            greeting(lang, gender, title, first, last),
            lang,
        )


def reread_audience(
    store: Any,
    ledger: Any,
    campaign_id: int,
    lists: Sequence[str],
    languages: Sequence[str],
    readable: Iterable[str],
) -> None:
    """Bring a campaign's pending rows up to date with the lists' audience: people who
    left it since are not sent to, and those who switched to another of the
    ``readable`` languages get that one (see :func:`follow_language_switches`)."""
    departed = ledger.drop_departed(campaign_id, store.audience_ids(lists))
    if departed:
        log.info("campaign %s: %d left the audience since it began", campaign_id, departed)
    switched = follow_language_switches(store, ledger, campaign_id, languages, readable)
    if switched:
        log.info("campaign %s: %d switched language since it began", campaign_id, switched)


def follow_language_switches(
    store: Any,
    ledger: Any,
    campaign_id: int,
    languages: Sequence[str],
    readable: Iterable[str],
) -> int:
    """Pending rows of people who now read another language — they switched on the
    preferences page while the campaign was paused or sending — get it, with its
    greeting, if it is one of ``readable``; returns how many. Nobody gets a language
    they have left for the one the campaign began with."""
    from newsdesk.render.salutation import greeting

    pending = ledger.pending(campaign_id)
    people = store.greeting_fields([contact_id for _, contact_id, _ in pending])
    readable = set(readable)
    changes = []
    for row_id, contact_id, lang in pending:
        fields = people.get(contact_id)
        if fields is None:
            continue
        written, first, last, gender, title = fields
        reads = language_for(written, languages)
        if reads != lang and reads in readable:
            changes.append((row_id, reads, greeting(reads, gender, title, first, last)))
    ledger.relabel(changes)
    return len(changes)


def render_languages(
    workspace: Workspace, release: Release, languages: Iterable[str], *, fallback: bool
) -> dict[str, Any]:
    """``{lang: RenderedEmail}``: localized and compiled once each. An incomplete
    translation raises here, before anything is written (unless ``fallback``)."""
    from newsdesk.render import render_release
    from newsdesk.translate import localize

    rendered = {}
    for lang in languages:
        localized = localize(release, workspace, lang, fallback=fallback)
        rendered[lang] = render_release(localized, workspace)
    return rendered


def _list_id(workspace: Workspace, lists: Sequence[str]) -> str:
    config = workspace.config
    domain = config.sender_email.rpartition("@")[2] or "localhost"
    label = ".".join(re.sub(r"[^a-z0-9-]+", "-", name.lower()) for name in lists) or "newsletter"
    brand = config.brand.replace('"', "'")
    return f'"{brand}" <{label}.{domain}>'


def link_prefixes(workspace: Workspace) -> dict[str, str]:
    """Each recipient's links, but the token they end in (see ``Content.links``)."""
    base = workspace.config.base_url
    return {"unsubscribe_url": f"{base}/u/", "preferences_url": f"{base}/p/"}


def make_content(
    workspace: Workspace,
    rendered: Any,
    campaign_id: int,
    lists: Sequence[str],
    *,
    test: bool = False,
) -> Content:
    config = workspace.config
    delivery = config.section("delivery")
    mailto = str(delivery.get("unsubscribe_mailto") or config.reply_to or config.sender_email)
    return Content(
        rendered=rendered,
        campaign_id=campaign_id,
        sender_name=config.sender_name,
        sender_email=config.sender_email,
        reply_to=config.reply_to,
        list_id=_list_id(workspace, lists),
        unsubscribe_mailto=f"mailto:{mailto}?subject=unsubscribe",
        tag=str(delivery.get("tag") or f"newsdesk-{campaign_id}"),
        test=test,
        subject_prefix=TEST_PREFIX if test else "",
        shared={"web_url": web_version_url(workspace, rendered.slug, rendered.lang)},
        links=link_prefixes(workspace),
    )


@dataclass
class Personaliser:
    """Builds each recipient's :class:`Message` from a delivery row."""

    campaign_id: int
    contents: Mapping[str, Content]
    tokens: TokenMaker

    def __post_init__(self) -> None:
        self._domains = {lang: c.sender_domain for lang, c in self.contents.items()}

    @classmethod
    def create(
        cls, workspace: Workspace, campaign_id: int, contents: Mapping[str, Content]
    ) -> Personaliser:
        return cls(campaign_id, contents, TokenMaker(workspace.root))

    def message(self, row: Delivery) -> Message:
        """The recipient's copy: greeting, the token its links end in (the web version's
        address is each content's own, see ``make_content``) and a Message-ID."""
        delivery_id, email, name, salutation, lang, contact_id = row[:6]
        return Message(
            delivery_id,
            deliverable(email),
            name,
            self.contents[lang],
            salutation,
            self.tokens.make(delivery_id, contact_id, self.campaign_id),
            f"<newsdesk.{self.campaign_id}.{delivery_id}@{self._domains[lang]}>",
        )


def release_path_text(path: Path) -> str:
    return str(path.resolve())
