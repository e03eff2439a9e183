"""Delivery: campaigns, the delivery ledger and the providers that send."""

from newsdesk.deliver.erasure import forget_deliveries
from newsdesk.deliver.ledger import Campaign, Delivery, Ledger
from newsdesk.deliver.message import Content, Message
from newsdesk.deliver.providers import PROVIDERS, Provider, SendResult
from newsdesk.deliver.send import SendReport, make_provider, send_campaign
from newsdesk.deliver.tokens import TokenMaker, make_unsubscribe_token, read_unsubscribe_token

__all__ = [
    "PROVIDERS",
    "Campaign",
    "Content",
    "Delivery",
    "Ledger",
    "Message",
    "Provider",
    "SendReport",
    "SendResult",
    "TokenMaker",
    "forget_deliveries",
    "make_provider",
    "make_unsubscribe_token",
    "read_unsubscribe_token",
    "send_campaign",
]
