from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from newsdesk.core.signing import KEY_FILE, SECRET_ENV, secret_key


def _key_in(root: str) -> str:
    return secret_key(Path(root))


def test_processes_that_create_the_key_at_once_agree_on_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SECRET_ENV, raising=False)
    with multiprocessing.get_context("fork").Pool(8) as pool:
        keys = pool.map(_key_in, [str(tmp_path)] * 64)
    assert len(set(keys)) == 1 and len(keys[0]) >= 48
    assert (tmp_path / KEY_FILE).read_text().strip() == keys[0]
    assert [path.name for path in tmp_path.iterdir()] == [KEY_FILE]
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o077 == 0


def test_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / KEY_FILE).exists()
