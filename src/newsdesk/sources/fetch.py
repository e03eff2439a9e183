"""HTTP for sources: polite, bounded, and refusing what it should not fetch.

Every request carries a clear User-Agent, has a timeout, is retried a few
times with growing pauses when the server fails or is slow (5xx, 429,
timeouts), sends ``If-None-Match``/``If-Modified-Since`` when it knows them,
stops reading at a size limit, follows redirects itself so that each hop is
checked, and runs one at a time per host. Only http(s) is fetched, and a host
that resolves to a private, loopback or link-local address is refused unless
the source was added with ``--local``. Pages (not feeds) also honour the
host's robots.txt (RFC 9309: a missing robots.txt allows everything, one that
cannot be read because of a server error forbids everything for now) and its
``Crawl-delay``: the pause between two requests to that host (at most
``MAX_CRAWL_DELAY``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
import urllib3

from newsdesk import __version__
from newsdesk.core import NewsdeskError, Workspace
from newsdesk.sources.guard import FetchError, GuardedAdapter, PrivatePeer, check_url

log = logging.getLogger("newsdesk.sources")

AGENT_TOKEN = "newsdesk"
ROBOTS_TTL = 3600.0
MAX_RETRY_AFTER = 30.0  # longer waits are left to the next scheduled pull
MAX_CRAWL_DELAY = 30.0  # a longer Crawl-delay is shortened to this, with a log line
_REDIRECTS = {301, 302, 303, 307, 308}

_host_locks: dict[str, threading.Lock] = {}
_host_locks_guard = threading.Lock()
_robots: dict[str, tuple[float, RobotFileParser]] = {}
_last_request: dict[str, float] = {}  # netloc → when its last request started (monotonic)


class RobotsDisallowed(FetchError):
    """The host's robots.txt asks newsdesk not to fetch this page."""


class _Retryable(FetchError):
    """A failure worth another try: a timeout, a dropped connection, a 5xx or 429."""

    def __init__(self, message: str, wait: float = 0.0) -> None:
        super().__init__(message)
        self.wait = wait  # what the server asked for in Retry-After (seconds)


