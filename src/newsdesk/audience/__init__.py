"""Contacts, lists, consent and suppression in the workspace's SQL database."""

from newsdesk.audience.consent import add_contact, confirm_invitation, invite
from newsdesk.audience.importer import ImportReport, import_contacts
from newsdesk.audience.rights import export_list, export_person, forget
from newsdesk.audience.store import ContactStore, ListSummary

__all__ = [
    "ContactStore",
    "ImportReport",
    "ListSummary",
    "add_contact",
    "confirm_invitation",
    "export_list",
    "export_person",
    "forget",
    "import_contacts",
    "invite",
]
