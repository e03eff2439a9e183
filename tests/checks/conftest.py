"""Fixtures of the check tests; the sample release and email are in check_samples.py."""

from __future__ import annotations

from check_samples import make_context, release_dir, site

__all__ = ["make_context", "release_dir", "site"]
