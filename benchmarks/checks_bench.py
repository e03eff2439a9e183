"""How long the pre-send checks take: ``run_checks`` on the demo release (render included)
and the HTML checks alone on a page near Gmail's 102 KB limit.

Run: .venv/bin/python benchmarks/checks_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsdesk.checks import CheckContext, Rendition, evaluate, run_checks
from newsdesk.core import Workspace
from newsdesk.ingest import read_release

REPOSITORY = Path(__file__).resolve().parent.parent
DEMO = REPOSITORY / "examples" / "demo"


def _timed(rounds: int, work: object) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    workspace = Workspace.open(DEMO)
    release = read_release(sorted((DEMO / "releases").glob("*.md"))[0], tz=workspace.config.tz)

    full = _timed(rounds, lambda: run_checks(release, workspace, languages=["de"]))
    print(f"run_checks, demo release, de (render + all checks): {statistics.median(full):.0f} ms")

    row = '<tr><td style="color:#1f2328;font-size:16px"><p>Absatz mit <a href="https://www.wifoe-musterstadt.de/x">Link</a>.</p></td></tr>'
    html = f'<html lang="de"><body><table>{row * 800}</table></body></html>'
    print(f"HTML page: {len(html.encode()) / 1024:.0f} KB")

    def html_checks() -> None:
        rendition = Rendition("de", "Betreff", "Vorschau", html, "", release)
        evaluate(CheckContext(release, workspace, ("de",), [rendition]))

    alone = _timed(rounds, html_checks)
    print(f"all checks on that page (no render): {statistics.median(alone):.0f} ms")


if __name__ == "__main__":
    main()
