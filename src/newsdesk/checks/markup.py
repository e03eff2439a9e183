"""What the checks need to know about a compiled email's HTML, read in one pass.

The compiled HTML has its CSS inlined, so colours and sizes are read from
``style`` attributes (and ``bgcolor``/``color`` attributes) and inherited down
the element tree the way a mail client would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from newsdesk.checks.colours import RGB, parse_colour

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
BOLD_TAGS = {"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
HIDDEN = {"head", "style", "script", "title", "template"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(['"])(.*?)\1""", re.IGNORECASE)
FONT_SIZE = re.compile(r"^([\d.]+)\s*(px|pt|em|rem|%)?$")
DEFAULT_FONT_PX = 16.0


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]
    line: int


@dataclass(frozen=True)
class Resource:
    """Something a mail client loads by itself: an image, a stylesheet, a font."""

    url: str
    line: int
    via: str  # "src", "srcset", "background", "link", "url()", "@import"


@dataclass(frozen=True)
class TextRun:
    """Visible text with the colours and size it is shown in."""

    text: str
    line: int
    colour: RGB
    background: RGB
    font_px: float
    bold: bool


@dataclass
class Page:
    lang: str | None = None
    has_html_element: bool = False
    elements: list[Element] = field(default_factory=list)
    anchors: list[Element] = field(default_factory=list)
    images: list[Element] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    texts: list[TextRun] = field(default_factory=list)


@dataclass
class _Frame:
    tag: str
    colour: RGB
    background: RGB
    font_px: float
    bold: bool
    hidden: bool


def style_of(attrs: dict[str, str]) -> dict[str, str]:
    declarations: dict[str, str] = {}
    for part in attrs.get("style", "").split(";"):
        name, _, value = part.partition(":")
        if value.strip():
            value = value.replace("!important", "").strip()
            declarations[name.strip().lower()] = value
    return declarations


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        white, black = parse_colour("#ffffff"), parse_colour("#000000")
        assert white is not None and black is not None
        self.stack = [_Frame("", black, white, DEFAULT_FONT_PX, False, False)]

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {name.lower(): value or "" for name, value in attr_list}
        line = self.getpos()[0]
        element = Element(tag, attrs, line)
        self.page.elements.append(element)
        self._collect(element)
        if tag in VOID:
            return
        self.stack.append(self._frame(element))

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {name.lower(): value or "" for name, value in attr_list}
        element = Element(tag, attrs, self.getpos()[0])
        self.page.elements.append(element)
        self._collect(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        frame = self.stack[-1]
        line = self.getpos()[0]
        if frame.tag == "style":
            for match in CSS_URL.finditer(data):
                self._resource(match.group(2), line, "url()")
            for match in CSS_IMPORT.finditer(data):
                self._resource(match.group(2), line, "@import")
            return
        if frame.hidden or not data.strip():
            return
        self.page.texts.append(
            TextRun(data.strip(), line, frame.colour, frame.background, frame.font_px, frame.bold)
        )

    def _collect(self, element: Element) -> None:
        tag, attrs, line = element.tag, element.attrs, element.line
        if tag == "html":
            self.page.has_html_element = True
            self.page.lang = attrs.get("lang") or attrs.get("xml:lang")
        elif tag == "a":
            self.page.anchors.append(element)
        elif tag == "img":
            self.page.images.append(element)
        if tag == "link" and attrs.get("href"):
            self._resource(attrs["href"], line, "link")
        if tag != "a" and attrs.get("src"):
            self._resource(attrs["src"], line, "src")
        for candidate in attrs.get("srcset", "").split(","):
            if candidate.strip():
                self._resource(candidate.split()[0], line, "srcset")
        if attrs.get("background"):
            self._resource(attrs["background"], line, "background")
        for match in CSS_URL.finditer(attrs.get("style", "")):
            self._resource(match.group(2), line, "url()")

    def _resource(self, url: str, line: int, via: str) -> None:
        self.page.resources.append(Resource(url.strip(), line, via))

    def _frame(self, element: Element) -> _Frame:
        parent = self.stack[-1]
        style = style_of(element.attrs)
        colour = parse_colour(style.get("color", element.attrs.get("color", "")))
        background = parse_colour(style.get("background-color", "")) or _shorthand_colour(
            style.get("background", "")
        )
        if background is None:
            background = parse_colour(element.attrs.get("bgcolor", ""))
        weight = style.get("font-weight", "")
        bold = parent.bold or element.tag in BOLD_TAGS
        if weight:
            bold = weight == "bold" or (weight.isdigit() and int(weight) >= 700)
        return _Frame(
            tag=element.tag,
            colour=colour or parent.colour,
            background=background or parent.background,
            font_px=_font_px(style.get("font-size", ""), parent.font_px),
            bold=bold,
            hidden=parent.hidden or element.tag in HIDDEN or _invisible(style),
        )


def _shorthand_colour(value: str) -> RGB | None:
    for token in re.split(r"\s+(?![^(]*\))", value.strip()):
        colour = parse_colour(token)
        if colour is not None:
            return colour
    return None


def _invisible(style: dict[str, str]) -> bool:
    return (
        style.get("display", "").startswith("none")
        or style.get("visibility") == "hidden"
        or style.get("max-height", "") in ("0", "0px")
        or style.get("opacity", "") in ("0", "0.0")
    )


def _font_px(value: str, inherited: float) -> float:
    match = FONT_SIZE.match(value.strip().lower())
    if not match:
        return inherited
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit == "pt":
        return number * 4 / 3
    if unit in ("em", "rem"):
        return number * (inherited if unit == "em" else DEFAULT_FONT_PX)
    if unit == "%":
        return inherited * number / 100
    return number


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
