"""How fast rendering is: MJML compile time per language for the demo release, and how many
recipients per second ``RenderedEmail.fill`` serves (target: ≥ 20,000/s on one core).

Run: .venv/bin/python benchmarks/render_bench.py [RELEASE_FILE] [--recipients N]
Without a file it takes the first release of examples/demo (or, without the demo, the
shared bronze-label fixture in a throw-away workspace).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.core import Recipient, Workspace
from newsdesk.ingest import read_release
from newsdesk.render import render_release, salutation
from newsdesk.translate import localize

REPOSITORY = Path(__file__).resolve().parent.parent
DEMO = REPOSITORY / "examples" / "demo"
BRONZE = REPOSITORY.parent / "shared" / "fixtures" / "releases" / "bronze-label.de.txt"
COMPILES = 20

FIRST = ["Anna", "Can", "Alex", "Jens", "Maria", "Lea", "Tim", "Sara"]
LAST = ["Weber", "Yilmaz", "Schmidt", "von Berg", "Nowak", "Krüger", "Öztürk", "Li"]
GENDERS = ["f", "m", "d", "", "f", "m", "f", "m"]
TITLES = ["Dr.", "", "", "Prof. Dr.", "", "", "", ""]


def _release_and_workspace(path: str | None) -> tuple[Path, Workspace]:
    if path:
        file = Path(path).resolve()
        return file, Workspace.find(start=file.parent)
    demo_releases = sorted((DEMO / "releases").glob("*.*")) if DEMO.is_dir() else []
    if demo_releases:
        return demo_releases[0], Workspace.open(DEMO)
    if not BRONZE.is_file():
        sys.exit("no examples/demo and no ../shared fixture: pass a release file")
    root = Path(tempfile.mkdtemp()) / "ws"
    return BRONZE, Workspace.create(root, brand="Wirtschaftsförderung Musterstadt")


def _recipients(count: int, lang: str) -> list[Recipient]:
    return [
        Recipient(
            email=f"person{index}@example.org",
            lang=lang,
            first_name=FIRST[index % 8],
            last_name=LAST[(index // 8) % 8],
            gender=GENDERS[index % 8],
            title=TITLES[(index // 3) % 8],
        )
        for index in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", nargs="?")
    parser.add_argument("--recipients", type=int, default=10_000)
    arguments = parser.parse_args()
    file, workspace = _release_and_workspace(arguments.release)
    release = read_release(file)
    # an incomplete translation renders with German segments; the warning would only be noise
    logging.getLogger("newsdesk.translate").setLevel(logging.ERROR)
    print(f"release {file.name} ({release.slug}), workspace {workspace.root}")

    print(f"\nrender + MJML compile, {COMPILES} runs per language after one warm-up:")
    emails = {}
    for lang in workspace.config.languages:
        localized = localize(release, workspace, lang, fallback=True)
        started = time.perf_counter()
        emails[lang] = render_release(localized, workspace)
        first = time.perf_counter() - started
        timings = []
        for _ in range(COMPILES):
            started = time.perf_counter()
            render_release(localized, workspace)
            timings.append(time.perf_counter() - started)
        size = len(emails[lang].html.encode("utf-8")) / 1024
        median = statistics.median(timings) * 1000
        print(
            f"  {lang}: first {first * 1000:6.1f} ms, median {median:6.1f} ms, "
            f"best {min(timings) * 1000:6.1f} ms; HTML {size:.1f} KB"
        )

    count = arguments.recipients
    base = workspace.config.base_url
    print(f"\nper-recipient fill, {count:,} recipients, one core (target: 20,000/s):")
    for lang, email in emails.items():
        people = _recipients(count, lang)
        web_url = f"{base}/archive/{email.slug}/{lang}"
        started = time.perf_counter()
        values = [
            {
                "salutation": salutation(person, lang),
                "unsubscribe_url": f"{base}/u/{person.email}",
                "web_url": web_url,
                "preferences_url": f"{base}/p/{person.email}",
            }
            for person in people
        ]
        prepared = time.perf_counter() - started
        started = time.perf_counter()
        for recipient_values in values:
            email.fill(recipient_values)
        filled = time.perf_counter() - started
        print(
            f"  {lang}: fill {count / filled:10,.0f} recipients/s; with salutation and links "
            f"{count / (filled + prepared):10,.0f} recipients/s"
        )
    load = os.getloadavg()[0]
    print(f"\n(load average {load:.1f} on {os.cpu_count()} CPUs while measuring)")


if __name__ == "__main__":
    main()
