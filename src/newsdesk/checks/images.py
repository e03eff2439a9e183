"""Images: alt text for readers who cannot see them, a declared width, a sane weight."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsdesk.checks.context import CheckContext, where
from newsdesk.checks.findings import Finding, error, warning

IMAGE_WARN_BYTES = 300 * 1024
TOTAL_WARN_BYTES = 1024 * 1024


def _decorative(attrs: dict[str, str]) -> bool:
    return attrs.get("role") in ("presentation", "none") or attrs.get("aria-hidden") == "true"


def _short(src: str) -> str:
    return src if len(src) <= 60 else src[:57] + "…"


def check(context: CheckContext) -> Iterator[Finding]:
    for rendition in context.renditions:
        for image in rendition.page.images:
            src = _short(image.attrs.get("src", ""))
            place = where(rendition.lang, f"HTML line {image.line}", src)
            if not image.attrs.get("alt", "").strip() and not _decorative(image.attrs):
                yield error(
                    "image-alt",
                    "an image has no alt text; describe what it shows (the `alt` of an "
                    "image block, or the template) so readers who cannot see it know",
                    place,
                )
            width = image.attrs.get("width", "").strip()
            style_width = _style_width(image.attrs.get("style", ""))
            if not width and not style_width:
                yield warning(
                    "image-width",
                    "an image declares no width; Outlook then shows it at full size — "
                    "give it a width in pixels",
                    place,
                )
    yield from _weight(context)


def _style_width(style: str) -> str:
    for part in style.split(";"):
        name, _, value = part.partition(":")
        if name.strip().lower() == "width" and value.strip() not in ("", "auto"):
            return value.strip()
    return ""


def local_image_path(src: str, context: CheckContext) -> Path | None:
    """The file a local image refers to (next to the release, else in the workspace)."""
    if not src or "://" in src or src.startswith(("data:", "cid:", "//")):
        return None
    candidates = []
    if context.release.path is not None:
        candidates.append(context.release.path.parent / src)
    candidates.append(context.workspace.root / src)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return candidates[0]


def _weight(context: CheckContext) -> Iterator[Finding]:
    sources = [block.src for block in context.release.blocks if block.type == "image"]
    logo = context.workspace.config.logo
    if logo:
        sources.append(logo)
    total = 0
    for src in dict.fromkeys(sources):
        path = local_image_path(src, context)
        if path is None:
            continue
        if not path.is_file():
            yield error(
                "image-missing",
                f"the image file {src} does not exist; fix the path or add the file",
                src,
            )
            continue
        size = path.stat().st_size
        total += size
        if size > IMAGE_WARN_BYTES:
            yield warning(
                "image-weight",
                f"the image weighs {size / 1024:.0f} KB; recipients on mobile data wait for "
                "it — scale it to the width it is shown at (600 px) and save it compressed",
                src,
            )
    if total > TOTAL_WARN_BYTES:
        yield warning(
            "image-weight",
            f"the images weigh {total / 1024 / 1024:.1f} MB together; keep an email's "
            "images under 1 MB",
            "all images",
        )
