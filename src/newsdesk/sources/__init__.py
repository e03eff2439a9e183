"""Release sources: newsroom feeds, listing pages and drop folders pulled into draft releases.

The scheduler's hook is :func:`pull_source` (one source, never raises for the
source's own failures); :func:`list_sources` gives each source's interval.
"""

from newsdesk.sources.approve import approve
from newsdesk.sources.fetch import FetchError, FetchSettings
from newsdesk.sources.pull import PullReport, pull_source, pull_sources
from newsdesk.sources.store import Source, SourceStore, list_sources, parse_interval

__all__ = [
    "FetchError",
    "FetchSettings",
    "PullReport",
    "Source",
    "SourceStore",
    "approve",
    "list_sources",
    "parse_interval",
    "pull_source",
    "pull_sources",
]
