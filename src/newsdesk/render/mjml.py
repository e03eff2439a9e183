"""MJML: checked before compiling, then compiled with the PyPI ``mjml`` package.

The compiler repairs unclosed tags silently and fails on unknown ones with a bare
``KeyError``; both would reach the user as wrong HTML or a traceback. So the
template source is checked first (Jinja markup blanked out, line numbers kept,
each ``if``/``for`` branch followed) and the rendered MJML once more, and every
problem becomes a ``NewsdeskError`` naming the template file and line. The
compiled HTML must not load web fonts: MJML links Google Fonts for a few font
names, which would send each reader's address to Google.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta
from mjml import mjml_to_html
from mjml.core.registry import register_core_components

from newsdesk.core.errors import NewsdeskError
from newsdesk.render.environment import syntax_error, template_source

#: Web fonts the MJML compiler would load from Google Fonts when named in a font-family.
_WEB_FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")

_JINJA_MARKUP = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


def known_tags() -> frozenset[str]:
    """Every tag the compiler knows: its components, ``mjml``, ``mj-include`` and the
    ``mj-all``/``mj-class`` defaults inside ``mj-attributes``."""
    return frozenset({*register_core_components(), "mjml", "mj-include", "mj-all", "mj-class"})


class _TagChecker(HTMLParser):
    """Collects the first structural problem of an MJML document: an unknown ``mj-*`` tag,
    a closing tag that does not match, or a tag left open."""

    def __init__(self, known: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.known = known
        self.open: list[tuple[str, int]] = []
        self.problem: tuple[str, int] | None = None

    def _is_mjml(self, tag: str) -> bool:
        return tag == "mjml" or tag.startswith("mj-")

    def _check_known(self, tag: str) -> bool:
        if self._is_mjml(tag) and tag not in self.known and self.problem is None:
            self.problem = (f"unknown MJML tag <{tag}>", self.getpos()[0])
            return False
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._check_known(tag) and self._is_mjml(tag):
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_known(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self._is_mjml(tag) or not self._check_known(tag) or self.problem:
            return
        line = self.getpos()[0]
        if not self.open:
            self.problem = (f"</{tag}> closes a tag that was never opened", line)
        elif self.open[-1][0] != tag:
            inner, opened = self.open[-1]
            self.problem = (f"</{tag}> found, but <{inner}> (line {opened}) is not closed", line)
        else:
            self.open.pop()

    def finish(self) -> tuple[str, int] | None:
        self.close()
        if self.problem is None and self.open:
            tag, line = self.open[-1]
            self.problem = (f"<{tag}> is never closed", line)
        return self.problem


def check_mjml(source: str, place: str | Path, *, jinja: bool = False) -> None:
    """Raise a ``NewsdeskError`` at the first unknown or unbalanced MJML tag in ``source``.

    With ``jinja=True`` the source is a template: its ``{{ }}`` and ``{# #}`` markup
    counts as text, and each branch of an ``{% if %}`` must leave the same tags open
    as the others (an ``{% if %}`` without ``{% else %}`` as before it), the body of
    a ``{% for %}`` or ``{% macro %}`` the same tags as before it.
    """
    checker = _TagChecker(known_tags())
    if jinja:
        _feed_template(checker, source)
    else:
        checker.feed(source)
    problem = checker.finish()
    if problem:
        message, line = problem
        raise NewsdeskError(message, place=place, line=line)


_BRANCHING = {"if": "endif", "for": "endfor", "macro": "endmacro", "call": "endcall"}

_OpenTags = list[tuple[str, int]]


@dataclass
class _Block:
    """A Jinja block being checked: the tags open before it and at the end of each branch."""

    keyword: str
    line: int
    before: _OpenTags
    ends: list[_OpenTags] = field(default_factory=list)
    has_else: bool = False

    def problem(self) -> tuple[str, int] | None:
        """The first tag that one branch leaves open and another does not."""
        ends = list(self.ends)
        if self.keyword != "if" or not self.has_else:
            ends.append(self.before)  # a loop may run zero times, a bare if may not apply
        if all(end == ends[0] for end in ends):
            return None
        longest = max(ends, key=len)
        shortest = min(ends, key=len)
        common = 0
        while common < len(shortest) and shortest[common] == longest[common]:
            common += 1
        tag, line = longest[common] if common < len(longest) else longest[-1]
        return (
            f"<{tag}> is not closed inside its {{% {self.keyword} %}} (line {self.line}); "
            "open and close each tag in the same branch",
            line,
        )


def _feed_template(checker: _TagChecker, source: str) -> None:
    """Feed ``source`` to ``checker`` with the Jinja markup blanked (line breaks kept),
    following the branches of ``if``/``for``/``macro`` blocks."""
    blocks: list[_Block] = []
    position = 0
    for match in _JINJA_MARKUP.finditer(source):
        checker.feed(source[position : match.start()])
        markup = match.group(0)
        checker.feed(re.sub(r"[^\n]", " ", markup))
        position = match.end()
        keyword = re.match(r"\{%-?\s*(\w+)", markup)
        if keyword is None or checker.problem:
            continue
        word = keyword.group(1)
        if word in _BRANCHING:
            line = source.count("\n", 0, match.start()) + 1
            blocks.append(_Block(word, line, list(checker.open)))
        elif word in ("elif", "else") and blocks:
            blocks[-1].ends.append(list(checker.open))
            blocks[-1].has_else = blocks[-1].has_else or word == "else"
            checker.open[:] = blocks[-1].before
        elif word in _BRANCHING.values() and blocks:
            block = blocks.pop()
            block.ends.append(list(checker.open))
            checker.problem = block.problem()
            checker.open[:] = block.ends[0]
    checker.feed(source[position:])


def check_template(env: Environment, name: str) -> None:
    """Check the MJML template ``name`` and the templates it includes, imports or extends.

    A file is checked again only when its text changed.
    """
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename = template_source(env, current)
        key = (current, filename, source)
        if key not in _CHECKED:
            if len(_CHECKED) >= 64:  # edited templates' old texts
                _CHECKED.clear()
            _CHECKED[key] = _check_file(env, current, filename, source)
        pending.extend(_CHECKED[key])


# a file's text → the templates it refers to, once checked: whichever language's
# environment parsed it (they differ only in what rendering passes in)
_CHECKED: dict[tuple[str, str, str], tuple[str, ...]] = {}


def _check_file(env: Environment, name: str, filename: str, source: str) -> tuple[str, ...]:
    """Check one template file; returns the names of the templates it refers to."""
    try:
        tree = env.parse(source, name, filename)
    except TemplateSyntaxError as error:
        raise syntax_error(error, filename) from None
    check_mjml(source, filename, jinja=True)
    return tuple(
        reference for reference in meta.find_referenced_templates(tree) if reference is not None
    )


# the rendered source: optional whitespace and comments, then the <mjml> element
_MJML_ROOT = re.compile(r"\s*(?:<!--.*?-->\s*)*<mjml[\s>]", re.DOTALL)


def compile_mjml(source: str, place: str | Path) -> str:
    """The HTML for the MJML ``source`` (rendered from the template at ``place``)."""
    check_mjml(source, f"{place} (rendered MJML)")
    if not _MJML_ROOT.match(source):
        raise NewsdeskError(
            "the template makes no MJML document: it must start with <mjml> and end with "
            "</mjml> (copy the theme's release.mjml.j2 to begin with)",
            place=place,
        )
    try:
        result = mjml_to_html(source)
    except (KeyError, ValueError, AssertionError, AttributeError) as error:
        raise NewsdeskError(f"MJML does not compile: {error!r}", place=place) from None
    if result.errors:
        raise NewsdeskError(f"MJML does not compile: {'; '.join(result.errors)}", place=place)
    for host in _WEB_FONT_HOSTS:
        if host in result.html:
            raise NewsdeskError(
                f"the compiled email loads fonts from {host}; name only system fonts "
                "in font-family (no Open Sans, Lato, Roboto, Ubuntu, Droid Sans)",
                place=place,
            )
    return result.html.rstrip() + "\n"
