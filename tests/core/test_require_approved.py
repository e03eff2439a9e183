from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import NewsdeskError, Release
from newsdesk.core.release import require_approved


def test_only_an_approved_release_passes() -> None:
    require_approved(Release(slug="eigene", title="Eigene Meldung"))
    draft = Release(
        slug="zentrum", title="Neues Zentrum", status="draft", path=Path("releases/zentrum.md")
    )
    with pytest.raises(NewsdeskError) as raised:
        require_approved(draft)
    assert str(raised.value) == (
        "releases/zentrum.md: the release is a draft, not approved; read it, then run "
        "`newsdesk approve releases/zentrum.md`"
    )
