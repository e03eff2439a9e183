"""Send a ~47 KB newsletter to 10,000 and 100,000 contacts (half German, half English).

Prints, in one run: recipients/s end to end through a fake Postmark /email/batch in a
separate process (CPU seconds of sender and server), the sender's peak RSS, request
bytes per recipient, the ledger's cost; the same through Mailgun and SendGrid
(per-recipient variables); and two baselines: a straightforward sender (fill each
message, JSON-encode batches of 500, POST) and a naive one that renders and compiles
each message (measured on a sample, extrapolated); and each provider's rate as a multiple
of the straightforward sender's in the same run, which varies far less than the rates
themselves on a shared machine.

Targets: ≥ 8,000 recipients/s via Postmark, peak RSS ≤ 150 MB for 10,000 and 100,000 alike;
≤ 2 KB request per recipient and ≥ 30,000 recipients/s with per-recipient variables.

Measured on the 2-core development machine (SQLite, 2 December 2026, five runs at
load 0.2-0.7), 100,000: Postmark 13,300-14,700/s while sending (4.0-4.2x the
baseline's 3,290-3,580/s) and 9,700-10,700/s end to end (2.9-3.1x: 8,400-8,900/s
at the issue's baseline of 2,900/s). Peak RSS 95 MB (10,000: 93 MB), 50.4 KB
request/recipient, server CPU 3.2-3.5 s against the sender's 9.4-10.5 s. Mailgun
36,200-39,100/s while sending (10.4-11.6x the baseline: 30,200-33,600/s at the
issue's), 0.34 KB request/recipient, 32-35 us of sender CPU per recipient; SendGrid
23,300-26,600/s, 0.53 KB. About 2.6-2.8 s go by before the first message: writing
the ledger takes 2.0-2.2 s (SQLite reads the audience in 0.6 s and inserts the rows
into three B-trees in 1.0 s; the greetings take 0.4 s of Python), and rendering and
checking two languages 0.45 s.
What it took, measured step by step (py-spy on the lanes, which hold the GIL most of
a send): a recipient's own values are its greeting and its token, the links' prefixes
being static parts, so nothing is built or parsed per link; the token is keyed
BLAKE2b (0.8 us) rather than HMAC-SHA256 (3.3 us); a claim decodes its rows after its
transaction, so the other lane's writes do not wait for that; and while a send runs
the objects made before it are frozen out of the cycle collector, whose full
collections had walked the whole process every few batches (about 7 % of the CPU).
The ledger lists each language's readers together, so a batch lies on half as many
database pages as with the benchmark's alternating contacts; real lists are less
mixed and gain less. The fake Postmark counts the messages of a batch by their
"MessageStream" keys (2.6 GB/s; "To", whose colon is common in inline styles, ran at
1.5 GB/s and cost the server 5.4 s rather than 3.5 s): on two cores that leaves the
sender more room; the sender does no less work for it.
A third lane gave Postmark about 5 % more (four runs each) and was not kept: a crash
would leave three batches unknown rather than two. Lanes as processes were tried
(a prototype: the parent claims and records, two children build and post): Mailgun
21,400/s against 19,100/s then, Postmark unchanged, because the two cores are busy
with the sender, the fake server and the ledger alike.
See issue #5.
Usage: .venv/bin/python benchmarks/send_bench.py [--sizes 10000,100000] [--sample 20]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PARAGRAPH = (
    "Die Wirtschaftsförderung Musterstadt unterstützt **junge Unternehmen** im Hafenviertel "
    "mit Beratung, Räumen und Kontakten; mehr unter www.wirtschaft-musterstadt.de/gruenden. "
)


def release_text(paragraphs: int) -> str:
    """A release the pre-send checks pass without --force: a teaser for the preheader
    and a press contact."""
    body = "\n\n".join(f"{index + 1}. {PARAGRAPH * 3}" for index in range(paragraphs))
    return (
        "---\ntitle: Musterstädter Innovationspreis 2026 geht an Wasserstoff-Start-up\n"
        "slug: bench-release\ndateline: Musterstadt, 2. Dezember 2026 –\n"
        "teaser: Der Preis geht an ein junges Unternehmen aus dem Hafenviertel.\n---\n"
        + body
        + "\n\nPressekontakt:\nJana Beispiel\nPressesprecherin\n"
        "E-Mail: presse@wirtschaft-musterstadt.de\n"
    )


# -- the fake provider (its own process) --------------------------------------------


def serve() -> None:
    """Answer Postmark, Mailgun and SendGrid sends as cheaply as their contracts allow."""
    item = b'{"ErrorCode":0,"Message":"OK","MessageID":"b7bc2f4a-%d","To":"x"}'
    stats = {"requests": 0, "bytes": 0, "recipients": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # The answer's headers and body are two writes. With Nagle's algorithm the body
        # waited for the sender's delayed ACK: 40 ms on each kept-alive request, which
        # no provider's server makes a client wait.
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            self._send(200, json.dumps({**stats, "cpu": usage.ru_utime + usage.ru_stime}).encode())

        def read_counting(self, length: int, needles: tuple[bytes, ...]) -> int:
            """Read the whole body into this connection's reused buffer (a fresh 25 MB
            object per request would cost the server more than the sender's encoding),
            counting the ``needles`` a megabyte at a time as the bytes arrive, so that
            the answer follows the last byte at once."""
            buffer = self.__dict__.setdefault("buffer", bytearray())
            if len(buffer) < length:
                buffer.extend(bytes(length - len(buffer)))
            view = memoryview(buffer)
            done = count = 0
            while done < length:
                got = self.rfile.readinto(view[done : min(length, done + (1 << 20))])
                if not got:
                    raise ConnectionError("the body ended early")
                for needle in needles:
                    # a needle split by the end of the last read is counted now
                    count += buffer.count(needle, max(0, done - len(needle) + 1), done + got)
                done += got
            return count

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            if self.path == "/email/batch":  # Postmark: one stream per message
                # (any key of a message would do; this one is counted twice as fast as
                # "To", whose colon is common in the HTML's inline styles)
                needles: tuple[bytes, ...] = (b'"MessageStream":',)
            elif self.path.endswith("/messages"):  # Mailgun: one "to" field per recipient
                needles = (b'name="to"',)
            else:  # SendGrid: one "to" per personalization
                needles = (b'"to":[', b'"to": [')
            count = self.read_counting(length, needles)
            with lock:  # the sender may have several requests in flight
                stats["requests"] += 1
                stats["bytes"] += length
                stats["recipients"] += count
                start = stats["recipients"]
            if self.path == "/email/batch":
                answer = b"[" + b",".join(item % (start + n) for n in range(count)) + b"]"
                self._send(200, answer)
            elif self.path.endswith("/messages"):
                self._send(200, b'{"id":"<bench@mg>","message":"Queued. Thank you."}')
            else:
                self._send(202, b"")

        def _send(self, status: int, payload: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def server_stats(url: str) -> dict[str, Any]:
    import requests

    return requests.get(url + "/stats", timeout=10).json()


# -- one measured send (its own process, so its peak RSS is its own) ---------------


def prepare(count: int) -> Path:
    """A workspace with ``count`` contacts (half de, half en) and the release; untimed."""
    from newsdesk.audience import ContactStore, import_contacts
    from newsdesk.core import Workspace

    root = Path(tempfile.mkdtemp(prefix="send-bench-")) / "ws"
    workspace = Workspace.create(root, brand="Wirtschaftsförderung Musterstadt")
    # The organisation's own addresses: the pre-send checks refuse init's example ones.
    config = root / "newsdesk.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("example.org", "wirtschaft-musterstadt.de"),
        encoding="utf-8",
    )
    workspace = Workspace.open(root)
    (workspace.releases_dir / "bench.de.md").write_text(release_text(25), encoding="utf-8")
    csv_path = root / "contacts.csv"
    with csv_path.open("w", encoding="utf-8") as stream:
        stream.write("E-Mail,Vorname,Nachname,Anrede,Titel,Sprache\n")
        for i in range(count):
            lang = "de" if i % 2 else "en"
            stream.write(f"p{i}@example-{i % 53}.de,Anna,Weber{i},{'fm'[i % 2]},,{lang}\n")
    store = ContactStore.for_workspace(workspace)
    store.create_list("bench")
    import_contacts(store, csv_path, "bench", languages=("de", "en"), default_language="de")
    return root


def send_once(root: Path, provider: str, url: str) -> dict[str, Any]:
    from newsdesk.core import Workspace
    from newsdesk.deliver import Ledger, send_campaign

    # wall time inside the ledger's calls, and the CPU time of the threads making them
    # (the sender's lanes overlap, so their wall times add up to more than the send)
    names = ("create", "claim", "record")
    timers = dict.fromkeys(names + tuple(f"{name}_cpu" for name in names), 0.0)
    for name in names:
        original = getattr(Ledger, name)

        def timed(
            self: Any, *args: Any, _original: Any = original, _name: str = name, **kwargs: Any
        ) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return _original(self, *args, **kwargs)
            finally:
                timers[_name] += time.perf_counter() - start
                timers[f"{_name}_cpu"] += time.thread_time() - cpu

        setattr(Ledger, name, timed)

    env = {
        "POSTMARK_SERVER_TOKEN": "bench",
        "POSTMARK_BASE_URL": url,
        "MAILGUN_API_KEY": "bench",
        "MAILGUN_DOMAIN": "mg.example.org",
        "MAILGUN_BASE_URL": url,
        "SENDGRID_API_KEY": "bench",
        "SENDGRID_BASE_URL": url,
        "NEWSDESK_SECRET_KEY": "benchmark-secret",
    }
    workspace = Workspace.open(root)
    marks: dict[str, float] = {}

    def ledger_written(_total: int) -> None:
        marks.setdefault("ledger", time.perf_counter())
        marks.setdefault("ledger_cpu", time.process_time())

    cpu_start = time.process_time()
    start = time.perf_counter()
    report = send_campaign(
        workspace,
        workspace.releases_dir / "bench.de.md",
        ["bench"],
        provider=provider,
        fallback=True,
        env=env,
        on_total=ledger_written,
    )
    wall = time.perf_counter() - start
    return {
        "sent": report.total("sent"),
        "wall": wall,
        "prepare": marks["ledger"] - start,
        "cpu": time.process_time() - cpu_start,
        "send_cpu": time.process_time() - marks["ledger_cpu"],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **timers,
    }


def straightforward(root: Path, url: str, count: int) -> dict[str, Any]:
    """The baseline of the issue: fill each message, JSON-encode batches of 500, POST."""
    import requests

    from newsdesk.core import Workspace
    from newsdesk.ingest import read_release
    from newsdesk.render import render_release
    from newsdesk.translate import localize

    workspace = Workspace.open(root)
    release = read_release(workspace.releases_dir / "bench.de.md")
    emails = {
        lang: render_release(localize(release, workspace, lang, fallback=True), workspace)
        for lang in ("de", "en")
    }
    session = requests.Session()
    start, cpu_start, sent_bytes = time.perf_counter(), time.process_time(), 0
    for offset in range(0, count, 500):
        batch = []
        for i in range(offset, min(count, offset + 500)):
            email = emails["de" if i % 2 else "en"]
            html, text = email.fill(
                {
                    "salutation": f"Sehr geehrte Frau Weber{i},",
                    "unsubscribe_url": f"https://n.example.org/u/{i}",
                    "web_url": "https://n.example.org/archive/bench/de",
                    "preferences_url": f"https://n.example.org/p/{i}",
                }
            )
            batch.append(
                {
                    "From": "presse@example.org",
                    "To": f"p{i}@example.de",
                    "Subject": email.subject,
                    "HtmlBody": html,
                    "TextBody": text,
                    "MessageStream": "broadcast",
                }
            )
        body = json.dumps(batch).encode()
        sent_bytes += len(body)
        session.post(url + "/email/batch", data=body, timeout=60).raise_for_status()
    wall = time.perf_counter() - start
    return {
        "sent": count,
        "wall": wall,
        "cpu": time.process_time() - cpu_start,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bytes": sent_bytes,
    }


def naive(root: Path, sample: int) -> dict[str, Any]:
    """Localize, render and compile the release for every message (a sample of them)."""
    from newsdesk.core import Workspace
    from newsdesk.ingest import read_release
    from newsdesk.render import render_release
    from newsdesk.translate import localize

    workspace = Workspace.open(root)
    release = read_release(workspace.releases_dir / "bench.de.md")
    start = time.perf_counter()
    for i in range(sample):
        email = render_release(
            localize(release, workspace, "de" if i % 2 else "en", fallback=True), workspace
        )
        email.fill(
            dict.fromkeys(("salutation", "unsubscribe_url", "web_url", "preferences_url"), "x")
        )
    return {"per_message": (time.perf_counter() - start) / sample}


def worker(args: argparse.Namespace) -> None:
    if args.mode == "prepare":
        print(json.dumps({"root": str(prepare(args.count))}), flush=True)
        return
    root = Path(args.root)
    if args.mode == "naive":
        result = naive(root, args.sample)
    elif args.mode == "straightforward":
        result = straightforward(root, args.url, args.count)
    else:
        result = send_once(root, args.mode, args.url)
    print(json.dumps(result), flush=True)


# -- the run -------------------------------------------------------------------------


def run_worker(mode: str, count: int, url: str, sample: int = 0) -> dict[str, Any]:
    """``mode`` in a fresh process, on contacts imported by another one (so the
    import's memory is not the sender's)."""
    root = "" if mode == "prepare" else run_worker("prepare", count, url)["root"]
    command = [
        sys.executable,
        __file__,
        "--worker",
        mode,
        "--count",
        str(count),
        "--url",
        url,
        "--sample",
        str(sample),
        "--root",
        root,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} {count} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measured(mode: str, count: int, url: str) -> dict[str, Any]:
    before = server_stats(url)
    result = run_worker(mode, count, url)
    after = server_stats(url)
    result["server_cpu"] = after["cpu"] - before["cpu"]
    result["request_bytes"] = after["bytes"] - before["bytes"]
    result["received"] = after["recipients"] - before["recipients"]
    return result


def sending_rate(result: dict[str, Any]) -> float:
    """Recipients per second from the first message on."""
    return result["sent"] / (result["wall"] - result.get("prepare", 0.0))


def line(label: str, result: dict[str, Any]) -> str:
    send_time = result["wall"] - result.get("prepare", 0.0)
    send_cpu = result.get("send_cpu", result["cpu"])
    per = result["request_bytes"] / max(result["received"], 1)
    text = (
        f"{label:<28} {result['sent']:>7,} sent  {result['sent'] / send_time:>7,.0f}/s sending, "
        f"{result['sent'] / send_cpu:>7,.0f} per sender CPU-second, "
        f"{result['sent'] / result['wall']:>6,.0f}/s end to end\n"
        f"{'':<30}sender CPU {result['cpu']:.1f} s (sending {send_cpu:.1f} s), "
        f"server CPU {result['server_cpu']:.1f} s, sender peak RSS {result['rss_mb']:.0f} MB, "
        f"{per / 1024:.2f} KB request/recipient"
    )
    if "claim" in result:
        text += (
            f"\n{'':<30}ledger: write {result['create']:.2f} s, claim+record "
            f"{result['claim_cpu'] + result['record_cpu']:.2f} s CPU "
            f"({result['claim'] + result['record']:.2f} s in calls, summed over parallel "
            f"requests); before the first send (audience, render, ledger) "
            f"{result['prepare']:.2f} s"
        )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--worker")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--url", default="")
    parser.add_argument("--root", default="")
    args = parser.parse_args()
    if args.worker:
        args.mode = args.worker
        worker(args)
        return
    if os.environ.get("SEND_BENCH_SERVE"):
        serve()
        return

    server = subprocess.Popen(
        [sys.executable, __file__],
        env={**os.environ, "SEND_BENCH_SERVE": "1"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        sizes = [int(size) for size in args.sizes.split(",")]
        load = os.getloadavg()[0]
        print("newsdesk send benchmark — fake provider in its own process on 127.0.0.1")
        print(
            f"(load average {load:.1f} on {os.cpu_count()} cores; wall-clock rates shrink with it)"
        )
        rates: dict[str, float] = {}  # recipients/s while sending, at the largest size
        largest = max(sizes)
        for size in sizes:
            result = measured("postmark", size, url)
            rates["postmark"] = sending_rate(result)
            print(line(f"postmark batch, {size:,}", result), flush=True)
        for provider in ("mailgun", "sendgrid"):
            result = measured(provider, largest, url)
            rates[provider] = sending_rate(result)
            print(line(f"{provider} variables, {largest:,}", result), flush=True)
        base_count = min(largest, 20000)
        result = measured("straightforward", base_count, url)
        print(line(f"baseline fill+json, {base_count:,}", result), flush=True)
        # the machine's speed varies between runs; the ratio to the baseline much less
        baseline = sending_rate(result)
        print(
            f"{'against the baseline':<32} "
            + ", ".join(f"{name} {rate / baseline:.1f}×" for name, rate in rates.items())
        )
        result = run_worker("naive", 2, url, sample=args.sample)
        per = result["per_message"]
        print(
            f"{'baseline render per message':<32} {per * 1000:.0f} ms/message → "
            f"{1 / per:,.1f}/s; {largest:,} would take {per * largest / 3600:.1f} h "
            f"(sample of {args.sample})"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
