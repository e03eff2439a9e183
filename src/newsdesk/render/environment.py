"""The Jinja2 environment of the theme: i18n, locale-aware filters, workspace overrides.

Templates are looked up first in the workspace's ``templates/`` folder, then in
the default theme shipped with newsdesk, so a workspace replaces a file by
giving one of the same name. Each language gets its own environment with its
UI catalog installed (``{% trans %}``, ``_()``) and Babel filters formatting
dates and numbers for the reader's locale in the workspace's time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import dates, lists, numbers
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from newsdesk.core import inline
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.theme import default_templates_dir
from newsdesk.render.catalogs import catalog_path, locale_for, ui_translations


def _autoescape(name: str | None) -> bool:
    """HTML-escape values in the MJML and HTML templates only; plain-text templates and
    shared partials (``labels.j2``) give plain strings that the HTML template escapes."""
    return str(name or "").endswith((".mjml.j2", ".html.j2"))


def _filters(lang: str, timezone: str) -> dict[str, Callable[..., Any]]:
    locale = locale_for(lang)
    tz = ZoneInfo(timezone)

    def format_date(value: date | datetime | None, format: str = "long") -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(tz) if value.tzinfo else value
        return dates.format_date(value, format=format, locale=locale)

    def format_datetime(value: datetime | None, format: str | None = None) -> str:
        """By default the long date, hour and minute and the zone ("1. Dezember 2026,
        10:00 MEZ"; Babel's own "long" would add seconds)."""
        if value is None:
            return ""
        if format is not None:
            return dates.format_datetime(value, format=format, tzinfo=tz, locale=locale)
        day = dates.format_date(value.astimezone(tz), format="long", locale=locale)
        return f"{day}, {dates.format_time(value, 'HH:mm zzz', tzinfo=tz, locale=locale)}"

    def format_time(value: datetime | None, format: str = "short") -> str:
        if value is None:
            return ""
        return dates.format_time(value, format=format, tzinfo=tz, locale=locale)

    def format_decimal(value: float | int) -> str:
        return numbers.format_decimal(value, locale=locale)

    def format_percent(value: float) -> str:
        return numbers.format_percent(value, locale=locale)

    def format_list(values: Iterable[str]) -> str:
        return lists.format_list(list(values), locale=locale)

    def to_html(value: str | None) -> Markup:
        return Markup(inline.to_html(value or ""))

    def to_plain(value: str | None) -> str:
        return inline.to_plain(value or "")

    return {
        "format_date": format_date,
        "format_datetime": format_datetime,
        "format_time": format_time,
        "format_decimal": format_decimal,
        "format_percent": format_percent,
        "format_list": format_list,
        "inline": to_html,
        "plain": to_plain,
    }


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process for every language's environment (they
    differ only in what rendering passes in: filters, translations, ``lang``). Jinja
    compiles again when a template's source changes."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


@lru_cache(maxsize=32)
def _environment(
    search_path: tuple[Path, ...], lang: str, timezone: str, catalog_stamp: float
) -> Environment:
    environment = Environment(
        loader=FileSystemLoader([str(path) for path in search_path]),
        bytecode_cache=_COMPILED,
        autoescape=_autoescape,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.install_gettext_translations(ui_translations(lang), newstyle=True)  # type: ignore[attr-defined]
    environment.filters.update(_filters(lang, timezone))
    environment.globals["lang"] = lang
    return environment


def template_search_path(templates_dir: Path | None) -> tuple[Path, ...]:
    """The folders templates are looked up in: the workspace's first, then the theme's."""
    shipped = default_templates_dir()
    if templates_dir is not None and templates_dir.is_dir():
        return (templates_dir.resolve(), shipped)
    return (shipped,)


def environment(
    lang: str, templates_dir: Path | None = None, timezone: str = "Europe/Berlin"
) -> Environment:
    """The Jinja2 environment for ``lang`` with the workspace's overrides in ``templates_dir``.

    Environments are kept, and made anew when the language's UI catalog changes
    (templates themselves are reloaded by Jinja when their files change)."""
    catalog = catalog_path(lang)
    stamp = catalog.stat().st_mtime if catalog.is_file() else 0.0
    return _environment(template_search_path(templates_dir), lang, timezone, stamp)


def syntax_error(error: TemplateSyntaxError, place: str | None) -> NewsdeskError:
    """A Jinja syntax error as the one line the user sees: template file, line, message."""
    return NewsdeskError(
        f"template syntax error: {error.message}",
        place=error.filename or place or error.name,
        line=error.lineno,
    )


def load_template(env: Environment, name: str) -> Template:
    """The template ``name``; a syntax error names its file and line."""
    try:
        return env.get_template(name)
    except TemplateSyntaxError as error:
        raise syntax_error(error, name) from None
    except (TemplateNotFound, UnicodeDecodeError) as error:
        raise _unreadable(env, name, error) from None


def template_source(env: Environment, name: str) -> tuple[str, str]:
    """The text of the template ``name`` and its file."""
    try:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except (TemplateNotFound, UnicodeDecodeError) as error:
        raise _unreadable(env, name, error) from None
    return source, filename or name


def _unreadable(env: Environment, name: str, error: Exception) -> NewsdeskError:
    folders = [Path(folder) for folder in getattr(env.loader, "searchpath", [])]
    if isinstance(error, TemplateNotFound):
        searched = ", ".join(str(folder) for folder in folders)
        return NewsdeskError(f"template {error.name!r} not found in {searched}")
    found = next((folder / name for folder in folders if (folder / name).is_file()), name)
    return NewsdeskError(
        "is not UTF-8 text; save the template again as UTF-8 (in Notepad: "
        "Save as… → Encoding UTF-8)",
        place=found,
    )


def render_template(template: Template, context: dict[str, Any]) -> str:
    """Render ``template``; an error while rendering names the template file and line."""
    try:
        return template.render(context)
    except NewsdeskError:
        raise
    except TemplateSyntaxError as error:  # in a template included only now
        raise syntax_error(error, template.filename) from None
    except Exception as error:  # any failure inside a template is the template's
        place, line = _template_frame(error, template)
        raise NewsdeskError(f"template error: {error}", place=place, line=line) from None


def _template_frame(error: BaseException, template: Template) -> tuple[str, int | None]:
    """The innermost traceback frame that lies in a template file (Jinja maps its lines)."""
    place: str = template.filename or template.name or "template"
    line: int | None = None
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place, line = filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return place, line
