"""Where the default theme (templates, UI catalogs) lives: in the wheel or the repository."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_REPOSITORY = _PACKAGE.parent.parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "theme" / name
    return installed if installed.is_dir() else _REPOSITORY / name


def default_templates_dir() -> Path:
    return _shipped("templates")


def ui_translations_dir() -> Path:
    return _shipped("translations")
