"""Pre-send checks: what would embarrass a sender, found before the email goes out."""

from newsdesk.checks.context import CheckContext, Rendition
from newsdesk.checks.findings import CheckReport, ChecksFailed, Finding
from newsdesk.checks.registry import CHECKS, evaluate
from newsdesk.checks.run import check_before_sending, forced_reason, run_checks

__all__ = [
    "CHECKS",
    "CheckContext",
    "CheckReport",
    "ChecksFailed",
    "Finding",
    "Rendition",
    "check_before_sending",
    "evaluate",
    "forced_reason",
    "run_checks",
]
