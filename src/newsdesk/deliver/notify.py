"""``[sources] notify``: after a pull, one short summary email to the communications team.

It lists each new or updated draft (title, source URL, file, staff preview link and,
when one was made, the machine draft translation) and goes out through the
workspace's provider as a plain message. It never fails the pull: whatever goes
wrong comes back as one warning line for the caller to show or log.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.deliver.message import Content, Message

DEFAULT_STAFF_URL = "http://127.0.0.1:8025"

TEXTS = {
    "de": {
        "subject": "{brand}: {count} neue oder geänderte Entwürfe",
        "intro": "Der letzte Abruf der Quellen hat diese Entwürfe angelegt oder aktualisiert:",
        "new": "neu",
        "updated": "aktualisiert",
        "source": "Quelle",
        "file": "Datei",
        "preview": "Vorschau",
        "translation": "Maschinelle Rohübersetzung",
        "outro": "Bitte prüfen und mit `newsdesk approve DATEI` freigeben.",
    },
    "en": {
        "subject": "{brand}: {count} new or updated drafts",
        "intro": "The last pull of the sources created or updated these drafts:",
        "new": "new",
        "updated": "updated",
        "source": "Source",
        "file": "File",
        "preview": "Preview",
        "translation": "Machine draft translation",
        "outro": "Please review them and approve with `newsdesk approve FILE`.",
    },
}


@dataclass(frozen=True)
class Draft:
    """One new or updated draft as the summary names it."""

    title: str
    slug: str
    file: str  # relative to the workspace, e.g. releases/neues-zentrum.md
    source_url: str = ""
    updated: bool = False
    translations: tuple[str, ...] = ()  # e.g. "en: 14 segments machine-drafted"


@dataclass(frozen=True)
class Notice:
    """What the notification did: how many copies went out, or the one warning line."""

    sent: int = 0
    warning: str = ""


@dataclass(frozen=True)
class Summary:
    """The summary as a :class:`newsdesk.deliver.message.Fillable` without placeholders."""

    lang: str
    subject: str
    html: str
    text: str

    def fill(self, values: Mapping[str, str]) -> tuple[str, str]:
        return self.html, self.text


def recipients(workspace: Workspace) -> list[str]:
    """The addresses of ``[sources] notify``; none when it is not set."""
    value = workspace.config.section("sources").get("notify", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(
        isinstance(item, str) and "@" in item.strip("@") for item in value
    ):
        raise NewsdeskError(
            'sources.notify must be a list of email addresses, e.g. ["presse@example.org"]',
            place=workspace.root / "newsdesk.toml",
        )
    return [item.strip() for item in value]


def drafts_for(
    workspace: Workspace,
    created: Sequence[str],
    updated: Sequence[str],
    translations: Mapping[str, Sequence[str]] | None = None,
) -> list[Draft]:
    """The drafts of a pull's ``created`` and ``updated`` files (names in ``releases/``);
    a file that cannot be read any more is named by its file alone."""
    from newsdesk.ingest import read_release

    drafts = []
    for name, is_update in [*((n, False) for n in created), *((n, True) for n in updated)]:
        path = workspace.releases_dir / name
        try:
            release = read_release(path)
            title, slug, url = release.title, release.slug, release.source_url or ""
        except NewsdeskError:
            title, slug, url = name, name.rsplit(".", 1)[0], ""
        drafts.append(
            Draft(
                title=title,
                slug=slug,
                file=f"releases/{name}",
                source_url=url,
                updated=is_update,
                translations=tuple((translations or {}).get(name, ())),
            )
        )
    return drafts


def staff_url(workspace: Workspace) -> str:
    value = workspace.config.section("web").get("staff_url") or DEFAULT_STAFF_URL
    return str(value).rstrip("/")


def build_summary(workspace: Workspace, drafts: Sequence[Draft]) -> Summary:
    """The summary email in the workspace's source language (German unless it is English)."""
    config = workspace.config
    lang = config.source_language if config.source_language in TEXTS else "de"
    words = TEXTS[lang]
    base = staff_url(workspace)
    subject = words["subject"].format(brand=config.brand, count=len(drafts))
    lines = [words["intro"], ""]
    items = []
    for draft in drafts:
        state = words["updated"] if draft.updated else words["new"]
        preview = f"{base}/preview/{draft.slug}/"
        lines.append(f"* {draft.title} ({state})")
        rows = []
        if draft.source_url:
            rows.append((words["source"], draft.source_url, True))
        rows.append((words["file"], draft.file, False))
        rows.append((words["preview"], preview, True))
        rows.extend((words["translation"], note, False) for note in draft.translations)
        lines.extend(f"  {label}: {value}" for label, value, _ in rows)
        lines.append("")
        cells = "".join(
            f"<br>{html.escape(label)}: "
            + (
                f'<a href="{html.escape(value)}">{html.escape(value)}</a>'
                if link
                else html.escape(value)
            )
            for label, value, link in rows
        )
        items.append(f"<li><strong>{html.escape(draft.title)}</strong> ({state}){cells}</li>")
    lines.append(words["outro"])
    text = "\n".join(lines) + "\n"
    body = (
        f'<!doctype html><html lang="{lang}"><body>'
        f"<p>{html.escape(words['intro'])}</p><ul>{''.join(items)}</ul>"
        f"<p>{html.escape(words['outro'])}</p></body></html>"
    )
    return Summary(lang=lang, subject=subject, html=body, text=text)


def notify_drafts(workspace: Workspace, drafts: Sequence[Draft]) -> Notice:
    """Email the summary of ``drafts`` to ``[sources] notify`` through the workspace's
    provider. Nothing is sent when there are no drafts or no addresses; never raises
    for the notification's own failures."""
    from newsdesk.deliver.send import make_provider

    if not drafts:
        return Notice()
    try:
        addresses = recipients(workspace)
        if not addresses:
            return Notice()
        config = workspace.config
        content = Content(
            rendered=build_summary(workspace, drafts),
            campaign_id=0,
            sender_name=config.sender_name,
            sender_email=config.sender_email,
            reply_to=config.reply_to,
            tag="newsdesk-notify",
        )
        # Far above any ledger row's id, so a bounce report never matches a real delivery.
        first = time.time_ns() // 1000
        messages = [
            Message(first + index, address, "", content) for index, address in enumerate(addresses)
        ]
        provider = make_provider(config.provider, workspace)
        try:
            size = max(1, provider.capabilities.max_batch)
            results = [
                result
                for start in range(0, len(messages), size)
                for result in provider.send_batch(messages[start : start + size])
            ]
        finally:
            provider.close()
    except NewsdeskError as error:
        return Notice(warning=f"notification not sent: {error}")
    except Exception as error:  # a provider's unexpected failure must not fail the pull
        return Notice(warning=f"notification not sent: {type(error).__name__}: {error}")
    failed = [result.error or result.status for result in results if result.status != "sent"]
    if failed:
        return Notice(
            sent=len(results) - len(failed),
            warning=f"notification not sent to {len(failed)} of {len(results)} "
            f"addresses: {failed[0]}",
        )
    return Notice(sent=len(results))
