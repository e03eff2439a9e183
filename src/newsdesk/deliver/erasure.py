"""Erasing a person from what deliver keeps: ledger rows and outbox messages.

The ledger rows stay (campaign counts must not change); their address becomes
``forgotten:<sha256>`` — the hash the audience keeps as its own marker — and
name, salutation and any error text that quoted the address are blanked; a row
not yet sent is marked failed so no worker sends to the marker.
Outbox ``.eml`` files addressed to the person are deleted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from email.parser import BytesHeaderParser
from email.policy import default
from pathlib import Path

import sqlalchemy as sa

from newsdesk.audience.addresses import address_hash, normalise
from newsdesk.core.db import connect
from newsdesk.core.errors import NewsdeskError
from newsdesk.core.workspace import Workspace
from newsdesk.deliver.providers.base import Context
from newsdesk.deliver.providers.outbox import OutboxProvider
from newsdesk.deliver.tables import deliveries

MARKER = "forgotten:"


def forget_deliveries(
    workspace: Workspace, email: str, env: Mapping[str, str] | None = None
) -> dict[str, int]:
    """Blank ``email`` in every delivery row and delete outbox messages to it:
    ``{"deliveries": rows changed, "outbox_files": files deleted}``."""
    key = normalise(email)
    if "@" not in key:
        raise NewsdeskError(f"{email!r} is not an email address")
    marker = MARKER + address_hash(key)
    engine = connect(workspace.database_url)
    changed = 0
    with engine.begin() as connection:
        rows = connection.execute(
            sa.select(
                deliveries.c.id,
                deliveries.c.campaign_id,
                deliveries.c.email,
                deliveries.c.status,
                deliveries.c.error,
            ).where(sa.func.lower(sa.func.trim(deliveries.c.email)) == key)
        ).all()
        marked: set[int] = set()
        for row_id, campaign_id, stored, status, error in rows:
            values = {
                # (campaign, email) is unique: a second spelling in one campaign gets its id
                "email": marker if campaign_id not in marked else f"{marker}:{row_id}",
                "name": "",
                "salutation": "",
                "error": _without(error, (stored, key), marker),
            }
            if status in ("pending", "sending"):
                # never send to the marker: a row not yet out ends here
                values.update(status="failed", error="the person was forgotten before sending")
            marked.add(campaign_id)
            connection.execute(deliveries.update().where(deliveries.c.id == row_id).values(values))
            changed += 1
    return {"deliveries": changed, "outbox_files": _forget_outbox(workspace, key, env)}


def _without(text: str, addresses: tuple[str, ...], marker: str) -> str:
    lowered = text.lower()
    if not any(address.lower() in lowered for address in addresses):
        return text
    return f"(error text erased with the address; {marker})"


def _outbox_root(workspace: Workspace, env: Mapping[str, str] | None) -> Path:
    context = Context(env=dict(os.environ if env is None else env), workspace_root=workspace.root)
    return OutboxProvider(context).root


def _forget_outbox(workspace: Workspace, key: str, env: Mapping[str, str] | None) -> int:
    root = _outbox_root(workspace, env)
    if not root.is_dir():
        return 0
    parser = BytesHeaderParser(policy=default)
    deleted = 0
    for path in root.rglob("*.eml"):
        with path.open("rb") as stream:
            headers = parser.parse(stream)
        recipients = headers.get_all("To", []) + headers.get_all("Cc", [])
        addresses = {
            normalise(address.addr_spec)
            for field in recipients
            for address in getattr(field, "addresses", ())
        }
        if key in addresses:
            path.unlink()
            deleted += 1
    return deleted
