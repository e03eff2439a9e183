"""The small interface every provider implements, and what a send can come back as."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from newsdesk.core.errors import NewsdeskError
from newsdesk.deliver.message import Message

SENT = "sent"
FAILED = "failed"
RETRY = "retry"  # certainly not sent (refused connection, rate limit): back to pending
UNKNOWN = "unknown"  # may have been sent: never resent blindly


@dataclass(frozen=True)
class Capabilities:
    """What a provider can do; the sender plans batches and resumes by it.
    ``parallel_requests``: how many batches may be in flight at once."""

    max_batch: int
    recipient_variables: bool = False
    idempotency_keys: bool = False
    test_mode: bool = False
    requests_per_second: float | None = None
    parallel_requests: int = 1


@dataclass
class SendResult:
    """The outcome for one delivery row. ``suppress``: the provider says the address is dead;
    ``only_this``: a ``RETRY`` that concerns this recipient alone (SMTP 4xx), not the account."""

    delivery_id: int
    status: str
    provider_id: str = ""
    error: str = ""
    suppress: bool = False
    only_this: bool = False


class PauseCampaign(NewsdeskError):
    """The provider refused the account (credentials, quota): stop, nothing in flight was sent."""


class ProviderSetupError(NewsdeskError):
    """A provider cannot be used as configured (a missing environment variable)."""


class ProviderCheckFailed(NewsdeskError):
    """``newsdesk providers check`` found the provider unreachable or the credentials refused."""


class Provider(Protocol):
    name: ClassVar[str]
    capabilities: Capabilities

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        """Send ``messages`` (at most ``capabilities.max_batch``, one language); one
        result per message, in order."""
        ...

    def check(self, sender: str) -> str:
        """Verify the credentials (through test mode where the provider has one) and say
        what was found; ``ProviderCheckFailed`` when the provider cannot be reached or
        refuses them. ``sender`` is the workspace's sender address, for a test message."""
        ...

    def close(self) -> None: ...


def require_env(env: Mapping[str, str], *names: str) -> list[str]:
    """The values of environment variables ``names``; a clear error names the missing ones."""
    missing = [name for name in names if not env.get(name)]
    if missing:
        raise ProviderSetupError(
            f"set the environment variable{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} to send through this provider"
        )
    return [env[name] for name in names]


def all_results(messages: Sequence[Message], status: str, error: str = "") -> list[SendResult]:
    return [SendResult(m.delivery_id, status, error=error) for m in messages]


class RateLimit:
    """At most ``per_second`` requests a second from this process (thread-safe)."""

    def __init__(self, per_second: float | None) -> None:
        self.interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)


@dataclass(frozen=True)
class Context:
    """What a provider is built from: the environment and the workspace folder."""

    env: Mapping[str, str]
    workspace_root: Path | None = None
    rate_limit: float | None = None
