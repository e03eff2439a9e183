"""What kind of host a URL points at: a local machine, a placeholder, a real site."""

from __future__ import annotations

import ipaddress

PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example.de")
PLACEHOLDER_TLDS = ("example", "invalid", "test")


def is_local(host: str) -> bool:
    """localhost, loopback, private or link-local addresses, ``.local`` names."""
    host = host.lower().strip("[]").rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    )


def is_placeholder(host: str) -> bool:
    """An address from an example, not a real one (example.org, *.invalid, *.test)."""
    host = host.lower().rstrip(".")
    if any(host == domain or host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS):
        return True
    return host.rpartition(".")[2] in PLACEHOLDER_TLDS
