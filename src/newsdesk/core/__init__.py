"""The workspace, its configuration, the release model and the error every stage raises."""

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.recipient import Recipient
from newsdesk.core.release import Block, Contact, Link, Release
from newsdesk.core.workspace import Config, Workspace

__all__ = [
    "Block",
    "Config",
    "Contact",
    "Link",
    "NewsdeskError",
    "Recipient",
    "Release",
    "Workspace",
]
