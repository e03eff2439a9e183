"""``send_campaign``: release × lists → ledger → provider, each contact exactly once.

The audience is written to the ledger in one transaction before the first
message leaves; then rows are claimed a batch at a time, per language, sent,
and their outcome recorded. A paused or crashed campaign goes on with
``resume=CAMPAIGN``; several workers may run one campaign at once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.core import NewsdeskError, Workspace
from newsdesk.core.db import connect
from newsdesk.deliver.campaign import (
    Personaliser,
    language_for,
    ledger_rows,
    make_content,
    render_languages,
)
from newsdesk.deliver.ledger import Campaign, Delivery, Ledger, worker_id
from newsdesk.deliver.message import Message
from newsdesk.deliver.providers import PROVIDERS, Context, PauseCampaign, Provider, SendResult
from newsdesk.deliver.providers.base import FAILED, RETRY, UNKNOWN

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]


@dataclass
class SendReport:
    """What a send did: counts per language and status, the rows left ``unknown``."""

    campaign_id: int | None
    provider: str
    status: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    dry_run: bool = False
    test: bool = False

    def total(self, status: str) -> int:
        return sum(by_status.get(status, 0) for by_status in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign_id,
            "provider": self.provider,
            "status": self.status,
            "counts": self.counts,
            "unknown": self.unknown,
            "message": self.message,
            "dry_run": self.dry_run,
            "test": self.test,
        }


def make_provider(
    name: str,
    workspace: Workspace | None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> Provider:
    """The provider ``name`` built from the environment (``options`` go to its constructor)."""
    if name not in PROVIDERS:
        raise NewsdeskError(
            f"unknown provider {name!r}; choose one of {', '.join(sorted(PROVIDERS))}"
        )
    delivery = workspace.config.section("delivery") if workspace else {}
    rate = delivery.get("rate_limit")
    context = Context(
        env=dict(os.environ if env is None else env),
        workspace_root=workspace.root if workspace else None,
        rate_limit=float(rate) if isinstance(rate, int | float) else None,
    )
    return PROVIDERS[name](context, **options)


class Sender:
    """Sends one campaign's pending rows through one provider, batch by batch."""

    def __init__(
        self,
        ledger: Ledger,
        campaign_id: int,
        personaliser: Personaliser,
        provider: Provider,
        *,
        worker: str | None = None,
        progress: Progress | None = None,
        on_dead_address: Callable[[str, str], None] | None = None,
    ) -> None:
        self.ledger = ledger
        self.campaign_id = campaign_id
        self.personaliser = personaliser
        self.provider = provider
        self.worker = worker or worker_id()
        self.progress = progress or (lambda _lang, _n: None)
        self.on_dead_address = on_dead_address
        self.batch_size = provider.capabilities.max_batch

    def run(self) -> str:
        """Send until nothing is pending; returns a pause message, or "" when done."""
        try:
            _unknown, keys = self.ledger.recover(
                self.campaign_id,
                self.worker,
                idempotent=self.provider.capabilities.idempotency_keys,
            )
            for key in keys:
                rows = self.ledger.batch(self.campaign_id, key, self.worker)
                if rows and self._send(rows, key):
                    return self.pause_message
            for lang in self.ledger.languages(self.campaign_id):
                while True:
                    key, rows = self.ledger.claim(
                        self.campaign_id, lang, self.batch_size, self.worker
                    )
                    if not rows:
                        break
                    if self._send(rows, key):
                        return self.pause_message
        except PauseCampaign as pause:
            return pause.message
        return ""

    pause_message = ""

    def _send(self, rows: list[Delivery], key: str) -> bool:
        """Send one claimed batch; True when the campaign must pause."""
        messages: list[Message] = [self.personaliser.message(row) for row in rows]
        try:
            results = self.provider.send_batch(messages, idempotency_key=key)
        except PauseCampaign as pause:
            self.ledger.release(rows, self.worker, pause.message)
            raise
        self.ledger.record(results, self.worker)
        self._suppress(messages, results)
        self.progress(rows[0].lang, sum(r.status != RETRY for r in results))
        retried = [r for r in results if r.status == RETRY]
        if retried and len(retried) == len(results):
            self.pause_message = (
                f"{self.provider.name} kept refusing ({retried[0].error}); "
                f"nothing of the last batch was sent — `newsdesk send --resume "
                f"{self.campaign_id}` continues"
            )
            return True
        return False

    def _suppress(self, messages: list[Message], results: list[SendResult]) -> None:
        if self.on_dead_address is None:
            return
        by_id = {m.delivery_id: m for m in messages}
        for result in results:
            if result.status == FAILED and result.suppress:
                self.on_dead_address(by_id[result.delivery_id].email, result.error)


