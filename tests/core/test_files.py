"""Writing files: every file of a run, or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.core import NewsdeskError
from newsdesk.core.files import write_files_atomic


def test_a_folder_in_the_way_stops_the_run_before_any_file_is_written(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("before", encoding="utf-8")
    (tmp_path / "b.eml").mkdir()
    files = {tmp_path / "old.txt": "after", tmp_path / "a.html": "new", tmp_path / "b.eml": "x"}
    with pytest.raises(NewsdeskError) as refused:
        write_files_atomic(files)
    assert refused.value.place == str(tmp_path / "b.eml")
    assert "is a folder" in refused.value.message
    assert (tmp_path / "old.txt").read_text(encoding="utf-8") == "before"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["b.eml", "old.txt"]


def test_every_file_is_written(tmp_path: Path) -> None:
    files = {tmp_path / "de" / "a.txt": "eins", tmp_path / "b.txt": b"zwei"}
    write_files_atomic(files)
    assert (tmp_path / "de" / "a.txt").read_text(encoding="utf-8") == "eins"
    assert (tmp_path / "b.txt").read_bytes() == b"zwei"
    assert not [path for path in tmp_path.rglob(".*")]
