"""Sends that are not the campaign: a dry run (everything rendered, nothing written or
sent) and a test send (one copy per language to one address, subject marked [TEST];
the preview narrows it to the languages it shows and greets its picked recipient)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.core import NewsdeskError, Recipient, Workspace
from newsdesk.core.db import connect
from newsdesk.deliver.campaign import Personaliser, ledger_rows, make_content, render_languages
from newsdesk.deliver.ledger import Delivery, Ledger
from newsdesk.deliver.providers import PauseCampaign, Provider
from newsdesk.deliver.report import SendReport


def dry_run(
    workspace: Workspace,
    rendered: dict[str, Any],
    store: Any,
    lists: tuple[str, ...] | list[str],
    provider_name: str,
) -> SendReport:
    """Build every recipient's message without writing or sending anything."""
    contents = {lang: make_content(workspace, email, 0, lists) for lang, email in rendered.items()}
    personaliser = Personaliser.create(workspace, 0, contents)
    counts: dict[str, dict[str, int]] = {}
    for index, row in enumerate(ledger_rows(store, lists, workspace.config.languages)):
        delivery = Delivery(
            index + 1, row.email, row.name, row.salutation, row.lang, row.contact_id, 0, ""
        )
        personaliser.message(delivery).bodies()
        by_status = counts.setdefault(row.lang, {})
        by_status["pending"] = by_status.get("pending", 0) + 1
    return SendReport(
        None,
        provider_name,
        "dry-run",
        counts,
        dry_run=True,
        message="dry run: every message rendered, nothing written or sent",
    )


def send_test(
    workspace: Workspace,
    release: Any,
    address: str,
    sender: Provider,
    fallback: bool,
    *,
    languages: Sequence[str] | None = None,
    recipient: Recipient | None = None,
) -> SendReport:
    """One copy per language to ``address``, subject marked [TEST]; recorded as a test campaign.

    ``languages`` narrows the copies to some of the workspace's languages (default: all);
    ``recipient`` gives the greeting (``salutation(recipient, lang)``; default: the neutral
    one). The copies still go to ``address`` only, with no contact behind them, so their
    unsubscribe links unsubscribe nobody. The caller closes ``sender``."""
    from newsdesk.render import neutral_salutation, salutation

    if "@" not in address.strip("@"):
        raise NewsdeskError(f"--test-to {address!r} is not an email address")
    provider_name = sender.name
    configured = workspace.config.languages
    if languages is None:
        languages = configured
    else:
        unknown = [lang for lang in languages if lang not in configured]
        if unknown or not languages:
            raise NewsdeskError(
                f"test languages {', '.join(unknown) or '(none)'}: choose from "
                f"{', '.join(configured)}"
            )
        languages = [lang for lang in configured if lang in languages]
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
    personaliser = Personaliser.create(workspace, campaign_id, contents)
    messages = [
        personaliser.message(
            Delivery(
                index,
                address,
                "",
                salutation(recipient, lang) if recipient else neutral_salutation(lang),
                lang,
                None,
                0,
                "",
            )
        )
        for index, lang in enumerate(languages)
    ]
    try:
        results = [sender.send_batch([m])[0] for m in messages]
    except PauseCampaign as pause:
        ledger.set_status(campaign_id, "failed", pause.message)
        raise
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
