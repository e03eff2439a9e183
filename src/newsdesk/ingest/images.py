"""Images in release text: "Foto: …" credit lines and "Bildmaterial:" lists.

A "Bildmaterial:" paragraph lists image files, one per line, as
``hafenkante.jpg – Caption. Foto: Credit``; each becomes an image block whose
``src`` is the file name as written (relative to the release file).
"""

from __future__ import annotations

import re

from newsdesk.core import Block

CREDIT = re.compile(
    r"^(?:Foto|Fotos|Bild|Bildnachweis|Bildquelle|Grafik|Quelle|Illustration|Credit)\s*:\s*"
    r"(?P<credit>.+)$|^(?P<copyright>©.+)$",
    re.I,
)
BILDMATERIAL = re.compile(r"^Bildmaterial\b\s*:?\s*(?P<rest>.*)$", re.I)
IMAGE_LINE = re.compile(
    r"^(?P<src>[\w./-]+\.(?:jpe?g|png|gif|webp))\s*(?:[:–—-]\s*(?P<caption>.*?))?\s*"
    r"(?:\(?(?:Foto|Bild|©)\s*:?\s*(?P<credit>[^)]*)\)?)?\s*$",
    re.I,
)


def credit_of(text: str) -> str | None:
    """The credit of a "Foto: …" / "© …" line, or None."""
    match = CREDIT.match(text.strip())
    if not match:
        return None
    return (match.group("credit") or match.group("copyright")).strip()


def images_of(lines: list[str]) -> list[Block]:
    images: list[Block] = []
    for line in lines:
        match = IMAGE_LINE.match(line.strip())
        if match:
            caption = (match.group("caption") or "").strip().rstrip(",;").strip()
            images.append(
                Block(
                    type="image",
                    src=match.group("src"),
                    alt=caption,
                    caption=caption,
                    credit=(match.group("credit") or "").strip(),
                )
            )
        elif line.strip() and images:
            credit = credit_of(line)
            if credit and not images[-1].credit:
                images[-1].credit = credit
    return images
