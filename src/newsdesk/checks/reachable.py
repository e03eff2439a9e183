"""With ``online``: request every web link (HEAD, then GET where HEAD is refused),
follow redirects, and report the dead ones."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import requests

from newsdesk.checks.context import CheckContext
from newsdesk.checks.findings import Finding, error, warning
from newsdesk.checks.links import FoundLink, web_links

USER_AGENT = "newsdesk-link-check/1"
WORKERS = 8


def status_of(session: requests.Session, url: str, timeout: float) -> int | str:
    """The final HTTP status after redirects, or the reason no answer came."""
    try:
        response = session.head(url, allow_redirects=True, timeout=timeout)
        response.close()
        if response.status_code < 400:
            return response.status_code
        # Many servers answer HEAD with 403/404/405/501 but serve GET fine.
        response = session.get(url, allow_redirects=True, timeout=timeout, stream=True)
        response.close()
        return response.status_code
    except requests.TooManyRedirects:
        return "too many redirects"
    except requests.Timeout:
        return f"no answer within {timeout:g} s"
    except requests.RequestException as problem:
        return f"cannot connect ({type(problem).__name__})"


def _finding(link: FoundLink, status: int | str) -> Finding | None:
    place = f"{link.place}, {link.url}"
    if isinstance(status, str):
        return warning("link-dead", f"the link {link.url} could not be opened: {status}", place)
    if 400 <= status < 500:
        return error(
            "link-dead",
            f"the link {link.url} is dead (HTTP {status}); fix or remove it",
            place,
        )
    if status >= 500:
        return warning(
            "link-dead",
            f"the server behind {link.url} fails (HTTP {status}); try again later or "
            "remove the link",
            place,
        )
    return None


def check(context: CheckContext) -> Iterator[Finding]:
    if not context.online:
        return
    links = web_links(context)
    if not links:
        return
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(links))) as pool:
            statuses = list(
                pool.map(lambda link: status_of(session, link.url, context.timeout), links)
            )
    for link, status in zip(links, statuses, strict=True):
        finding = _finding(link, status)
        if finding is not None:
            yield finding
