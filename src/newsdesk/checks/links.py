"""Links: well-formed, https, and pointing at the public web rather than a test machine
or an example address. With ``online`` each one is requested (see :mod:`.reachable`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsdesk.checks.context import SAMPLE_HOST, CheckContext, where
from newsdesk.checks.findings import Finding, error, warning
from newsdesk.checks.hosts import is_local, is_placeholder

TEXT_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|%%\w+%%|%recipient|\*\|")
HOST_NAME = re.compile(r"^[\w-]+(\.[\w-]+)*$|^[0-9a-f:.]+$")


@dataclass(frozen=True)
class FoundLink:
    url: str
    place: str


def found_links(context: CheckContext) -> list[FoundLink]:
    """Every link of every language (HTML ``<a href>`` and text part), each URL once,
    except the per-recipient sample addresses."""
    found: dict[str, FoundLink] = {}
    for rendition in context.renditions:
        for anchor in rendition.page.anchors:
            if "href" not in anchor.attrs:
                continue  # a named anchor, not a link
            href = anchor.attrs["href"].strip()
            if href not in found and SAMPLE_HOST not in href:
                found[href] = FoundLink(href, where(rendition.lang, f"HTML line {anchor.line}"))
        for number, line in enumerate(rendition.text.splitlines(), start=1):
            for match in TEXT_URL.finditer(line):
                url = match.group(0).rstrip(".,;:!?")
                if url not in found and SAMPLE_HOST not in url:
                    found[url] = FoundLink(url, where(rendition.lang, f"text line {number}"))
    return list(found.values())


def web_links(context: CheckContext) -> list[FoundLink]:
    """The well-formed http(s) links (what ``--online`` requests)."""
    links = []
    for link in found_links(context):
        found = problem(link.url)
        malformed = found is not None and found[1] == "link-malformed"
        if urlsplit(link.url).scheme in ("http", "https") and not malformed:
            links.append(link)
    return links


def problem(url: str) -> tuple[str, str, str] | None:
    """(level, code, message) for what is wrong with ``url``, or None."""
    if not url:
        return ("error", "link-malformed", "a link has no address; give it one or remove it")
    if TEMPLATE_SYNTAX.search(url):
        return (
            "error",
            "link-malformed",
            f"the link {url} still holds template syntax; a placeholder was not filled in",
        )
    if url.startswith("#"):
        return None
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        if "@" not in parts.path:
            return ("error", "link-malformed", f"the email link {url} has no valid address")
        return None
    if parts.scheme == "tel":
        return None
    if parts.scheme not in ("http", "https"):
        return (
            "error",
            "link-malformed",
            f"the link {url} is not a web address; write it with https://",
        )
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        host = ""
    if not HOST_NAME.match(host) or " " in url:
        return ("error", "link-malformed", f"the link {url} is not a well-formed address")
    if is_local(host):
        return (
            "error",
            "link-local",
            f"the link {url} points at a local machine; recipients cannot open it",
        )
    if is_placeholder(host):
        return (
            "error",
            "link-placeholder",
            f"the link {url} is an example address; put in the real one",
        )
    if parts.scheme == "http":
        return ("warning", "link-http", f"the link {url} is not https; use https://")
    return None


def check(context: CheckContext) -> Iterator[Finding]:
    config = context.workspace.config
    base_url = config.base_url + "/"
    configured = {config.imprint_url: "imprint_url", config.privacy_url: "privacy_url"}
    # A workspace served from this machine is a trial (the footer check warns that
    # recipients cannot reach it): example addresses there are expected, not fatal.
    trial = is_local(urlsplit(config.base_url).hostname or "")
    for link in found_links(context):
        found = problem(link.url)
        if found is None:
            continue
        if found[1] == "link-local" and link.url.startswith(base_url):
            continue  # the workspace's own web address: the footer check warns about it
        level, code, message = found
        if trial and code == "link-placeholder":
            level = "warning"
        make = error if level == "error" else warning
        place = f"{link.place}, {link.url}" if link.url else link.place
        setting = configured.get(link.url)
        if setting:
            message = f"{message} — it is organisation.{setting} in newsdesk.toml"
            place = f"newsdesk.toml [organisation] {setting}"
        yield make(code, message, place)
