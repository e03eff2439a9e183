"""Rendering: a release in one language → MJML → HTML and plain text, filled per recipient."""

from newsdesk.render.compose import render_release
from newsdesk.render.mime import build_mime
from newsdesk.render.rendered import PLACEHOLDERS, RenderedEmail
from newsdesk.render.salutation import neutral_salutation, salutation

__all__ = [
    "PLACEHOLDERS",
    "RenderedEmail",
    "build_mime",
    "neutral_salutation",
    "render_release",
    "salutation",
]