@dataclass(frozen=True)
class FetchSettings:
    """``[sources]`` in newsdesk.toml: ``timeout`` (seconds), ``retries``, ``backoff``
    (seconds before the first retry, doubled each time), ``max_bytes``, ``max_redirects``."""

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> FetchSettings:
        table = workspace.config.section("sources")
        values: dict[str, Any] = {}
        for name, kind in (
            ("timeout", float),
            ("retries", int),
            ("backoff", float),
            ("max_bytes", int),
            ("max_redirects", int),
        ):
            if name not in table:
                continue
            value = table[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise NewsdeskError(
                    f"sources.{name} must be a number of at least 0 (got {value!r})",
                    place=workspace.root / "newsdesk.toml",
                )
            values[name] = kind(value)
        return cls(**values)


@dataclass
class Response:
    """A final answer: 2xx with its body, or 304 Not Modified (empty body)."""

    url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        header = self.headers.get("Content-Type")
        if not header:
            return None
        message = Message()
        message["Content-Type"] = header
        return message.get_param("charset")  # type: ignore[return-value]


def user_agent(workspace: Workspace) -> str:
    return f"newsdesk/{__version__} (+{workspace.config.base_url})"


def _host_lock(netloc: str) -> threading.Lock:
    with _host_locks_guard:
        return _host_locks.setdefault(netloc, threading.Lock())


class Fetcher:
    """Fetches URLs for one source; counts what it did for the pull report."""

    def __init__(
        self,
        settings: FetchSettings,
        agent: str,
        *,
        allow_local: bool = False,
        session: requests.Session | None = None,
    ) -> None:
        self.settings = settings
        self.agent = agent
        self.allow_local = allow_local
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = agent
        if not allow_local:
            self.session.mount("http://", GuardedAdapter())
            self.session.mount("https://", GuardedAdapter())
        self.requests = 0
        self.not_modified = 0

    def close(self) -> None:
        self.session.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        robots: bool = False,
    ) -> Response:
        """GET ``url`` (a 304 when the validators still match); raises :class:`FetchError`."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                response = self._follow(url, headers, robots)
            except _Retryable as error:
                if attempt >= self.settings.retries:
                    tries = f" (tried {attempt + 1} times)" if attempt else ""
                    raise FetchError(f"{error.message}{tries}") from None
                time.sleep(max(self.settings.backoff * 2**attempt, error.wait))
                attempt += 1
                continue
            if response.not_modified:
                self.not_modified += 1
            return response

    def _follow(self, url: str, headers: dict[str, str], robots: bool) -> Response:
        chain = [url]
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            check_url(current, self.allow_local)
            pause = self._check_robots(current) if robots else 0.0
            status, body, answer, location = self._request(current, headers, pause)
            if location is None:
                return Response(url=current, status=status, body=body, headers=answer)
            target = urljoin(current, location)
            if target in chain:
                loop = " → ".join([*chain[chain.index(target) :], target])
                raise FetchError(f"{url}: redirect loop ({loop})")
            chain.append(target)
            current = target
        raise FetchError(
            f"{url}: more than {self.settings.max_redirects} redirects (last to {current})"
        )

    def _request(
        self, url: str, headers: dict[str, str], pause: float = 0.0
    ) -> tuple[int, bytes, Mapping[str, str], str | None]:
        """One GET, no redirects followed; ``pause``: the host's Crawl-delay (seconds)."""
        timeout = self.settings.timeout
        netloc = urlsplit(url).netloc
        with _host_lock(netloc):
            if pause:
                wait = _last_request.get(netloc, float("-inf")) + pause - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            _last_request[netloc] = time.monotonic()
            self.requests += 1
            try:
                with self.session.get(
                    url,
                    headers=headers,
                    timeout=(timeout, timeout),
                    stream=True,
                    allow_redirects=False,
                ) as response:
                    if response.status_code in _REDIRECTS and response.headers.get("Location"):
                        return (
                            response.status_code,
                            b"",
                            response.headers,
                            response.headers["Location"],
                        )
                    self._check_status(url, response)
                    body = b"" if response.status_code == 304 else self._read(url, response)
                    return response.status_code, body, response.headers, None
            except PrivatePeer as refusal:
                raise FetchError(
                    f"{url}: the connection led to {refusal.address}, a private or local "
                    "address (the host's DNS answer changed after the check); refused"
                ) from None
            except requests.Timeout:
                raise _Retryable(f"{url}: no answer within {timeout:g} s") from None
            except requests.ConnectionError as error:
                if "timed out" in str(error).lower():
                    raise _Retryable(f"{url}: no answer within {timeout:g} s") from None
                raise _Retryable(f"{url}: cannot connect ({_reason(error)})") from None
            except requests.RequestException as error:
                raise FetchError(f"{url}: request failed ({_reason(error)})") from None

    def _check_status(self, url: str, response: requests.Response) -> None:
        status = response.status_code
        if status == 304 or 200 <= status < 300:
            return
        answer = f"{url}: the server answered {status} {response.reason or ''}".rstrip()
        if status >= 500 or status == 429:
            raise _Retryable(answer, _retry_after(response.headers.get("Retry-After", "")))
        raise FetchError(answer)

    def _read(self, url: str, response: requests.Response) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(
                f"{url}: the answer is {int(declared):,} bytes, over the limit of {limit:,}"
            )
        chunks: list[bytes] = []
        total = 0
        # The timeout bounds each read; this bounds a server that drips its answer.
        deadline = time.monotonic() + 4 * self.settings.timeout
        for chunk in _pieces(response):
            if time.monotonic() > deadline:
                raise _Retryable(
                    f"{url}: the answer took longer than {4 * self.settings.timeout:g} s"
                )
            total += len(chunk)
            if total > limit:
                raise FetchError(
                    f"{url}: the answer is larger than the limit of {limit:,} bytes; "
                    "stopped reading"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_robots(self, url: str) -> float:
        """Refuse ``url`` if the host's robots.txt disallows it; else its Crawl-delay."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = _robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL:
            parser = self._load_robots(origin)
            _robots[origin] = (time.monotonic(), parser)
        else:
            parser = cached[1]
        if not parser.can_fetch(AGENT_TOKEN, url):
            raise RobotsDisallowed(
                f"{url}: the host's robots.txt does not allow newsdesk to fetch it"
            )
        delay = float(parser.crawl_delay(AGENT_TOKEN) or 0)
        if delay > MAX_CRAWL_DELAY:
            log.info(
                "%s asks for %g s between requests; newsdesk waits %g s",
                origin,
                delay,
                MAX_CRAWL_DELAY,
            )
            return MAX_CRAWL_DELAY
        return delay

    def _load_robots(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            response = self._follow(f"{origin}/robots.txt", {}, robots=False)
        except _Retryable as error:
            raise FetchError(
                f"{origin}/robots.txt cannot be read ({error.message}); "
                "no page of this host is fetched until it can be"
            ) from None
        except FetchError as error:
            if " answered 4" not in error.message:
                raise
            lines: list[str] = []  # RFC 9309: an unavailable robots.txt allows everything
        else:
            lines = response.body.decode("utf-8", "replace").splitlines()
        parser.parse(lines)
        parser.modified()
        return parser


def _retry_after(value: str) -> float:
    """Retry-After in seconds (a number or an HTTP date), at most MAX_RETRY_AFTER."""
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), MAX_RETRY_AFTER))


def _pieces(response: requests.Response) -> Iterator[bytes]:
    """The body as it arrives: each piece is one read from the socket (at most 64 KiB)."""
    read1 = getattr(response.raw, "read1", None)
    if read1 is None:  # urllib3 1.x
        yield from response.iter_content(65536)
        return
    try:
        while piece := read1(65536, decode_content=True):
            yield piece
    except urllib3.exceptions.ReadTimeoutError as error:
        raise requests.Timeout(str(error)) from None
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as error:
        raise requests.ConnectionError(str(error)) from None


def _reason(error: BaseException) -> str:
    """The innermost cause a user can act on ("Connection refused"), not urllib3's chain."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        following = getattr(current, "reason", None)
        if not isinstance(following, BaseException):
            following = current.__cause__ or current.__context__
        if following is None and current.args and isinstance(current.args[0], BaseException):
            following = current.args[0]
        current = following
    text = str(error)
    return text if len(text) <= 200 else text[:200] + "…"
