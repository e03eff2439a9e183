"""The shared base of the HTTP providers: one session, timeouts, retries, classification.

A request ends as one of:

- a response the provider module reads (2xx, and 4xx other than 401/403/429);
- ``RETRY``: certainly not sent (connection refused, 429 until the retries ran out);
- ``UNKNOWN``: a 5xx or a read timeout without an idempotency key — it may have been sent;
- :class:`PauseCampaign` raised for 401/403 (and by the modules for an exhausted quota).
"""

from __future__ import annotations

import email.utils
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, NewConnectionError

from newsdesk.deliver.providers.base import (
    RETRY,
    UNKNOWN,
    Capabilities,
    Context,
    PauseCampaign,
    RateLimit,
)


@dataclass
class Failure:
    """A request that produced no usable response: ``RETRY`` or ``UNKNOWN``, and why."""

    status: str
    error: str


WRITE_SIZE = 1 << 20


@dataclass(frozen=True)
class Layout:
    """An item of a request body as static byte parts with a named slot between each
    two, encoded once and filled per item with that item's values."""

    parts: tuple[bytes, ...]
    slots: tuple[bytes, ...]  # one fewer than parts; a name may occur more than once

    def __post_init__(self) -> None:
        if len(self.parts) != len(self.slots) + 1:
            raise ValueError("a layout has one part more than it has slots")

    @cached_property
    def blank(self) -> dict[bytes, bytes]:
        """Every slot, empty: the values of an item start as a copy."""
        return dict.fromkeys(self.slots, b"")

    @cached_property
    def _static_size(self) -> int:
        return sum(map(len, self.parts))

    @cached_property
    def _repeated(self) -> dict[bytes, int]:
        counts = Counter(self.slots)
        return {slot: count - 1 for slot, count in counts.items() if count > 1}

    def size(self, values: Mapping[bytes, bytes]) -> int:
        """The length of the item filled with ``values``: a value for each slot name,
        and for nothing else (start from :attr:`blank`)."""
        size = self._static_size + sum(map(len, values.values()))
        for slot, more in self._repeated.items():
            size += more * len(values[slot])
        return size

    def fill(self, values: Mapping[bytes, bytes], out: list[bytes]) -> None:
        """Append the item's pieces, its parts and ``values`` in turn, to ``out``."""
        parts = self.parts
        out.append(parts[0])
        for index, slot in enumerate(self.slots, 1):
            out.append(values[slot])
            out.append(parts[index])


class StreamedBody:
    """A request body of many items, each a :class:`Layout` filled with its own values
    as the body is written to the socket, a megabyte at a time: a batch of many
    megabytes is never held whole in memory, the parts every item shares are encoded
    once, and each byte is copied once, by a join that lets go of the GIL. Its length
    is known beforehand (``Content-Length``, not chunked), and it can be written again
    for a retry."""

    def __init__(self, opening: bytes, separator: bytes, closing: bytes) -> None:
        self.opening = opening
        self.separator = separator
        self.closing = closing
        self.items: list[tuple[Layout, Mapping[bytes, bytes], int]] = []
        self.size = len(opening) + len(closing)

    def grown_by(self, size: int) -> int:
        """The length with an item of ``size`` bytes added."""
        return self.size + len(self.separator) * bool(self.items) + size

    def add(self, layout: Layout, values: Mapping[bytes, bytes], size: int) -> None:
        """Add ``layout`` filled with ``values``, ``size`` bytes (``layout.size(values)``)."""
        self.size = self.grown_by(size)
        self.items.append((layout, values, size))

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[bytes]:
        # about a megabyte per write: a few system calls per batch, not one per item
        chunk = [self.opening]
        size = 0
        for index, (layout, values, item_size) in enumerate(self.items):
            if index:
                chunk.append(self.separator)
            layout.fill(values, chunk)
            size += item_size
            if size >= WRITE_SIZE:
                yield b"".join(chunk)
                chunk, size = [], 0
        chunk.append(self.closing)
        yield b"".join(chunk)


