"""``send_campaign``: release × lists → ledger → provider, each contact exactly once.

The audience is written to the ledger in one transaction before the first
message leaves; then rows are claimed a batch at a time, per language, sent,
and their outcome recorded. A paused or crashed campaign goes on with
``resume=CAMPAIGN``; several workers may run one campaign at once.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.core.db import connect
from newsdesk.core.release import require_approved
from newsdesk.deliver.campaign import (
    Personaliser,
    languages_needed,
    ledger_rows,
    make_content,
    render_languages,
    reread_audience,
)
from newsdesk.deliver.ledger import Campaign, Delivery, Ledger, worker_id
from newsdesk.deliver.message import Message
from newsdesk.deliver.providers import PROVIDERS, Context, PauseCampaign, Provider, SendResult
from newsdesk.deliver.providers.base import FAILED, RETRY
from newsdesk.deliver.report import SendReport, report_of

__all__ = ["SendReport", "Sender", "make_provider", "send_campaign", "send_pending"]
from newsdesk.deliver import trials

if TYPE_CHECKING:
    from newsdesk.checks import CheckReport

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]
MAX_ATTEMPTS = 5
LANE_SWITCH_INTERVAL = 0.0005  # seconds; see _sending_settings
# how often a send that runs long (a rate limit, a slow SMTP server) looks again for
# people who left the audience meanwhile: an unsubscribe counts within a minute
AUDIENCE_RECHECK_SECONDS = 60.0


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
    """Sends one campaign's pending rows through one provider, batch by batch.

    A provider that takes parallel requests gets that many lanes (threads), each
    claiming, sending and recording its own batches like a separate worker would: one
    batch is encoded and its rows recorded while another is on the wire."""

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
        recheck_audience: Callable[[], None] | None = None,
    ) -> None:
        self.ledger = ledger
        self.campaign_id = campaign_id
        self.personaliser = personaliser
        self.provider = provider
        self.worker = worker or worker_id()
        self.progress = progress or (lambda _lang, _n: None)
        self.on_dead_address = on_dead_address
        self.recheck_audience = recheck_audience
        self.batch_size = provider.capabilities.max_batch
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._recheck_at = time.monotonic() + AUDIENCE_RECHECK_SECONDS

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
        except PauseCampaign as pause:
            return pause.message
        lanes = max(1, self.provider.capabilities.parallel_requests)
        with _sending_settings():
            if lanes == 1:
                return self._drain()
            with ThreadPoolExecutor(lanes, thread_name_prefix="newsdesk-send") as pool:
                outcomes = [pool.submit(self._drain) for _ in range(lanes)]
                return next((pause for pause in (o.result() for o in outcomes) if pause), "")

    def _drain(self) -> str:
        """Claim and send batches until none is pending or the campaign must pause.
        Language by language, and again while any is pending: a recheck of the audience
        may give a row a language already done."""
        try:
            while languages := self.ledger.languages(self.campaign_id):
                for lang in languages:
                    while not self._stop.is_set():
                        self._recheck_if_due()
                        key, rows = self.ledger.claim(
                            self.campaign_id, lang, self.batch_size, self.worker
                        )
                        if not rows:
                            break
                        if self._send(rows, key):
                            self._stop.set()
                            return self.pause_message
                if self._stop.is_set():
                    break
        except PauseCampaign as pause:
            self._stop.set()
            return pause.message
        except BaseException:
            self._stop.set()  # the other lanes end after their batch in flight
            raise
        return ""

    pause_message = ""

    def _recheck_if_due(self) -> None:
        """Every ``AUDIENCE_RECHECK_SECONDS``, bring the pending rows up to date with the
        audience (see ``send_pending``; one lane does it, the others go on)."""
        if self.recheck_audience is None:
            return
        with self._lock:
            now = time.monotonic()
            if now < self._recheck_at:
                return
            self._recheck_at = now + AUDIENCE_RECHECK_SECONDS
        self.recheck_audience()

    def _send(self, rows: list[Delivery], key: str) -> bool:
        """Send one claimed batch; True when the campaign must pause."""
        messages: list[Message] = [self.personaliser.message(row) for row in rows]
        try:
            results = self.provider.send_batch(messages, idempotency_key=key)
        except PauseCampaign as pause:
            self.ledger.release(rows, self.worker, pause.message)
            raise
        retried = [r for r in results if r.status == RETRY]
        everything_refused = bool(retried) and len(retried) == len(results)
        everything_refused = everything_refused and not any(r.only_this for r in retried)
        if retried and not everything_refused:
            # a temporary refusal of single recipients (SMTP 4xx) is retried a few times
            attempts = {row.id: row.attempts for row in rows}
            for result in retried:
                if attempts[result.delivery_id] >= MAX_ATTEMPTS:
                    result.status = FAILED
                    result.error = f"gave up after {MAX_ATTEMPTS} attempts: {result.error}"
        self.ledger.record(results, self.worker)
        self._suppress(messages, results)
        with self._lock:
            self.progress(rows[0].lang, sum(r.status != RETRY for r in results))
        if everything_refused:
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


class _SendingSettings:
    """How many senders run in this process, and the switch interval to restore."""

    lock = threading.Lock()
    senders = 0
    restore = 0.0


@contextmanager
def _sending_settings() -> Iterator[None]:
    """The process's settings while a send runs; the first of several senders running
    at once makes them, the last gives the previous ones back.

    - Shorter GIL turns. A lane coming back from the socket or from SQLite waits for
      the GIL until the other lane, busy encoding, gives it up: by default after 5 ms,
      which had one lane waiting for most of a send.
    - The objects made before the send are frozen out of the cycle collector
      (``gc.freeze``). A batch makes thousands of rows and messages, and each time they
      set off a full collection, it walked every object of the process as well (the
      rendered languages, the modules): about 7 % of the sender's CPU."""
    with _SendingSettings.lock:
        if _SendingSettings.senders == 0:
            _SendingSettings.restore = sys.getswitchinterval()
            sys.setswitchinterval(min(_SendingSettings.restore, LANE_SWITCH_INTERVAL))
            gc.freeze()
        _SendingSettings.senders += 1
    try:
        yield
    finally:
        with _SendingSettings.lock:
            _SendingSettings.senders -= 1
            if _SendingSettings.senders == 0:
                sys.setswitchinterval(_SendingSettings.restore)
                gc.unfreeze()


