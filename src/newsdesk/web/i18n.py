"""Page strings of the public pages in the reader's language, from the theme's UI catalogs
(``{% trans %}`` in the templates; the language is chosen per request in ``g.lang``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from newsdesk.render.catalogs import ui_translations


def set_language(lang: str) -> None:
    g.lang = lang


def _translations() -> Any:
    return ui_translations(getattr(g, "lang", "en"))


def gettext(message: str, **variables: Any) -> str:
    text = _translations().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, number: int, **variables: Any) -> str:
    text = _translations().ngettext(singular, plural, number)
    variables.setdefault("num", number)
    return text % variables


def install_i18n(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
