"""Fake providers for the delivery tests: one local HTTP server, one contract per provider."""

from deliver_fakes.server import Delivered, FakeProvider, Seen, reply_json

__all__ = ["Delivered", "FakeProvider", "Seen", "reply_json"]
