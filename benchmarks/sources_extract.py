"""How fast article pages become draft releases: extraction alone, then a whole page pull.

Run: .venv/bin/python benchmarks/sources_extract.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from newsdesk.core import Workspace
from newsdesk.sources import SourceStore, pull_source
from newsdesk.sources.article import extract_article

PARAGRAPH = (
    "Die Wirtschaftsförderung Musterstadt hat am Freitag das neue Gründerzentrum am Hafen "
    "eröffnet. Auf 2.400 Quadratmetern finden dort bis zu 40 junge Unternehmen Platz."
)


def page(number: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH} ({number}.{i})</p>" for i in range(12))
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"<title>Meldung {number}</title></head><body><nav><a href='/'>Start</a></nav>"
        f"<main><article><h1>Meldung {number}</h1><p>Musterstadt, 28. November 2026</p>"
        f"{body}</article></main><footer>Impressum</footer></body></html>"
    ).encode()


def main() -> None:
    pages = [page(number) for number in range(200)]
    start = time.perf_counter()
    for number, html in enumerate(pages):
        extract_article(html, f"https://www.example.org/presse/{number}.html")
    elapsed = time.perf_counter() - start
    each = elapsed / len(pages) * 1000
    print(f"extract_article: {len(pages) / elapsed:.0f} pages/s ({each:.1f} ms each)")

    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "ws")
        drop = Path(folder) / "eingang"
        drop.mkdir()
        for number in range(100):
            (drop / f"meldung-{number}.txt").write_text(
                f"Meldung {number}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n", encoding="utf-8"
            )
        SourceStore.for_workspace(workspace).add("eingang", "folder", str(drop), 900, False)
        start = time.perf_counter()
        first = pull_source(workspace, "eingang")
        middle = time.perf_counter()
        second = pull_source(workspace, "eingang")
        end = time.perf_counter()
        print(
            f"folder pull: {len(first.created)} new drafts in {middle - start:.2f} s; "
            f"second pull ({second.unchanged} unchanged) in {end - middle:.2f} s"
        )


if __name__ == "__main__":
    main()
