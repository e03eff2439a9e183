"""Which addresses a source may reach: http(s) only, no private networks unless ``--local``.

The host name is resolved and checked before a request. The connection is
checked again once it is open, before a byte is sent, so a DNS answer that
changes in between (DNS rebinding) cannot lead a request into the local
network. Through a configured HTTP proxy only the first check applies: the
proxy connects, not newsdesk.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from newsdesk.core import NewsdeskError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(NewsdeskError):
    """A request that did not give a usable answer; the message names the URL."""


class PrivatePeer(Exception):
    """The open connection leads to a private or local address (the fetcher rewords it)."""

    def __init__(self, address: Address) -> None:
        super().__init__(str(address))
        self.address = address


def refused(text: str) -> Address | None:
    """``text`` as an address if a source without ``--local`` must not reach it."""
    address = ipaddress.ip_address(text.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address if not address.is_global or address.is_multicast else None


def check_url(url: str, allow_local: bool) -> None:
    """Refuse anything but http(s), and (unless ``allow_local``) hosts that resolve to a
    private, loopback or link-local address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if allow_local:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise FetchError(f"{url}: cannot resolve the host {parts.hostname!r} ({reason})") from None
    for info in infos:
        address = refused(str(info[4][0]))
        if address is not None:
            shown = "" if parts.hostname.strip("[]") == str(address) else f" ({address})"
            raise FetchError(
                f"{url}: {parts.hostname} is a private or local address{shown}; "
                "add the source with --local if that is intended"
            )


def _checked(connection: HTTPConnection, sock: socket.socket) -> socket.socket:
    address = refused(str(sock.getpeername()[0]))
    if address is not None:
        sock.close()
        raise PrivatePeer(address)
    return sock


class _CheckedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _checked(self, super()._new_conn())


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _checked(self, super()._new_conn())


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose direct connections refuse private peers."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }
