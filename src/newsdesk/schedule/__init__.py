"""Scheduled sends and recurring digests: APScheduler jobs that only trigger, the
campaign claim that makes each send happen once, the embargo rule, DST-safe times."""

from newsdesk.schedule.digest import cancel_digest, run_digest, schedule_digest
from newsdesk.schedule.sends import cancel_send, move_send, run_send, schedule_send
from newsdesk.schedule.service import Scheduler, build_scheduler, run
from newsdesk.schedule.when import parse_when

__all__ = [
    "Scheduler",
    "build_scheduler",
    "cancel_digest",
    "cancel_send",
    "move_send",
    "parse_when",
    "run",
    "run_digest",
    "run_send",
    "schedule_digest",
    "schedule_send",
]
