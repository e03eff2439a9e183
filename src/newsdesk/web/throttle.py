"""Wrong admin tokens, counted per client address: after a few in a short time the
login refuses that address for a while (429 with Retry-After), right token or not,
so the token cannot be guessed at the speed of the network."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW = 15 * 60.0  # seconds


class LoginThrottle:
    """Failed logins per address within ``window`` seconds; kept in this process only
    (a restart forgets them, which costs a guesser no more than a short wait)."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> list[float]:
        kept = [moment for moment in self._failures.get(address, []) if now - moment < self.window]
        if kept:
            self._failures[address] = kept
        else:
            self._failures.pop(address, None)
        return kept

    def retry_after(self, address: str) -> int:
        """Seconds until ``address`` may try again (0: it may now)."""
        with self._lock:
            now = self.clock()
            recent = self._recent(address, now)
            if len(recent) < self.max_failures:
                return 0
            oldest_that_counts = recent[-self.max_failures]
            return max(1, math.ceil(oldest_that_counts + self.window - now))

    def failed(self, address: str) -> None:
        with self._lock:
            now = self.clock()
            self._failures[address] = [*self._recent(address, now), now]

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)
