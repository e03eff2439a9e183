"""Golden files: the plain text and the MJML of a full release, as reviewed by a person.

After a deliberate change to the theme, refresh them with ``make golden`` and read the
diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdesk.core import Release, Workspace
from newsdesk.render import render_release

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("NEWSDESK_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_rendering_matches_the_golden_files(
    full_release: Release, workspace: Workspace, lang: str
) -> None:
    email = render_release(full_release.replace(lang=lang), workspace)
    for suffix, actual in (("txt", email.text), ("mjml", email.mjml)):
        path = GOLDEN / f"{full_release.slug}.{lang}.{suffix}"
        if UPDATE:
            path.write_text(actual, encoding="utf-8")
        assert path.is_file(), f"no golden file {path.name}: run `make golden`"
        assert actual == path.read_text(encoding="utf-8"), (
            f"{path.name} differs; if the change is deliberate, run `make golden`"
        )
