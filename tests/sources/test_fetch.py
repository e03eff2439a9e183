from __future__ import annotations

import gzip
import socket
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from newsdesk.sources.fetch import Fetcher, FetchError, FetchSettings, _retry_after

from .server import Site

SETTINGS = FetchSettings(timeout=0.5, retries=2, backoff=0.01, max_bytes=1000)


def fetcher(*, local: bool = True) -> Fetcher:
    return Fetcher(SETTINGS, "newsdesk/0.1.0 (+https://newsletter.example.org)", allow_local=local)


def test_user_agent_and_conditional_requests(site: Site) -> None:
    site.put("/a", "Hallo")
    first = fetcher().get(site.url("/a"))
    assert first.status == 200 and first.body == b"Hallo" and first.etag
    second = fetcher().get(site.url("/a"), etag=first.etag)
    assert second.not_modified and second.body == b""
    assert [hit.user_agent for hit in site.hits] == [
        "newsdesk/0.1.0 (+https://newsletter.example.org)"
    ] * 2
    assert site.hits[1].if_none_match == first.etag


def test_redirects_are_followed_and_loops_named(site: Site) -> None:
    site.put("/ziel", "angekommen")
    site.redirect("/alt", "/ziel")
    response = fetcher().get(site.url("/alt"))
    assert response.url == site.url("/ziel") and response.body == b"angekommen"
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher().get(site.url("/a"))
    assert site.count("/a") == 1 and site.count("/b") == 1


def test_size_limit_with_and_without_content_length(site: Site) -> None:
    site.put("/gross", "x" * 5000)
    site.put("/strom", "x" * 5000, send_length=False)
    with pytest.raises(FetchError, match="5,000 bytes, over the limit of 1,000"):
        fetcher().get(site.url("/gross"))
    with pytest.raises(FetchError, match="larger than the limit of 1,000 bytes"):
        fetcher().get(site.url("/strom"))


def test_server_errors_are_retried_a_bounded_number_of_times(site: Site) -> None:
    site.put("/fehler", "nein", status=503)
    site.put("/fehlt", "nein", status=404)
    client = fetcher()
    with pytest.raises(FetchError, match=r"answered 503 .*tried 3 times"):
        client.get(site.url("/fehler"))
    assert site.count("/fehler") == 3 and client.requests == 3
    with pytest.raises(FetchError, match="answered 404"):
        client.get(site.url("/fehlt"))
    assert site.count("/fehlt") == 1  # a 4xx is not retried


def test_only_http_and_no_private_addresses_unless_local(site: Site) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetcher().get("file:///etc/passwd")
    with pytest.raises(FetchError, match="only http and https"):
        fetcher().get("ftp://127.0.0.1/x")
    for address in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "[::1]"):
        with pytest.raises(FetchError, match="private or local address"):
            fetcher(local=False).get(f"http://{address}/x")
    assert fetcher().get(site.url("/robots.txt")).status == 200  # --local allows loopback


def test_robots_txt_of_a_failing_host_blocks_pages(site: Site) -> None:
    site.put("/robots.txt", "kaputt", status=500)
    site.put("/seite", "Hallo")
    with pytest.raises(FetchError, match=r"robots\.txt cannot be read"):
        fetcher().get(site.url("/seite"), robots=True)
    assert site.count("/seite") == 0
    assert fetcher().get(site.url("/seite")).body == b"Hallo"  # feeds do not ask robots.txt


def test_crawl_delay_spaces_requests_to_the_host(site: Site) -> None:
    site.put("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    site.put("/eins", "1")
    site.put("/zwei", "2")
    client = fetcher()
    client.get(site.url("/eins"), robots=True)
    client.get(site.url("/zwei"), robots=True)
    pages = [hit for hit in site.hits if hit.path in ("/eins", "/zwei")]
    assert [hit.path for hit in pages] == ["/eins", "/zwei"]
    assert pages[1].at - pages[0].at >= 0.95  # the host asked for a second between requests


def test_a_server_dripping_its_answer_is_given_up_on(site: Site) -> None:
    site.put("/tropfen", "x" * 200, drip=0.05, send_length=False)
    client = Fetcher(FetchSettings(timeout=0.2, retries=0), "newsdesk", allow_local=True)
    with pytest.raises(FetchError, match=r"took longer than 0\.8 s"):
        client.get(site.url("/tropfen"))


def test_gzip_answers_are_decoded_and_the_limit_counts_decoded_bytes(site: Site) -> None:
    site.put("/klein", gzip.compress("Grüße".encode()), headers={"Content-Encoding": "gzip"})
    assert fetcher().get(site.url("/klein")).body == "Grüße".encode()
    bomb = gzip.compress(b"x" * 100_000)
    site.put("/bombe", bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 1000
    with pytest.raises(FetchError, match="larger than the limit"):
        fetcher().get(site.url("/bombe"))


def test_one_request_at_a_time_per_host(site: Site) -> None:
    site.put("/langsam", "fertig", delay=0.2)
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(fetcher().get(site.url("/langsam")).body))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"fertig"] * 3
    assert site.most_active == 1


def test_retry_after_is_honoured_up_to_a_limit() -> None:
    assert _retry_after("5") == 5.0
    assert _retry_after("3600") == 30.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert _retry_after(format_datetime(datetime.now(UTC) + timedelta(hours=1))) == 30.0
    assert _retry_after("bald") == 0.0


def test_dns_rebinding_to_a_private_address_is_refused_before_sending(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The host first resolves to a public address (the check), then to 127.0.0.1."""
    real = socket.getaddrinfo
    answers: list[str] = []

    def resolver(host: str, port: object, *args: object, **kwargs: object) -> object:
        if host != "presse.rebind.example":
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        answers.append(host)
        target = "93.184.216.34" if len(answers) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (target, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    url = f"http://presse.rebind.example:{site.port}/presse/rss.xml"
    with pytest.raises(FetchError, match=r"led to 127\.0\.0\.1, a private or local address"):
        fetcher(local=False).get(url)
    assert len(answers) >= 2
    assert site.count() == 0  # not a byte reached the local server
