"""A rendered email and the per-recipient values filled into it.

The template writes placeholders as plain tokens such as ``%%salutation%%``: they
pass the MJML compiler and the CSS inliner untouched (Jinja markup would not).
One regular-expression pass per email splits the HTML and the text at them, so
filling a recipient's copy is a single join of the pieces with the values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

PLACEHOLDERS = ("salutation", "unsubscribe_url", "web_url", "preferences_url")

PLACEHOLDER = re.compile(r"%%(" + "|".join(PLACEHOLDERS) + r")%%")


def placeholder(name: str) -> str:
    """The token the templates write for ``name`` (``%%salutation%%``)."""
    if name not in PLACEHOLDERS:
        raise ValueError(f"unknown placeholder {name!r}; known: {', '.join(PLACEHOLDERS)}")
    return f"%%{name}%%"


@dataclass(frozen=True)
class RenderedEmail:
    """One release in one language, compiled once; ``fill`` makes each recipient's copy."""

    lang: str
    subject: str
    preheader: str
    html: str
    text: str
    mjml: str
    slug: str = ""
    placeholders: frozenset[str] = field(default=frozenset(), init=False)
    # html and text split at their placeholders once: literal, name, literal, name, …, literal
    _html_parts: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)
    _text_parts: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        html_parts = tuple(PLACEHOLDER.split(self.html))
        text_parts = tuple(PLACEHOLDER.split(self.text))
        object.__setattr__(self, "_html_parts", html_parts)
        object.__setattr__(self, "_text_parts", text_parts)
        names = frozenset(html_parts[1::2]) | frozenset(text_parts[1::2])
        object.__setattr__(self, "placeholders", names)

    def fill(self, values: Mapping[str, str]) -> tuple[str, str]:
        """``(html, text)`` with every placeholder replaced by its value.

        Values are escaped for the HTML and used as they are in the text; a value is
        never searched for placeholders again. A value may also be a provider's own
        variable (``%recipient.salutation%``). Raises ``KeyError`` naming the
        placeholders that have no value.
        """
        missing = self.placeholders.difference(values)
        if missing:
            raise KeyError(f"no value for placeholder(s) {', '.join(sorted(missing))}")
        escaped = {name: escape(str(values[name]), quote=True) for name in self.placeholders}
        return _join(self._html_parts, escaped), _join(self._text_parts, values)


def _join(parts: tuple[str, ...], values: Mapping[str, str]) -> str:
    pieces = list(parts)
    for index in range(1, len(pieces), 2):
        pieces[index] = str(values[pieces[index]])
    return "".join(pieces)
