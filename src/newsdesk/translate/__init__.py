"""Release translations through Babel content catalogs: extract, translate, track, localize."""

from newsdesk.translate.catalog import ContentCatalog, UpdateReport
from newsdesk.translate.localize import SegmentProblem, TranslationIncomplete, localize
from newsdesk.translate.segments import Segment, apply, segments
from newsdesk.translate.status import LanguageStatus, translation_status

__all__ = [
    "ContentCatalog",
    "LanguageStatus",
    "Segment",
    "SegmentProblem",
    "TranslationIncomplete",
    "UpdateReport",
    "apply",
    "localize",
    "segments",
    "translation_status",
]
