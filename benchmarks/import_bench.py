"""Import 100,000 contacts from a CSV into a fresh workspace and print rows/s and peak RSS.

Targets: ≥ 20,000 rows/s into SQLite, peak RSS ≤ 200 MB.
Usage: .venv/bin/python benchmarks/import_bench.py [ROWS] [--database URL]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from newsdesk.audience import ContactStore, import_contacts
from newsdesk.core import Workspace
from newsdesk.core.db import connect

FIRST = ["Anna", "Jürgen", "Özlem", "Lena", "Max", "Sophie", "Ali", "Grete", "Tom", "Ines"]
LAST = ["Weber", "Müller", "Yilmaz", "Schmidt", "Kraus", "Nguyen", "Becker", "Wolf"]
ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
ORGS = ["Stadtwerke Musterstadt", "Acme Analytik GmbH", "Hochschule Beispielstadt", ""]


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        stream.write("Anrede;Titel;Vorname;Nachname;E-Mail;Firma;Funktion;Sprache\r\n")
        for i in range(rows):
            salutation = ("Frau", "Herr", "")[i % 3]
            title = "Dr." if i % 7 == 0 else ""
            first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
            language = "Deutsch" if i % 4 else "Englisch"
            local = f"{first}.{last}.{i}".lower().translate(ASCII)
            stream.write(
                f"{salutation};{title};{first};{last};{local}"
                f"@example-{i % 97}.de;{ORGS[i % len(ORGS)]};Referentin;{language}\r\n"
            )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--database", help="a database URL instead of the workspace's SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "ws", brand="Benchmark")
        source = Path(folder) / "kontakte.csv"
        write_csv(source, args.rows)
        store = (
            ContactStore(connect(args.database))
            if args.database
            else ContactStore.for_workspace(workspace)
        )
        store.create_list("bench")
        before = peak_rss_mb()
        for attempt in ("first import", "re-import"):
            started, cpu = time.perf_counter(), time.process_time()
            report = import_contacts(
                store,
                source,
                "bench",
                languages=workspace.config.languages,
                default_language="de",
            )
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            print(
                f"{attempt}: {report.rows:,} rows in {seconds:.2f} s = "
                f"{report.rows / seconds:,.0f} rows/s; {cpu:.2f} s CPU = "
                f"{report.rows / cpu:,.0f} rows per CPU second (imported {report.imported:,}, "
                f"unchanged {report.unchanged:,}, rejected {len(report.rejected)})"
            )
        print(f"peak RSS: {peak_rss_mb():.0f} MB (before importing: {before:.0f} MB)")
        print(f"python {sys.version.split()[0]}, database {store.engine.url.get_backend_name()}")


if __name__ == "__main__":
    main()