def _refused_before_sending(error: requests.ConnectionError) -> bool:
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = error.args[0] if error.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError | ConnectionRefusedError)


def wait_seconds(response: requests.Response, now: float | None = None) -> float | None:
    """How long the provider asks us to wait: Retry-After (seconds or a date),
    X-RateLimit-Reset (epoch seconds, or seconds when small), x-sib-ratelimit-reset."""
    now = time.time() if now is None else now
    headers = response.headers
    value = headers.get("Retry-After")
    if value:
        if value.strip().isdigit():
            return float(value)
        parsed = email.utils.parsedate_to_datetime(value) if "," in value else None
        if parsed is not None:
            return max(0.0, parsed.timestamp() - now)
    for name in ("X-RateLimit-Reset", "x-sib-ratelimit-reset", "RateLimit-Reset"):
        value = headers.get(name)
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            continue
        return max(0.0, number - now) if number > 1_000_000_000 else number
    return None


class HttpProvider:
    """Base of every HTTP provider module."""

    name: ClassVar[str] = ""
    capabilities: ClassVar[Capabilities]
    default_base_url: ClassVar[str] = ""
    base_url_env: ClassVar[str] = ""
    credential_env: ClassVar[tuple[str, ...]] = ()

    max_retries = 6
    max_wait = 120.0
    backoff = 0.5
    timeout: tuple[float, float] = (5.0, 120.0)

    def __init__(self, context: Context) -> None:
        self.env = context.env
        self.base_url = (self.env.get(self.base_url_env) or self.default_base_url).rstrip("/")
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=0))
        self.session.mount("https://", HTTPAdapter(max_retries=0))
        self.session.headers["User-Agent"] = "newsdesk"
        self.rate = RateLimit(context.rate_limit or self.capabilities.requests_per_second)
        self.sleep: Callable[[float], None] = time.sleep

    def close(self) -> None:
        self.session.close()

    def _pause_message(self, response: requests.Response) -> str:
        names = " and ".join(self.credential_env) or "the credentials"
        return (
            f"{self.name} refused the request (HTTP {response.status_code}: "
            f"{response.text[:200].strip()}); check {names}, then "
            "`newsdesk send --resume CAMPAIGN`"
        )

    def _delay(self, attempt: int, response: requests.Response | None = None) -> float:
        asked = wait_seconds(response) if response is not None else None
        if asked is not None:
            return min(asked, self.max_wait)
        return min(self.backoff * 2**attempt * (0.5 + random.random()), self.max_wait)

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool = False,
        **kwargs: Any,
    ) -> requests.Response | Failure:
        """Send one request with retries; see the module's docstring for the outcomes."""
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        kwargs.setdefault("timeout", self.timeout)
        last = ""
        for attempt in range(self.max_retries + 1):
            self.rate.wait()
            try:
                response = self.session.request(method, url, **kwargs)
            except requests.ConnectionError as error:
                if _refused_before_sending(error):
                    last = f"cannot connect to {self.name}: {error.__class__.__name__}"
                    if attempt < self.max_retries:
                        self.sleep(self._delay(attempt))
                    continue
                if idempotent and attempt < self.max_retries:
                    self.sleep(self._delay(attempt))
                    continue
                return Failure(UNKNOWN, f"connection to {self.name} lost after sending")
            except requests.Timeout:
                if idempotent and attempt < self.max_retries:
                    self.sleep(self._delay(attempt))
                    continue
                return Failure(UNKNOWN, f"{self.name} did not answer in time")
            status = response.status_code
            if status in (401, 403):
                raise PauseCampaign(self._pause_message(response))
            if status == 429:
                last = f"{self.name} rate limit (HTTP 429)"
                if attempt < self.max_retries:
                    self.sleep(self._delay(attempt, response))
                continue
            if status >= 500:
                if idempotent and attempt < self.max_retries:
                    self.sleep(self._delay(attempt, response))
                    continue
                return Failure(UNKNOWN, f"{self.name} answered HTTP {status}")
            return response
        return Failure(RETRY, last)

    def json_of(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None
