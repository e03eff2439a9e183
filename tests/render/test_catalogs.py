"""The theme's UI catalogs: up to date with the templates, complete in German and English."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from newsdesk.core.theme import default_templates_dir, ui_translations_dir
from newsdesk.render.catalogs import ui_translations

REPOSITORY = Path(__file__).resolve().parents[2]
LANGUAGES = ("de", "en")


def _extract(root: Path) -> Catalog:
    """What ``pybabel extract -F babel.cfg`` finds under ``root`` (messages and their files)."""
    with (REPOSITORY / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream)
    catalog = Catalog()
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map
    ):
        catalog.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return catalog


def _read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def catalog_problems(root: Path, translations: Path) -> list[str]:
    """Why the catalogs under ``translations`` do not match the templates under ``root``."""
    problems: list[str] = []
    extracted = _extract(root)
    wanted = {message.id if isinstance(message.id, str) else message.id[0] for message in extracted}
    wanted.discard("")
    template = _read(translations / "messages.pot")
    in_template = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    if in_template != wanted:
        problems.append(
            f"messages.pot is out of date (new: {sorted(wanted - in_template)}, "
            f"gone: {sorted(in_template - wanted)}); run `make catalogs`"
        )
    for lang in LANGUAGES:
        catalog = _read(translations / lang / "LC_MESSAGES" / "messages.po")
        for key in sorted(wanted):
            message = catalog.get(key)
            strings = (
                []
                if message is None
                else (
                    list(message.string) if isinstance(message.string, tuple) else [message.string]
                )
            )
            if message is None:
                problems.append(f"{lang}: {key!r} is missing; run `make catalogs`")
            elif message.fuzzy:
                problems.append(f"{lang}: {key!r} is fuzzy")
            elif not all(strings):
                problems.append(f"{lang}: {key!r} is not translated")
        stale = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} - wanted
        if stale:
            problems.append(f"{lang}: no longer used: {sorted(stale)}; run `make catalogs`")
    return problems


def test_catalogs_match_the_templates() -> None:
    assert catalog_problems(REPOSITORY, REPOSITORY / "translations") == []


@pytest.fixture
def theme_copy(tmp_path: Path) -> Path:
    shutil.copytree(REPOSITORY / "templates", tmp_path / "templates")
    shutil.copytree(REPOSITORY / "translations", tmp_path / "translations")
    return tmp_path


def test_a_new_template_string_is_reported(theme_copy: Path) -> None:
    template = theme_copy / "templates" / "release.txt.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + '{{ _("Forward to a colleague") }}\n',
        encoding="utf-8",
    )
    problems = catalog_problems(theme_copy, theme_copy / "translations")
    assert any("messages.pot is out of date" in problem for problem in problems)
    assert "de: 'Forward to a colleague' is missing; run `make catalogs`" in problems
    assert "en: 'Forward to a colleague' is missing; run `make catalogs`" in problems


def test_fuzzy_or_empty_translation_is_reported(theme_copy: Path) -> None:
    path = theme_copy / "translations" / "de" / "LC_MESSAGES" / "messages.po"
    catalog = _read(path)
    catalog["Unsubscribe"].flags.add("fuzzy")
    catalog["Imprint"].string = ""
    buffer = BytesIO()
    write_po(buffer, catalog, width=0)
    path.write_bytes(buffer.getvalue())
    problems = catalog_problems(theme_copy, theme_copy / "translations")
    assert problems == ["de: 'Imprint' is not translated", "de: 'Unsubscribe' is fuzzy"]


def test_fuzzy_entries_are_not_used_at_run_time(theme_copy: Path) -> None:
    directory = theme_copy / "translations"
    path = directory / "de" / "LC_MESSAGES" / "messages.po"
    catalog = _read(path)
    catalog["Unsubscribe"].flags.add("fuzzy")
    buffer = BytesIO()
    write_po(buffer, catalog, width=0)
    path.write_bytes(buffer.getvalue())
    translations = ui_translations("de", directory)
    assert translations.gettext("Unsubscribe") == "Unsubscribe"
    assert translations.gettext("Imprint") == "Impressum"


def test_shipped_catalogs_are_the_repository_ones() -> None:
    assert (default_templates_dir() / "release.mjml.j2").is_file()
    assert (ui_translations_dir() / "de" / "LC_MESSAGES" / "messages.po").is_file()
    assert ui_translations("de").ngettext("Press contact", "Press contacts", 2) == (
        "Pressekontakte"
    )
    assert ui_translations("en").gettext("Press release") == "Press release"
