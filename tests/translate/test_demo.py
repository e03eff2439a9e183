from __future__ import annotations

from typing import Any

from newsdesk.core import Workspace, inline
from newsdesk.ingest import read_release
from newsdesk.translate import localize, segments, translation_status


def test_the_demo_release_is_fully_translated(demo_workspace: Workspace, msgfmt_check: Any) -> None:
    (path,) = demo_workspace.release_files()
    release = read_release(path)
    (status,) = translation_status(demo_workspace, release)
    assert status.complete and not status.outdated, status.to_dict()
    assert status.translated == len(segments(release))
    english = localize(release, demo_workspace, "en")
    for german, translated in zip(segments(release), segments(english), strict=True):
        assert translated.text != german.text, german.name
        assert [link.url for link in inline.links(translated.text)] == [
            link.url for link in inline.links(german.text)
        ]
    checked = msgfmt_check(status.catalog)
    assert checked.returncode == 0 and not checked.stderr, checked.stderr