def _suppressor(workspace: Workspace, provider: str) -> Callable[[str, str], None]:
    from newsdesk.audience import ContactStore

    store = ContactStore.for_workspace(workspace)

    def suppress(email: str, reason: str) -> None:
        store.suppress(email, "bounced", source=f"{provider}: {reason}"[:200])

    return suppress


def _report(ledger: Ledger, campaign: Campaign, message: str) -> SendReport:
    unknown = [
        {"id": row["id"], "email": row["email"], "lang": row["lang"], "error": row["error"]}
        for row in ledger.rows(campaign.id, UNKNOWN)
    ]
    return SendReport(
        campaign_id=campaign.id,
        provider=campaign.provider,
        status=campaign.status,
        counts=ledger.counts(campaign.id),
        unknown=unknown,
        message=message,
        test=campaign.is_test,
    )


def _finish(ledger: Ledger, campaign_id: int, pause: str) -> None:
    counts = ledger.counts(campaign_id)
    open_rows = sum(c.get("pending", 0) + c.get("sending", 0) for c in counts.values())
    if pause:
        ledger.set_status(campaign_id, "paused", pause)
    elif open_rows == 0:
        ledger.set_status(campaign_id, "sent")


def send_campaign(
    workspace: Workspace,
    release_file: Path | None = None,
    lists: tuple[str, ...] | list[str] = (),
    *,
    provider: str | Provider | None = None,
    fallback: bool = False,
    dry_run: bool = False,
    test_to: str | None = None,
    resume: int | None = None,
    env: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
    worker: str | None = None,
) -> SendReport:
    """Send ``release_file`` to ``lists`` (or go on with campaign ``resume``)."""
    from newsdesk.audience import ContactStore
    from newsdesk.ingest import read_release

    ledger = Ledger(connect(workspace.database_url))
    if resume is not None:
        campaign = ledger.campaign(resume)
        release_file = Path(campaign.release_path)
        lists, fallback = campaign.lists, campaign.fallback
    if release_file is None:
        raise NewsdeskError("name a release file, or --resume CAMPAIGN")
    release = read_release(release_file)
    languages = workspace.config.languages
    provider_name = provider if isinstance(provider, str) else None
    if resume is not None and provider is None:
        provider_name = campaign.provider
    if provider is None or isinstance(provider, str):
        provider_name = provider_name or workspace.config.provider
        if provider_name not in PROVIDERS:
            make_provider(provider_name, workspace, env)  # raises the clear error
    else:
        provider_name = provider.name

    if test_to:
        return _send_test(workspace, release, test_to, provider, provider_name, fallback, env)

    if resume is None:
        if not lists:
            raise NewsdeskError("name at least one list: --list NAME")
        store = ContactStore.for_workspace(workspace)
        wanted = sorted(
            {language_for(recipient.lang, languages) for recipient in store.audience(lists)},
            key=languages.index,
        )
        if not wanted:
            raise NewsdeskError(
                f"nobody to send to: the list(s) {', '.join(lists)} have no subscribed, "
                "unsuppressed contact"
            )
        rendered = render_languages(workspace, release, wanted, fallback=fallback)
        if dry_run:
            return _dry_run(workspace, release.slug, rendered, store, lists, provider_name)
        campaign_id, _total = ledger.create(
            release_slug=release.slug,
            release_path=str(release_file.resolve()),
            title=release.title,
            lists=lists,
            provider=provider_name,
            fallback=fallback,
            recipients=ledger_rows(store.audience(lists), languages),
        )
    else:
        campaign_id = resume
        if campaign.status == "cancelled":
            raise NewsdeskError(f"campaign {campaign_id} was cancelled; nothing sent")
        wanted = ledger.languages(campaign_id, ("pending", "sending"))
        rendered = render_languages(workspace, release, wanted, fallback=fallback)
        if dry_run:
            return _report(ledger, campaign, "dry run: nothing sent")
        ledger.set_status(campaign_id, "sending", "")

    contents = {
        lang: make_content(workspace, email, campaign_id, lists) for lang, email in rendered.items()
    }
    sender_provider = (
        provider
        if provider is not None and not isinstance(provider, str)
        else make_provider(provider_name, workspace, env)
    )
    if on_total is not None:
        counts = ledger.counts(campaign_id)
        on_total(sum(c.get("pending", 0) + c.get("sending", 0) for c in counts.values()))
    sender = Sender(
        ledger,
        campaign_id,
        Personaliser.create(workspace, campaign_id, release.slug, contents),
        sender_provider,
        worker=worker,
        progress=progress,
        on_dead_address=_suppressor(workspace, provider_name),
    )
    configured = workspace.config.section("delivery").get("batch_size")
    if isinstance(configured, int) and configured > 0:
        sender.batch_size = min(configured, sender.batch_size)
    try:
        pause = sender.run()
    finally:
        if sender_provider is not provider:
            sender_provider.close()
    _finish(ledger, campaign_id, pause)
    return _report(ledger, ledger.campaign(campaign_id), pause)


