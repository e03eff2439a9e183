"""What every check looks at: the release, the workspace and each language's email."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from newsdesk.checks.findings import Finding
from newsdesk.checks.markup import Page, read_page
from newsdesk.core import Release, Workspace

# Per-recipient values put into the placeholders before checking: as long as real
# ones, and on a host no check mistakes for a real link.
SAMPLE_HOST = "recipient.newsdesk.invalid"
SAMPLE_TOKEN = "t" * 96
SAMPLE_VALUES: dict[str, str] = {
    "salutation": "Sehr geehrte Frau Prof. Dr. Mustermann-Beispiel,",
    "unsubscribe_url": f"https://{SAMPLE_HOST}/unsubscribe/{SAMPLE_TOKEN}",
    "web_url": f"https://{SAMPLE_HOST}/web/{SAMPLE_TOKEN}",
    "preferences_url": f"https://{SAMPLE_HOST}/preferences/{SAMPLE_TOKEN}",
}


@dataclass
class Rendition:
    """One language's email as a recipient gets it (sample values filled in);
    ``email`` is the rendered email before filling (``newsdesk.render.RenderedEmail``)."""

    lang: str
    subject: str
    preheader: str
    html: str
    text: str
    release: Release | None = None
    email: Any = None

    @cached_property
    def page(self) -> Page:
        return read_page(self.html)


@dataclass
class CheckContext:
    """``release`` is the release as read (source language); ``renditions`` hold the
    emails of the ``languages`` that could be rendered. ``send_at`` is when it is
    to go out (None: no send planned yet). ``fallback``: untranslated parts may go
    out in the source language (the campaign allows it)."""

    release: Release
    workspace: Workspace
    languages: tuple[str, ...]
    renditions: list[Rendition] = field(default_factory=list)
    send_at: datetime | None = None
    online: bool = False
    fallback: bool = False
    timeout: float = 5.0
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @cached_property
    def own_hosts(self) -> tuple[str, ...]:
        """Hosts a mail may load resources from: the workspace's web address, the
        organisation's own sites and sender domain, and ``[checks] resource_hosts``."""
        config = self.workspace.config
        hosts = [
            urlsplit(url).hostname or ""
            for url in (config.base_url, config.imprint_url, config.privacy_url, config.logo)
            if url.startswith(("https://", "http://"))
        ]
        hosts.append(config.sender_email.rpartition("@")[2])
        extra = self.workspace.config.section("checks").get("resource_hosts", [])
        if isinstance(extra, list):
            hosts.extend(str(host) for host in extra)
        return tuple(dict.fromkeys(host.lower() for host in hosts if host))

    def is_own_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == own or host.endswith("." + own) for own in self.own_hosts)


Check = Callable[[CheckContext], Iterable[Finding]]


def where(lang: str, *parts: object) -> str:
    """A place like ``en, HTML line 12``."""
    return ", ".join(str(part) for part in (lang, *parts) if part not in ("", None))
