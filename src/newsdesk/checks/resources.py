"""Nothing loaded from third parties: fonts, icons, pixels from another host tell it
who opened the mail (LG München I, 3 O 17493/20). Only the workspace's own hosts."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from newsdesk.checks.context import SAMPLE_HOST, CheckContext, where
from newsdesk.checks.findings import Finding, error


def check(context: CheckContext) -> Iterator[Finding]:
    for rendition in context.renditions:
        seen: set[str] = set()
        for resource in rendition.page.resources:
            url = resource.url
            if url in seen or url.startswith(("data:", "cid:", "#")):
                continue
            seen.add(url)
            host = urlsplit(url).hostname if "//" in url else None
            if host is None or host == SAMPLE_HOST or context.is_own_host(host):
                continue
            yield error(
                "third-party",
                f"the email loads {url} from {host}, a third party that learns who opens "
                "it; host the file yourself (or add the host to [checks] resource_hosts "
                "if it is your own)",
                where(rendition.lang, f"HTML line {resource.line}", resource.via),
            )
