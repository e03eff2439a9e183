"""Pre-send checks: what would embarrass a sender, found before the email goes out."""

from newsdesk.checks.context import CheckContext, Rendition
from newsdesk.checks.findings import CheckReport, Finding
from newsdesk.checks.registry import CHECKS, evaluate

__all__ = ["CHECKS", "CheckContext", "CheckReport", "Finding", "Rendition", "evaluate"]
