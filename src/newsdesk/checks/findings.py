"""What a check finds: a level, a code, a message in plain words and the place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from newsdesk.core.errors import NewsdeskError

Level = Literal["error", "warning"]
LEVELS: tuple[Level, ...] = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    """One problem. ``message`` says what is wrong and what to fix; ``place`` says
    where (a language, a segment, a line of the HTML, a URL). ``accepted_by`` names
    the option that already accepts a warning (``--fallback source`` for untranslated
    parts): such a warning is shown but does not need ``--force``."""

    level: Level
    code: str
    message: str
    place: str = ""
    accepted_by: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {self.level!r}")

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def text(self) -> str:
        """``code: message (place)``, one line."""
        where = f" ({self.place})" if self.place else ""
        accepted = f" [accepted by {self.accepted_by}]" if self.accepted_by else ""
        return f"{self.code}: {self.message}{where}{accepted}"

    def __str__(self) -> str:
        return f"{self.level} {self.text}"


def error(code: str, message: str, place: str = "") -> Finding:
    return Finding("error", code, message, place)


def warning(code: str, message: str, place: str = "", *, accepted_by: str = "") -> Finding:
    return Finding("warning", code, message, place, accepted_by)


@dataclass
class CheckReport:
    """All findings of one run, errors first, each reported once. ``rendered`` holds
    each language's email as the checks rendered it, for a send to reuse."""

    findings: list[Finding] = field(default_factory=list)
    rendered: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.findings = _ordered(self.findings)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings = _ordered([*self.findings, *findings])

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level == "warning"]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def blocking(self, force: bool = False) -> list[Finding]:
        """The findings that stop a send: errors always, warnings unless forced or
        already accepted by an option of the send.

        ``force`` stands for ``--force`` with a reason; it never overrides an error.
        """
        if force:
            return self.errors
        return [finding for finding in self.findings if not finding.accepted_by]

    def override(self, reason: str | None) -> tuple[str, list[str]]:
        """What a campaign records of ``--force REASON``: the reason and the warnings it
        let through, one line each; ``("", [])`` when it let nothing through."""
        overridden = [finding.text for finding in self.warnings if not finding.accepted_by]
        if reason is None or not overridden:
            return "", []
        return reason, overridden

    def enforce(self, force: bool = False, *, place: str | None = None) -> None:
        """Raise :class:`ChecksFailed` when a finding blocks the send (see ``blocking``)."""
        blocking = self.blocking(force)
        if blocking:
            raise ChecksFailed(blocking, forced=force, place=place)

    def to_list(self) -> list[dict[str, str]]:
        return [finding.to_dict() for finding in self.findings]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def __len__(self) -> int:
        return len(self.findings)


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda finding: LEVELS.index(finding.level))


class ChecksFailed(NewsdeskError):
    """A send or schedule stopped by the checks; ``findings`` are the blocking ones."""

    def __init__(self, findings: list[Finding], *, forced: bool, place: str | None) -> None:
        self.findings = findings
        errors = sum(finding.level == "error" for finding in findings)
        listed = "; ".join(finding.text for finding in findings)
        if errors:
            fix = "fix the errors (--force never overrides an error)"
        else:
            fix = 'fix them, or override the warnings with --force "REASON" (say why)'
        counts = f"{errors} error(s), {len(findings) - errors} warning(s)"
        super().__init__(f"the checks stop this send ({counts}): {listed}; {fix}", place=place)