def _dry_run(
    workspace: Workspace,
    slug: str,
    rendered: dict[str, Any],
    store: Any,
    lists: tuple[str, ...] | list[str],
    provider_name: str,
) -> SendReport:
    """Build every recipient's message without writing or sending anything."""
    contents = {lang: make_content(workspace, email, 0, lists) for lang, email in rendered.items()}
    personaliser = Personaliser.create(workspace, 0, slug, contents)
    counts: dict[str, dict[str, int]] = {}
    for index, row in enumerate(ledger_rows(store.audience(lists), workspace.config.languages)):
        delivery = Delivery(
            index + 1,
            row["email"],
            row["name"],
            row["salutation"],
            row["lang"],
            row["contact_id"],
            0,
            "",
        )
        personaliser.message(delivery).bodies()
        by_status = counts.setdefault(row["lang"], {})
        by_status["pending"] = by_status.get("pending", 0) + 1
    return SendReport(
        None,
        provider_name,
        "dry-run",
        counts,
        dry_run=True,
        message="dry run: every message rendered, nothing written or sent",
    )


def _send_test(
    workspace: Workspace,
    release: Any,
    address: str,
    provider: str | Provider | None,
    provider_name: str,
    fallback: bool,
    env: Mapping[str, str] | None,
) -> SendReport:
    """One copy per language to ``address``, subject marked [TEST]; recorded as a test campaign."""
    from newsdesk.render import neutral_salutation

    languages = workspace.config.languages
    rendered = render_languages(workspace, release, languages, fallback=fallback)
    ledger = Ledger(connect(workspace.database_url))
    campaign_id, _ = ledger.create(
        release_slug=release.slug,
        release_path=str(release.path or ""),
        title=release.title,
        lists=(),
        provider=provider_name,
        fallback=fallback,
        recipients=(),
        is_test=True,
    )
    contents = {
        lang: make_content(workspace, email, campaign_id, ["test"], test=True)
        for lang, email in rendered.items()
    }
    personaliser = Personaliser.create(workspace, campaign_id, release.slug, contents)
    messages = [
        personaliser.message(
            Delivery(index, address, "", neutral_salutation(lang), lang, None, 0, "")
        )
        for index, lang in enumerate(languages)
    ]
    sender = (
        provider
        if provider is not None and not isinstance(provider, str)
        else make_provider(provider_name, workspace, env)
    )
    try:
        results = [sender.send_batch([m])[0] for m in messages]
    except PauseCampaign as pause:
        ledger.set_status(campaign_id, "failed", pause.message)
        raise
    finally:
        if sender is not provider:
            sender.close()
    counts: dict[str, dict[str, int]] = {}
    for message, result in zip(messages, results, strict=True):
        counts.setdefault(message.content.lang, {})[result.status] = 1
    failed = [r.error for r in results if r.status != "sent"]
    ledger.set_status(campaign_id, "failed" if failed else "sent", "; ".join(failed))
    return SendReport(
        campaign_id,
        provider_name,
        "failed" if failed else "sent",
        counts,
        message="; ".join(failed),
        test=True,
    )
