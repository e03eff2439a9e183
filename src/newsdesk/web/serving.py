"""The development server's request log without secrets: the signed tokens of the public
links, webhook URL tokens and a previewed contact's address are replaced by ``…``."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.serving import WSGIRequestHandler

_SECRETS = re.compile(r"(/(?:u|p|confirm)/)[^/?\s\"]+|([?&](?:token|contact)=)[^&\s\"]+")


def redact(text: str) -> str:
    return _SECRETS.sub(lambda m: (m.group(1) or m.group(2)) + "…", text)


class RedactingRequestHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        super().log(type, message, *(redact(a) if isinstance(a, str) else a for a in args))
