"""``newsdesk serve`` as staff run it: a process with waitress, an access log without
secrets, Ctrl-C to stop, and the guards for other addresses and reverse proxies."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from newsdesk.core import Workspace

TOKEN = "admin-token-for-the-serve-tests"
NEWSDESK = Path(sys.executable).parent / "newsdesk"  # the command as installed


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def stop(self) -> str:
        """Ctrl-C, then everything the process wrote to stderr."""
        self.process.send_signal(signal.SIGINT)
        _out, err = self.process.communicate(timeout=20)
        return err


def serve(workspace: Workspace, *args: str, token: str | None = None) -> Served:
    env = {**os.environ, "NEWSDESK_SECRET_KEY": "serve-tests-secret-0123456789"}
    env.pop("NEWSDESK_ADMIN_TOKEN", None)
    if token:
        env["NEWSDESK_ADMIN_TOKEN"] = token
    command = [str(NEWSDESK), "--workspace", str(workspace.root)]
    process = subprocess.Popen(
        [*command, "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    found = re.search(r"on (http://127\.0\.0\.1:\d+)/", first)
    if found is None:
        process.kill()
        pytest.fail(f"newsdesk serve did not start: {first}{process.stderr.read()}")
    return Served(process, found.group(1))


@pytest.fixture
def served(demo_workspace: Workspace) -> Iterator[Served]:
    running = serve(demo_workspace)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_serve_answers_logs_without_secrets_and_stops_on_ctrl_c(served: Served) -> None:
    archive = requests.get(f"{served.url}/archive/de/", timeout=10)
    assert archive.status_code == 200 and "Innovationspreis 2026" in archive.text
    assert archive.headers["Server"] == "newsdesk"
    forged = requests.get(f"{served.url}/u/WzEsMiwzXQ.secret-part.sig", timeout=10)
    assert forged.status_code == 400
    assert requests.get(f"{served.url}/", timeout=10).status_code == 200  # staff, loopback
    err = served.stop()
    assert served.process.returncode == 0 and "newsdesk serve stopped" in err
    assert '"GET /archive/de/" 200' in err and '"GET /u/…" 400' in err
    assert "secret-part" not in err and "Traceback" not in err


def test_staff_pages_refuse_a_reverse_proxy_without_the_token(served: Served) -> None:
    for header, value in (("X-Forwarded-For", "203.0.113.5"), ("X-Forwarded-Proto", "https")):
        proxied = requests.get(f"{served.url}/", headers={header: value}, timeout=10)
        assert proxied.status_code == 403 and "--behind-proxy" in proxied.text, header
    public = requests.get(
        f"{served.url}/archive/de/", headers={"X-Forwarded-For": "203.0.113.5"}, timeout=10
    )
    assert public.status_code == 200


def test_behind_a_proxy_the_login_throttle_counts_each_client(
    demo_workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsdesk.cli import main

    with pytest.raises(SystemExit) as refused:
        main(["--workspace", str(demo_workspace.root), "serve", "--behind-proxy"])
    assert refused.value.code == 2 and "NEWSDESK_ADMIN_TOKEN" in capsys.readouterr().err

    running = serve(demo_workspace, "--behind-proxy", token=TOKEN)
    try:

        def login(client: str, token: str) -> int:
            session = requests.Session()
            session.headers["X-Forwarded-For"] = client
            page = session.get(f"{running.url}/login", timeout=10).text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            answer = session.post(
                f"{running.url}/login",
                data={"token": token, "csrf": csrf},
                allow_redirects=False,
                timeout=10,
            )
            return answer.status_code

        assert [login("203.0.113.5", "guess") for _ in range(5)] == [401] * 5
        assert login("203.0.113.5", TOKEN) == 429
        assert login("198.51.100.7", TOKEN) == 302  # another client behind the same proxy
    finally:
        err = running.stop()
    assert '203.0.113.5 "POST /login" 429' in err


def test_a_port_in_use_is_one_line(served: Served, demo_workspace: Workspace) -> None:
    port = served.url.rsplit(":", 1)[1]
    done = subprocess.run(
        [str(NEWSDESK), "--workspace", str(demo_workspace.root), "serve", "--port", port],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("newsdesk: error: cannot listen on 127.0.0.1:" + port)
    assert "Traceback" not in done.stderr