def _suppressor(workspace: Workspace, provider: str) -> Callable[[str, str], None]:
    from newsdesk.audience import ContactStore

    store = ContactStore.for_workspace(workspace)

    def suppress(email: str, reason: str) -> None:
        store.suppress(email, "bounced", source=f"{provider}: {reason}"[:200])

    return suppress


def _open_rows(counts: Mapping[str, Mapping[str, int]]) -> int:
    """How many rows of ``{lang: {status: n}}`` are still to send (pending or sending)."""
    return sum(c.get("pending", 0) + c.get("sending", 0) for c in counts.values())


def finish_campaign(ledger: Ledger, campaign_id: int, pause: str) -> dict[str, dict[str, int]]:
    """After a sender stopped: the campaign paused (with why), or sent when no row is
    open; returns the ledger's counts (``{lang: {status: n}}``) it decided by."""
    counts = ledger.counts(campaign_id)
    if pause:
        ledger.set_status(campaign_id, "paused", pause)
    elif not _open_rows(counts):
        ledger.set_status(campaign_id, "sent")
    return counts


def _refuse_unclaimed(workspace: Workspace, ledger: Ledger, campaign: Campaign) -> None:
    """A scheduled campaign goes out when its job claims it (status ``sending``), and
    one that failed before its audience was written has nobody in its ledger: resuming
    either by hand would mark it sent with nobody reached."""
    number = campaign.id
    if campaign.status == "scheduled":
        when = campaign.scheduled_at
        at = (
            f"{when.astimezone(workspace.config.tz):%Y-%m-%d %H:%M %Z}"
            if when is not None
            else "later"
        )
        raise NewsdeskError(
            f"campaign {number} is scheduled for {at}; it goes out then — use "
            f"`newsdesk schedule move {number} --at …` or `newsdesk schedule cancel {number}`"
        )
    if campaign.status == "cancelled":
        raise NewsdeskError(
            f"campaign {number} was cancelled; nothing was or will be sent — send the "
            "release again with `newsdesk send FILE --list NAME` or schedule it anew"
        )
    if not campaign.is_test and not ledger.counts(number):
        why = f" ({campaign.error})" if campaign.error else ""
        raise NewsdeskError(
            f"campaign {number} has nobody in its ledger: it stopped before its audience "
            f"was written{why}, and nothing was sent — send the release again with "
            "`newsdesk send FILE --list NAME` or schedule it anew"
        )


def _checked(
    workspace: Workspace,
    release: Release,
    languages: Sequence[str],
    *,
    fallback: bool,
    force: str | None,
    dry_run: bool,
) -> CheckReport:
    """The pre-send checks of ``newsdesk check``, now: an error (embargo, Gmail
    clipping, a missing unsubscribe link…) stops the send before the ledger is written,
    and so does a warning unless ``force`` says why to send anyway. A dry run only
    reports what would stop the send."""
    from newsdesk.checks import check_before_sending

    return check_before_sending(
        release,
        workspace,
        languages=languages,
        send_at=datetime.now(workspace.config.tz),
        fallback=fallback,
        force=force,
        dry_run=dry_run,
    )


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
    force: str | None = None,
    rendered: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
    worker: str | None = None,
) -> SendReport:
    """Send ``release_file`` to ``lists`` (or go on with campaign ``resume``).

    ``force`` is the reason to send despite warnings of the pre-send checks
    (``--force REASON``); errors always stop a send, also a resumed one. ``rendered``
    (``{lang: RenderedEmail}``): a scheduled send's job has checked and rendered the
    release as it fired, and resumes the campaign with those."""
    from newsdesk.audience import ContactStore
    from newsdesk.checks import forced_reason
    from newsdesk.ingest import read_release

    force = forced_reason(force)
    ledger = Ledger(connect(workspace.database_url))
    campaign = ledger.campaign(resume) if resume is not None else None
    if campaign is not None:
        _refuse_unclaimed(workspace, ledger, campaign)
        release_file = Path(campaign.release_path)
        lists, fallback = campaign.lists, campaign.fallback
        provider = provider or campaign.provider
    if release_file is None:
        raise NewsdeskError("name a release file, or --resume CAMPAIGN")
    release = read_release(release_file)
    languages = workspace.config.languages
    configured = not provider
    provider = provider or workspace.config.provider
    provider_name = provider if isinstance(provider, str) else provider.name
    if provider_name not in PROVIDERS:
        setting = "delivery.provider in newsdesk.toml" if configured else "provider"
        raise NewsdeskError(
            f"unknown {setting} {provider_name!r}; choose one of {', '.join(sorted(PROVIDERS))}"
        )

    if not (test_to or dry_run):
        require_approved(release)
    if test_to:
        sender = (
            provider if not isinstance(provider, str) else make_provider(provider, workspace, env)
        )
        try:
            return trials.send_test(workspace, release, test_to, sender, fallback)
        finally:
            if sender is not provider:
                sender.close()
    if campaign is None and not lists:
        raise NewsdeskError("name at least one list: --list NAME")
    store = ContactStore.for_workspace(workspace)
    if campaign is None:
        wanted = languages_needed(store, lists, languages)
        if not wanted:
            raise NewsdeskError(
                f"nobody to send to: the list(s) {', '.join(lists)} have no subscribed, "
                "unsuppressed contact"
            )
    else:
        if not dry_run:
            # before the languages are rendered: a reader who switched gets theirs
            reread_audience(store, ledger, campaign.id, lists, languages, languages)
        wanted = ledger.languages(campaign.id, ("pending", "sending"))
    checks = None
    if campaign is None or rendered is None:
        if campaign is not None and force is None:
            # a resume goes on days later, with the release as it is now: checked again,
            # the warnings overridden when it began still are
            force = campaign.forced or None
        checks = _checked(
            workspace, release, wanted, fallback=fallback, force=force, dry_run=dry_run
        )
        rendered = checks.rendered
    emails = (
        {lang: rendered[lang] for lang in wanted}
        if rendered is not None and set(wanted) <= set(rendered)
        else render_languages(workspace, release, wanted, fallback=fallback)
    )
    if dry_run:
        if campaign is not None:
            report = report_of(ledger, campaign, "dry run: nothing sent")
            report.dry_run = True
        else:
            report = trials.dry_run(workspace, emails, store, lists, provider_name)
        report.with_checks(checks, force)
        return report
    forced, overridden = checks.override(force) if checks is not None else ("", [])

    # Built before anything is written, so a missing credential leaves no campaign behind.
    sender_provider = (
        provider if not isinstance(provider, str) else make_provider(provider, workspace, env)
    )
    try:
        total = None
        if campaign is None:
            campaign_id, total = ledger.create(
                release_slug=release.slug,
                release_path=str(release_file.resolve()),
                title=release.title,
                lists=lists,
                provider=provider_name,
                fallback=fallback,
                recipients=ledger_rows(store, lists, languages),
                forced=forced,
                forced_warnings=overridden,
            )
            if forced:
                log.warning(
                    "campaign %s goes out despite %d warning(s) of the checks, forced: %s",
                    campaign_id,
                    len(overridden),
                    forced,
                )
        else:
            campaign_id = campaign.id
            ledger.set_status(campaign_id, "sending", "")
            ledger.add_forced(campaign, forced, overridden)
        pause = send_pending(
            workspace,
            ledger,
            campaign_id,
            lists,
            emails,
            sender_provider,
            worker=worker,
            progress=progress,
            on_total=on_total,
            total=total,
            recheck_audience=False,  # a new ledger is the audience; a resume reread it
        )
    finally:
        if sender_provider is not provider:
            sender_provider.close()
    counts = finish_campaign(ledger, campaign_id, pause)
    report = report_of(ledger, ledger.campaign(campaign_id), pause, counts)
    report.with_checks(checks, force)
    return report


def send_pending(
    workspace: Workspace,
    ledger: Ledger,
    campaign_id: int,
    lists: Sequence[str],
    rendered: Mapping[str, Any],
    provider: Provider,
    *,
    worker: str | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
    total: int | None = None,
    recheck_audience: bool = True,
) -> str:
    """Send the campaign's open rows with ``rendered`` (``{lang: RenderedEmail}``), in
    batches of at most ``[delivery] batch_size``, suppressing the addresses the provider
    reports dead; returns why the campaign paused, or "". ``total``: how many rows are
    open, when the caller knows (it has just written them), spares counting the ledger
    for ``on_total``. ``recheck_audience``: first take out the pending rows of people
    who left the lists' audience since the ledger was written (a paused campaign goes
    on days later; nobody who unsubscribed meanwhile may get it), and give those who
    switched to another of the ``rendered`` languages that one. A send that runs long
    does the same every ``AUDIENCE_RECHECK_SECONDS`` anyway."""
    from newsdesk.audience import ContactStore

    store = ContactStore.for_workspace(workspace)

    def reread() -> None:
        reread_audience(store, ledger, campaign_id, lists, workspace.config.languages, rendered)

    if recheck_audience:
        reread()
    contents = {
        lang: make_content(workspace, email, campaign_id, lists) for lang, email in rendered.items()
    }
    if on_total is not None:
        if total is None:
            total = _open_rows(ledger.counts(campaign_id))
        on_total(total)
    sender = Sender(
        ledger,
        campaign_id,
        Personaliser.create(workspace, campaign_id, contents),
        provider,
        worker=worker,
        progress=progress,
        on_dead_address=_suppressor(workspace, provider.name),
        recheck_audience=reread,
    )
    configured = workspace.config.section("delivery").get("batch_size")
    if isinstance(configured, int) and configured > 0:
        sender.batch_size = min(configured, sender.batch_size)
    return sender.run()
