"""Machine drafts through the DeepL API (``POST /v2/translate``).

The key comes from ``DEEPL_AUTH_KEY``; a free key (ending in ``:fx``) talks to
api-free.deepl.com, any other to api.deepl.com; ``NEWSDESK_DEEPL_URL`` points
elsewhere (a test server). Inline Markdown is sent as XML tags with
``tag_handling=xml``; link addresses never leave the machine (see
:mod:`newsdesk.translate.markup`). Texts go in batches within DeepL's request
limits; 429 and 5xx answers are retried a bounded number of times.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from newsdesk.core.errors import NewsdeskError

KEY_ENV = "DEEPL_AUTH_KEY"
URL_ENV = "NEWSDESK_DEEPL_URL"
FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"
FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")
# DeepL's documented request limit is 128 KiB; leave room for the other fields.
MAX_REQUEST_BYTES = 120 * 1024
MAX_TEXTS = 50
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 529})
MAX_WAIT = 30.0
_PREFERRED = {"more": "prefer_more", "less": "prefer_less"}


def target_for(lang: str) -> str:
    """DeepL's target code for a catalog language: en → EN-GB, pt → PT-PT, fr → FR."""
    defaults = {"en": "EN-GB", "pt": "PT-PT"}
    return defaults.get(lang.lower(), lang.upper().replace("_", "-"))


@dataclass
class DeepL:
    """A DeepL client; ``translate`` turns German texts (with inline Markdown) into drafts."""

    auth_key: str
    base_url: str
    source_lang: str = "DE"
    target_lang: str = "EN-GB"
    formality: str | None = None
    glossary_id: str | None = None
    timeout: tuple[float, float] = (10.0, 90.0)
    max_attempts: int = 5
    backoff: float = 1.0
    session: requests.Session = field(default_factory=requests.Session)

    name = "DeepL"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> DeepL:
        env = os.environ if env is None else env
        key = env.get(KEY_ENV, "").strip()
        if not key:
            raise NewsdeskError(
                f"no DeepL API key: set {KEY_ENV} to your key "
                "(DeepL account → API keys; free keys end in ':fx')"
            )
        base_url = env.get(URL_ENV) or (FREE_URL if key.endswith(":fx") else PRO_URL)
        formality = options.get("formality")
        if formality is not None and formality not in FORMALITIES:
            raise NewsdeskError(f"formality must be one of {', '.join(FORMALITIES)}")
        return cls(auth_key=key, base_url=base_url.rstrip("/"), **options)

    def translate(self, texts: list[str]) -> list[str]:
        """The translations of ``texts``, in order (tagged XML in, tagged XML out)."""
        results: list[str] = []
        for batch in _batches(texts):
            results.extend(self._request(batch))
        return results

    def _payload(self, batch: list[str]) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "text": batch,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "tag_handling": "xml",
            "preserve_formatting": True,
        }
        if self.formality:
            # Plain "more"/"less" make DeepL fail for targets without formality (English);
            # the prefer_ forms apply it where the language has it and are ignored elsewhere.
            payload["formality"] = _PREFERRED.get(self.formality, self.formality)
        if self.glossary_id:
            payload["glossary_id"] = self.glossary_id
        return payload

    def _request(self, batch: list[str]) -> list[str]:
        url = f"{self.base_url}/v2/translate"
        headers = {
            "Authorization": f"DeepL-Auth-Key {self.auth_key}",
            "Content-Type": "application/json",
            "User-Agent": "newsdesk",
        }
        body = json.dumps(self._payload(batch), ensure_ascii=False).encode("utf-8")
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self.session.post(url, data=body, headers=headers, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                last = f"no answer from {self.base_url} ({type(error).__name__})"
                wait = self.backoff * 2 ** (attempt - 1)
            except requests.RequestException as error:
                raise NewsdeskError(
                    f"cannot reach DeepL at {self.base_url!r} ({type(error).__name__}): "
                    f"check {URL_ENV}"
                ) from None
            else:
                if response.status_code == 200:
                    return _translations(response, len(batch))
                if response.status_code not in RETRY_STATUSES:
                    raise _error(response)
                last = f"{response.status_code} {_message(response) or response.reason}"
                wait = _retry_after(response, self.backoff * 2 ** (attempt - 1))
            if attempt < self.max_attempts:
                time.sleep(min(wait, MAX_WAIT))
        raise NewsdeskError(
            f"DeepL failed {self.max_attempts} times (last: {last}); nothing was changed, "
            "try again later"
        )


def _batches(texts: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        text_size = len(json.dumps(text, ensure_ascii=False).encode("utf-8")) + 2
        if text_size > MAX_REQUEST_BYTES:
            raise NewsdeskError(
                f"a segment of {text_size} bytes is larger than DeepL accepts in one request; "
                "split the paragraph"
            )
        if batch and (len(batch) >= MAX_TEXTS or size + text_size > MAX_REQUEST_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += text_size
    if batch:
        yield batch


def _message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    return str(data.get("message", "")) if isinstance(data, dict) else ""


def _retry_after(response: requests.Response, default: float) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return default


def _error(response: requests.Response) -> NewsdeskError:
    detail = _message(response)
    status = response.status_code
    if status in (401, 403):
        text = f"DeepL refused the key ({status}): check {KEY_ENV}"
    elif status == 456:
        text = "DeepL quota exceeded (456): this key's character limit is used up"
    elif status == 404:
        text = f"DeepL answered 404 for {response.url}: check {URL_ENV}"
    elif status == 413:
        text = "DeepL says the request is too large (413)"
    else:
        text = f"DeepL rejected the request ({status})"
    if detail:
        text += f": {detail}"
    return NewsdeskError(text + "; nothing was changed")


def _translations(response: requests.Response, count: int) -> list[str]:
    try:
        data = response.json()
        texts = [item["text"] for item in data["translations"]]
    except (ValueError, KeyError, TypeError):
        raise NewsdeskError("DeepL sent an answer newsdesk does not understand") from None
    if len(texts) != count or not all(isinstance(text, str) for text in texts):
        raise NewsdeskError(f"DeepL sent {len(texts)} translations for {count} texts")
    return texts
