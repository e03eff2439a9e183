"""Import a finished translation of a release (a file in the target language) into its catalog.

Segments are aligned kind by kind (titles with titles, paragraphs with paragraphs,
list items with list items) by what the two languages share — numbers,
addresses, names. Where both versions have the same number of segments of a
kind and nothing points to a shift, they pair in order and count as certain.
Otherwise the best order-keeping pairing is used and every pair is marked
fuzzy; what cannot be paired is reported. Existing reviewed translations are
kept unless ``replace`` is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.core import inline
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.translate.catalog import ContentCatalog, extract
from newsdesk.translate.markup import link_problems
from newsdesk.translate.segments import Segment, segments

# Below this anchor score two segments of unequal lists are not paired.
MIN_SCORE = 0.2


@dataclass
class ImportReport:
    catalog: ContentCatalog
    placed: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)  # placed, marked fuzzy
    kept: list[str] = field(default_factory=list)  # a reviewed translation was already there
    untranslated: list[str] = field(default_factory=list)  # German segments with no partner
    unplaced: list[str] = field(default_factory=list)  # pieces of the translation left over


def import_translation(
    workspace: Workspace,
    release: Release,
    translated: Release,
    lang: str,
    *,
    replace: bool = False,
) -> ImportReport:
    """Extract the release's catalog for ``lang``, then fill it from ``translated``."""
    german = segments(release)
    english = segments(translated)
    place = translated.path or "the translation"
    if not english:
        raise NewsdeskError("the translation has no text to import", place=place)
    same = {s.text for s in german} & {s.text for s in english if s.kind != "kind"}
    if len(same) * 2 > len(english):
        raise NewsdeskError(
            "this file is mostly the same text as the release itself, not a translation "
            "(check the file given to --from)",
            place=place,
        )
    catalog, _ = extract(workspace, release, lang)
    report = ImportReport(catalog=catalog)
    for kind in dict.fromkeys(segment.kind for segment in [*german, *english]):
        ours = [segment for segment in german if segment.kind == kind]
        theirs = [segment for segment in english if segment.kind == kind]
        aligned = _align(ours, theirs)
        in_order = all(ours.index(g) == theirs.index(e) for g, e in aligned)
        if len(ours) == len(theirs) and in_order:
            pairs = [(g, e, True) for g, e in zip(ours, theirs, strict=True)]
        else:
            pairs = [(g, e, False) for g, e in aligned]
        paired_german = {g.index for g, _, _ in pairs}
        paired_english = {e.index for _, e, _ in pairs}
        report.untranslated.extend(g.name for g in ours if g.index not in paired_german)
        report.unplaced.extend(
            f"{e.name} of the translation: {_excerpt(e.text)}"
            for e in theirs
            if e.index not in paired_english
        )
        for german_segment, english_segment, certain in pairs:
            _place(catalog, german_segment, english_segment.text, certain, replace, report)
    order = {segment.name: segment.index for segment in german}
    for names in (report.placed, report.uncertain, report.kept, report.untranslated):
        names.sort(key=lambda name: order.get(name, 0))
    catalog.save()
    return report


def _place(
    catalog: ContentCatalog,
    segment: Segment,
    text: str,
    certain: bool,
    replace: bool,
    report: ImportReport,
) -> None:
    existing = catalog.translation(segment.text)
    if existing is not None and existing != text and not replace:
        report.kept.append(segment.name)
        return
    sure = certain and not link_problems(segment.text, text)
    catalog.set_translation(segment.text, text, fuzzy=not sure)
    (report.placed if sure else report.uncertain).append(segment.name)


_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_NAME = re.compile(r"\b[A-ZÄÖÜ][\w-]+")


def _anchors(text: str) -> set[str]:
    """What a text shares with its translation: numbers, link targets and names."""
    found = {number.replace(".", "").replace(",", "") for number in _NUMBER.findall(text)}
    found |= {link.url for link in inline.links(text)}
    found |= set(_NAME.findall(text))
    return found


def _score(first: Segment, second: Segment) -> float:
    a, b = _anchors(first.text), _anchors(second.text)
    shared = len(a & b) / max(1, min(len(a), len(b))) if a and b else 0.0
    lengths = min(len(first.text), len(second.text)) / max(1, len(first.text), len(second.text))
    return 0.8 * shared + 0.2 * lengths


def _align(ours: list[Segment], theirs: list[Segment]) -> list[tuple[Segment, Segment]]:
    """The order-keeping pairing with the highest total score (dynamic programming)."""
    rows, cols = len(ours), len(theirs)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            score = _score(ours[i], theirs[j])
            pair = best[i + 1][j + 1] + score if score >= MIN_SCORE else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[Segment, Segment]] = []
    i = j = 0
    while i < rows and j < cols:
        score = _score(ours[i], theirs[j])
        if score >= MIN_SCORE and best[i][j] == best[i + 1][j + 1] + score:
            pairs.append((ours[i], theirs[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _excerpt(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= length else flat[: length - 1] + "…")
