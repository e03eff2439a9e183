"""What a send did: counts per language and status, and the rows left ``unknown``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdesk.deliver.ledger import Campaign, Ledger
from newsdesk.deliver.providers.base import UNKNOWN


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
        }


def report_of(ledger: Ledger, campaign: Campaign, message: str) -> SendReport:
    unknown = [
        {"id": row["id"], "email": row["email"], "lang": row["lang"], "error": row["error"]}
        for row in ledger.rows(campaign.id, UNKNOWN)
    ]
    return SendReport(
        campaign_id=campaign.id,
        provider=campaign.provider,
        status=campaign.status,
        counts=ledger.counts(campaign.id),
        unknown=unknown,
        message=message,
        test=campaign.is_test,
    )
