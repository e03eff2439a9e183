"""Readers of release files (.txt, .md, .docx) into the one Release model."""

from newsdesk.ingest.markdown_dump import dump_markdown
from newsdesk.ingest.registry import READERS, read_release

__all__ = ["READERS", "dump_markdown", "read_release"]
