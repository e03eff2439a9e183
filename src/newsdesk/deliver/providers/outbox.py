"""outbox, the embedded default: each message becomes ``outbox/<campaign>/<delivery>.eml``.

Nothing leaves the machine. Each file is written atomically, so a crash never
leaves half a message; a file that is already there is not written again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from newsdesk.core.files import write_atomic
from newsdesk.deliver.message import Message
from newsdesk.deliver.providers.base import SENT, Capabilities, Context, SendResult


class OutboxProvider:
    name: ClassVar[str] = "outbox"
    capabilities = Capabilities(max_batch=500, idempotency_keys=True, test_mode=True)

    def __init__(self, context: Context, *, test_mode: bool = False) -> None:
        root = context.env.get("NEWSDESK_OUTBOX") or (
            context.workspace_root / "outbox" if context.workspace_root else Path("outbox")
        )
        self.root = Path(root)

    def path_for(self, message: Message) -> Path:
        folder = str(message.content.campaign_id)
        if message.content.test:
            folder += "-test"
        return self.root / folder / f"{message.delivery_id:07d}-{message.content.lang}.eml"

    def send_batch(
        self, messages: Sequence[Message], *, idempotency_key: str | None = None
    ) -> list[SendResult]:
        now = datetime.now(UTC)
        results = []
        for message in messages:
            path = self.path_for(message)
            if not path.exists():
                write_atomic(path, message.to_mime(date=now).as_bytes())
            results.append(SendResult(message.delivery_id, SENT, str(path)))
        return results

    def check(self, sender: str) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        return f"outbox: messages are written to {self.root}"

    def close(self) -> None:
        pass
