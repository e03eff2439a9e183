"""What a send did: counts per language and status, and the rows left ``unknown``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsdesk.deliver.ledger import Campaign, Ledger
from newsdesk.deliver.providers.base import UNKNOWN

if TYPE_CHECKING:
    from newsdesk.checks import CheckReport


@dataclass
class SendReport:
    """What a send did: counts per language and status, the rows left ``unknown``."""

    campaign_id: int | None
    provider: str
    status: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    dry_run: bool = False
    test: bool = False
    # what the pre-send checks said: every warning; the --force reason and the warnings
    # it overrode; for a dry run, the findings that would stop the real send
    warnings: list[str] = field(default_factory=list)
    forced: str = ""
    overridden: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def total(self, status: str) -> int:
        return sum(by_status.get(status, 0) for by_status in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign_id,
            "provider": self.provider,
            "status": self.status,
            "counts": self.counts,
            "unknown": self.unknown,
            "message": self.message,
            "dry_run": self.dry_run,
            "test": self.test,
            "warnings": self.warnings,
            "forced": self.forced,
            "overridden": self.overridden,
            "blocked": self.blocked,
        }

    def with_checks(self, checks: CheckReport | None, force: str | None) -> None:
        """Add what the pre-send checks found: the warnings the send went out with
        (and the ``--force`` reason that let it), or, for a dry run, what would stop it."""
        if checks is None:
            return
        self.warnings = [finding.text for finding in checks.warnings]
        if self.dry_run:
            self.blocked = [str(finding) for finding in checks.blocking(force is not None)]
            if self.blocked:
                self.message += (
                    f"; the checks would stop the real send ({len(self.blocked)} finding(s))"
                )
        else:
            self.forced, self.overridden = checks.override(force)


def report_of(
    ledger: Ledger,
    campaign: Campaign,
    message: str,
    counts: dict[str, dict[str, int]] | None = None,
) -> SendReport:
    """The report of ``campaign`` from its ledger (``counts`` when the caller has them)."""
    counts = ledger.counts(campaign.id) if counts is None else counts
    unknown = [
        {"id": row["id"], "email": row["email"], "lang": row["lang"], "error": row["error"]}
        for row in (
            ledger.rows(campaign.id, UNKNOWN)
            if any(c.get(UNKNOWN) for c in counts.values())
            else ()
        )
    ]
    return SendReport(
        campaign_id=campaign.id,
        provider=campaign.provider,
        status=campaign.status,
        counts=counts,
        unknown=unknown,
        message=message,
        test=campaign.is_test,
    )
