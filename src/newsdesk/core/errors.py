"""The one error type a user's mistake raises: it names the place and the fix."""

from __future__ import annotations

from pathlib import Path


class NewsdeskError(Exception):
    """A mistake the user can fix: shown as one line, never as a traceback.

    ``place`` is the file (and ``line``, or a field/row inside ``detail``) the
    problem is in; the CLI prints ``place:line: message`` and exits with 2.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        place: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.place = str(place) if place is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.place is None:
            return self.message
        where = self.place if self.line is None else f"{self.place}:{self.line}"
        return f"{where}: {self.message}"
