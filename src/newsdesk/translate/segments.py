"""The translatable pieces of a release, in a stable order, and how to put translations back.

A segment is one piece of text a translator translates as a whole: the title, a
paragraph, a list item, a caption. Names, e-mail addresses, phone numbers,
URLs, image files and tags are not segments: they stay as they are in every
language. The release's link list is collected from its text, so its labels
follow the translated text. Inline Markdown (``**bold**``, ``[text](url)``)
stays inside the segment text, so the translator sees and keeps it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from newsdesk.core import inline
from newsdesk.core.release import Block, Release

# Where a segment lives inside a Release: ("title",), ("blocks", 3, "text"),
# ("blocks", 5, "items", 2), ("contacts", 0, "role").
FieldPath = tuple[str | int, ...]

# Release fields translated as a whole, with their segment names.
_RELEASE_FIELDS = (
    ("kind", "kind"),
    ("title", "title"),
    ("subtitle", "subtitle"),
    ("dateline", "dateline"),
    ("teaser", "teaser"),
)


@dataclass(frozen=True)
class Segment:
    """One translatable text: ``name`` is what a person calls it ("paragraph 3"),
    ``kind`` the name without numbers ("paragraph"), ``index`` its 1-based place
    among all segments of the release."""

    index: int
    name: str
    kind: str
    path: FieldPath
    text: str


def segments(release: Release) -> list[Segment]:
    """The non-empty translatable texts of ``release`` in reading order."""
    return [
        Segment(index=position, name=name, kind=kind, path=path, text=text)
        for position, (name, kind, path, text) in enumerate(_walk(release), start=1)
    ]


def _walk(release: Release) -> Iterator[tuple[str, str, FieldPath, str]]:
    for field_name, name in _RELEASE_FIELDS:
        text = getattr(release, field_name)
        if text.strip():
            yield name, name, (field_name,), text
    counters: dict[str, int] = {}
    for position, block in enumerate(release.blocks):
        number = counters[block.type] = counters.get(block.type, 0) + 1
        yield from _block_segments(block, position, number)
    if release.boilerplate_title.strip():
        yield (
            "boilerplate title",
            "boilerplate title",
            ("boilerplate_title",),
            release.boilerplate_title,
        )
    if release.boilerplate.strip():
        yield "boilerplate", "boilerplate", ("boilerplate",), release.boilerplate
    for position, contact in enumerate(release.contacts, start=1):
        if contact.role.strip():
            yield (
                f"contact {position} role",
                "contact role",
                ("contacts", position - 1, "role"),
                contact.role,
            )


def _block_segments(
    block: Block, position: int, number: int
) -> Iterator[tuple[str, str, FieldPath, str]]:
    def field(name: str, kind: str, attribute: str) -> Iterator[tuple[str, str, FieldPath, str]]:
        text = getattr(block, attribute)
        if text.strip():
            yield name, kind, ("blocks", position, attribute), text

    if block.type in ("paragraph", "heading"):
        yield from field(f"{block.type} {number}", block.type, "text")
    elif block.type == "quote":
        yield from field(f"quote {number}", "quote", "text")
        yield from field(f"quote {number} role", "quote role", "role")
    elif block.type == "list":
        for item_number, item in enumerate(block.items, start=1):
            if item.strip():
                path: FieldPath = ("blocks", position, "items", item_number - 1)
                yield f"list {number} item {item_number}", "list item", path, item
    elif block.type == "image":
        yield from field(f"image {number} alt text", "image alt text", "alt")
        yield from field(f"image {number} caption", "image caption", "caption")
    elif block.type == "link":
        yield from field(f"link {number}", "link", "text")


def apply(
    release: Release,
    translate: Mapping[str, str] | Callable[[Segment], str | None],
    lang: str,
) -> Release:
    """A copy of ``release`` in ``lang`` with each segment's text replaced.

    ``translate`` maps a German text to its translation (or is a function of the
    segment); a segment it has no text for keeps its German text.
    """

    def lookup(segment: Segment) -> str | None:
        if callable(translate):
            return translate(segment)
        return translate.get(segment.text)

    result = copy.deepcopy(release).replace(lang=lang)
    labels: dict[str, str] = {}
    for segment in segments(release):
        text = lookup(segment)
        if text:
            _set(result, segment.path, text)
            for link in inline.links(text):
                labels.setdefault(link.url, link.text)
    # The release's link list is collected from its text: take the labels the
    # translation gives the same addresses.
    for link in result.links:
        if link.url in labels:
            link.text = labels[link.url]
    return result


def _set(release: Release, path: FieldPath, text: str) -> None:
    target: object = release
    for step in path[:-1]:
        target = target[step] if isinstance(step, int) else getattr(target, step)  # type: ignore[index]
    last = path[-1]
    if isinstance(last, int):
        target[last] = text  # type: ignore[index]
    else:
        setattr(target, last, text)
