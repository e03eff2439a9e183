"""The theme's UI catalogs (``translations/<lang>/LC_MESSAGES/messages.po``), read at run time.

The ``.po`` files are the only thing committed: each is compiled in memory on
first use, without its fuzzy entries, so a half-checked translation never
reaches a reader (the English msgid shows instead).
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.theme import ui_translations_dir

DOMAIN = "messages"

#: The Babel locale a reader of each language gets (dates, numbers, lists).
LOCALES = {"de": "de_DE", "en": "en_GB"}


def locale_for(lang: str) -> str:
    """The Babel locale for a language code; unknown codes are used as they are."""
    return LOCALES.get(lang, lang)


def catalog_path(lang: str, directory: Path | None = None) -> Path:
    return (directory or ui_translations_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=16)
def _load(path: Path, mtime: float) -> Translations:
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=path.parent.parent.name, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        raise NewsdeskError(f"not a valid PO file: {error}", place=path) from None
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def ui_translations(lang: str, directory: Path | None = None) -> NullTranslations:
    """The UI strings for ``lang``; a language without a catalog shows the English msgids."""
    path = catalog_path(lang, directory)
    if not path.is_file():
        return NullTranslations()
    return _load(path, path.stat().st_mtime)
