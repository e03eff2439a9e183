"""A rendered email and the per-recipient values filled into it.

The template writes placeholders as plain tokens such as ``%%salutation%%``: they
pass the MJML compiler and the CSS inliner untouched (Jinja markup would not),
and one regular-expression pass per recipient fills them in.
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
    placeholders: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        found = {match.group(1) for match in PLACEHOLDER.finditer(self.html + self.text)}
        object.__setattr__(self, "placeholders", frozenset(found))

    def fill(self, values: Mapping[str, str]) -> tuple[str, str]:
        """``(html, text)`` with every placeholder replaced by its value.

        Values are escaped for the HTML and used as they are in the text. A value
        may also be a provider's own variable (``%recipient.salutation%``).
        Raises ``KeyError`` naming the placeholders that have no value.
        """
        missing = self.placeholders.difference(values)
        if missing:
            raise KeyError(f"no value for placeholder(s) {', '.join(sorted(missing))}")
        escaped = {name: escape(str(values[name]), quote=True) for name in self.placeholders}
        html = PLACEHOLDER.sub(lambda match: escaped[match.group(1)], self.html)
        text = PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), self.text)
        return html, text
