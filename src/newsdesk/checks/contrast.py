"""Readable text: the WCAG contrast of each text colour on its background in the
compiled HTML, and of the theme's accent colour on white."""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.checks.colours import contrast_ratio, hex_of, parse_colour
from newsdesk.checks.context import CheckContext, where
from newsdesk.checks.findings import Finding, warning

NORMAL_MIN = 4.5
LARGE_MIN = 3.0  # WCAG: 24 px, or 18.66 px bold


def _minimum(font_px: float, bold: bool) -> float:
    return LARGE_MIN if font_px >= 24 or (bold and font_px >= 18.66) else NORMAL_MIN


def check(context: CheckContext) -> Iterator[Finding]:
    accent_text = context.workspace.config.accent_color
    accent = parse_colour(accent_text)
    if accent is None:
        yield warning(
            "contrast",
            f"organisation.accent_color {accent_text!r} is not a colour; write it as #rrggbb",
            "newsdesk.toml [organisation] accent_color",
        )
    else:
        ratio = contrast_ratio(accent, (255, 255, 255))
        if ratio < NORMAL_MIN:
            yield warning(
                "contrast",
                f"the accent colour {hex_of(accent)} on white has a contrast of {ratio:.1f}:1; "
                f"links and headings in it need at least {NORMAL_MIN}:1 — choose a darker one",
                "newsdesk.toml [organisation] accent_color",
            )
    for rendition in context.renditions:
        reported: set[tuple[object, ...]] = set()
        for run in rendition.page.texts:
            minimum = _minimum(run.font_px, run.bold)
            ratio = contrast_ratio(run.colour, run.background)
            key = (run.colour, run.background, minimum)
            if ratio >= minimum or key in reported:
                continue
            reported.add(key)
            sample = run.text if len(run.text) <= 40 else run.text[:37] + "…"
            yield warning(
                "contrast",
                f"text in {hex_of(run.colour)} on {hex_of(run.background)} has a contrast of "
                f"{ratio:.1f}:1 (needs {minimum:g}:1), hard to read for many — darken the "
                f"text or lighten the background (e.g. {sample!r})",
                where(rendition.lang, f"HTML line {run.line}"),
            )
