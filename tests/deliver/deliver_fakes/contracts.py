"""Each provider's documented contract: endpoint, auth, body shape, limits, answers.

Addresses at ``invalid.example.net`` are refused as invalid, at ``inactive.example.net`` as a
dead (bounced) recipient, wherever the provider answers per recipient.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from typing import Any

from deliver_fakes.server import Delivered, FakeProvider, Reply, Seen, reply_json


def _basic(seen: Seen) -> tuple[str, str] | None:
    value = seen.headers.get("authorization", "")
    if not value.startswith("Basic "):
        return None
    user, _, password = base64.b64decode(value[6:]).decode().partition(":")
    return user, password


def _fill(template: str, pattern: str, values: dict[str, str]) -> str:
    return re.sub(pattern, lambda m: values[m.group(1)], template)


class Postmark:
    token = "pm-token"

    def handle(self, seen: Seen, fake: FakeProvider) -> Reply:
        if seen.headers.get("x-postmark-server-token") != self.token:
            return reply_json(401, {"ErrorCode": 10, "Message": "Bad or missing API token"})
        if seen.method == "GET" and seen.path == "/server":
            return reply_json(200, {"ID": 1, "Name": "Fake server"})
        if seen.method != "POST" or seen.path != "/email/batch":
            return reply_json(404, {"ErrorCode": 404, "Message": "no such endpoint"})
        if seen.headers.get("content-type") != "application/json":
            return reply_json(415, {"ErrorCode": 415, "Message": "JSON only"})
        items = seen.json()
        if not isinstance(items, list) or len(items) > 500 or len(seen.body) > 50 * 2**20:
            return reply_json(422, {"ErrorCode": 413, "Message": "batch too large"})
        answers = []
        for item in items:
            for key in ("From", "To", "Subject", "HtmlBody", "TextBody", "MessageStream"):
                assert key in item, key
            to = item["To"]
            address = re.search(r"<([^>]+)>", to)
            email = address.group(1) if address else to
            if email.endswith("@invalid.example.net"):
                answers.append({"ErrorCode": 300, "Message": "Invalid 'To' address", "To": to})
                continue
            if email.endswith("@inactive.example.net"):
                answers.append(
                    {"ErrorCode": 406, "Message": "You tried to send to inactive recipient"}
                )
                continue
            message_id = str(uuid.uuid4())
            headers = {h["Name"]: h["Value"] for h in item.get("Headers", [])}
            fake.deliver(
                Delivered(
                    email, item["Subject"], item["HtmlBody"], item["TextBody"], headers, message_id
                )
            )
            answers.append(
                {
                    "ErrorCode": 0,
                    "Message": "OK",
                    "MessageID": message_id,
                    "To": to,
                    "SubmittedAt": "2026-11-28T10:00:00Z",
                }
            )
        return reply_json(200, answers)


class Mailgun:
    key = "mg-key"
    domain = "mg.example.org"

    def handle(self, seen: Seen, fake: FakeProvider) -> Reply:
        if _basic(seen) != ("api", self.key):
            return 401, {}, b"Forbidden"
        if seen.method == "GET" and seen.path == f"/v3/domains/{self.domain}":
            return reply_json(200, {"domain": {"name": self.domain, "state": "active"}})
        if seen.method != "POST" or seen.path != f"/v3/{self.domain}/messages":
            return reply_json(404, {"message": "not found"})
        if not seen.headers.get("content-type", "").startswith("multipart/form-data"):
            return reply_json(400, {"message": "multipart/form-data expected"})
        fields = seen.form()
        single = {name: value for name, value in fields}
        to = [value for name, value in fields if name == "to"]
        for required in ("from", "subject"):
            if required not in single:
                return reply_json(400, {"message": f"'{required}' parameter is missing"})
        if not to:
            return reply_json(400, {"message": "'to' parameter is missing"})
        if len(to) > 1000:
            return reply_json(400, {"message": "Too many recipients"})
        options = sum(len(n) + len(v) for n, v in fields if n[:2] in ("h:", "v:", "o:"))
        if options > 16 * 1024:
            return reply_json(400, {"message": "options exceed 16 KB"})
        variables = json.loads(single.get("recipient-variables", "{}"))
        message_id = f"<{uuid.uuid4().hex}@{self.domain}>"
        for address in to:
            email = re.search(r"<([^>]+)>", address)
            email = email.group(1) if email else address
            values = {k: str(v) for k, v in variables[email].items()}
            pattern = r"%recipient\.(\w+)%"
            headers = {n[2:]: _fill(v, pattern, values) for n, v in fields if n.startswith("h:")}
            headers["X-Mailgun-Variables"] = json.dumps(
                {n[2:]: _fill(v, pattern, values) for n, v in fields if n.startswith("v:")}
            )
            fake.deliver(
                Delivered(
                    email,
                    single["subject"],
                    _fill(single.get("html", ""), pattern, values),
                    _fill(single.get("text", ""), pattern, values),
                    headers,
                    message_id,
                )
            )
        return reply_json(200, {"id": message_id, "message": "Queued. Thank you."})


class Sendgrid:
    key = "SG.key"

    def __init__(self, validate: Any = None) -> None:
        self.validate = validate

    def handle(self, seen: Seen, fake: FakeProvider) -> Reply:
        if seen.headers.get("authorization") != f"Bearer {self.key}":
            return reply_json(401, {"errors": [{"message": "authorization required"}]})
        if seen.method != "POST" or seen.path != "/v3/mail/send":
            return reply_json(404, {"errors": [{"message": "not found"}]})
        body = seen.json()
        if self.validate is not None:
            self.validate(body)
        people = body["personalizations"]
        if len(people) > 1000:
            return reply_json(400, {"errors": [{"message": "too many personalizations"}]})
        if body.get("mail_settings", {}).get("sandbox_mode", {}).get("enable"):
            return 200, {}, b""
        parts = {c["type"]: c["value"] for c in body["content"]}
        for person in people:
            subs = person.get("substitutions", {})
            pattern = "|".join(re.escape(k) for k in subs) or "(?!)"

            def fill(text: str, subs: dict[str, str] = subs, pattern: str = pattern) -> str:
                return re.sub(pattern, lambda m: subs[m.group(0)], text)

            headers = {**body.get("headers", {}), **person.get("headers", {})}
            fake.deliver(
                Delivered(
                    person["to"][0]["email"],
                    body["subject"],
                    fill(parts["text/html"]),
                    fill(parts["text/plain"]),
                    headers,
                )
            )
        return 202, {"X-Message-Id": uuid.uuid4().hex}, b""


class Resend:
    key = "re_key"

    def __init__(self, validate: Any = None) -> None:
        self.validate = validate
        self.seen_keys: dict[str, tuple[bytes, Reply]] = {}

    def handle(self, seen: Seen, fake: FakeProvider) -> Reply:
        if seen.headers.get("authorization") != f"Bearer {self.key}":
            return reply_json(401, {"name": "missing_api_key", "message": "Missing API key"})
        if seen.method != "POST" or seen.path not in ("/emails/batch", "/emails"):
            return reply_json(404, {"name": "not_found", "message": "not found"})
        body = seen.json()
        if self.validate is not None:
            self.validate(seen.path, body)
        key = seen.headers.get("idempotency-key")
        if key and key in self.seen_keys:
            earlier_body, earlier_reply = self.seen_keys[key]
            if earlier_body != seen.body:
                return reply_json(
                    409, {"name": "invalid_idempotent_request", "message": "same key, other body"}
                )
            return earlier_reply
        items = body if isinstance(body, list) else [body]
        if len(items) > 100:
            return reply_json(422, {"name": "validation_error", "message": "max 100 emails"})
        ids = []
        for item in items:
            provider_id = str(uuid.uuid4())
            fake.deliver(
                Delivered(
                    item["to"][0],
                    item["subject"],
                    item.get("html", ""),
                    item.get("text", ""),
                    item.get("headers", {}),
                    provider_id,
                )
            )
            ids.append({"id": provider_id})
        reply = reply_json(200, {"data": ids} if isinstance(body, list) else ids[0])
        if key:
            self.seen_keys[key] = (seen.body, reply)
        return reply


class Brevo:
    key = "xkeysib-key"

    def __init__(self) -> None:
        self.seen_keys: dict[str, Reply] = {}

    def handle(self, seen: Seen, fake: FakeProvider) -> Reply:
        if seen.headers.get("api-key") != self.key:
            return reply_json(401, {"code": "unauthorized", "message": "Key not found"})
        if seen.method == "GET" and seen.path == "/v3/account":
            return reply_json(200, {"email": "team@example.org"})
        if seen.method != "POST" or seen.path != "/v3/smtp/email":
            return reply_json(404, {"code": "not_found", "message": "not found"})
        body = seen.json()
        key = body.get("headers", {}).get("idempotencyKey")
        if key in self.seen_keys:
            return self.seen_keys[key]
        versions = body["messageVersions"]
        if len(versions) > 1000:
            return reply_json(400, {"code": "invalid_parameter", "message": "too many versions"})
        ids = []
        for version in versions:
            params = {k: str(v) for k, v in version.get("params", {}).items()}
            pattern = r"\{\{ params\.(\w+) \}\}"
            headers = {k: _fill(v, pattern, params) for k, v in body.get("headers", {}).items()}
            provider_id = f"<{uuid.uuid4().hex}@smtp-relay.brevo.test>"
            fake.deliver(
                Delivered(
                    version["to"][0]["email"],
                    body["subject"],
                    _fill(body["htmlContent"], pattern, params),
                    _fill(body["textContent"], pattern, params),
                    headers,
                    provider_id,
                )
            )
            ids.append(provider_id)
        reply = reply_json(201, {"messageIds": ids})
        if key:
            self.seen_keys[key] = reply
        return reply


class Mailjet:
    public, private = "mj-public", "mj-private"

    def handle(self, seen: Seen, fake: FakeProvider) -> Reply:
        if _basic(seen) != (self.public, self.private):
            return reply_json(401, {"ErrorMessage": "API key authentication/authorization failure"})
        if seen.method != "POST" or seen.path != "/v3.1/send":
            return reply_json(404, {"ErrorMessage": "not found"})
        body = seen.json()
        messages = body["Messages"]
        if len(messages) > 50:
            return reply_json(400, {"ErrorMessage": "more than 50 messages"})
        shared = body.get("Globals", {})
        results, failed = [], False
        for message in messages:
            merged = {**shared, **message}
            email = message["To"][0]["Email"]
            if email.endswith("@invalid.example.net"):
                failed = True
                results.append(
                    {
                        "Status": "error",
                        "Errors": [
                            {
                                "ErrorIdentifier": str(uuid.uuid4()),
                                "ErrorCode": "mj-0013",
                                "StatusCode": 400,
                                "ErrorMessage": f'"{email}" is an invalid email address.',
                                "ErrorRelatedTo": ["To[0].Email"],
                            }
                        ],
                    }
                )
                continue
            values = {k: str(v) for k, v in message.get("Variables", {}).items()}
            pattern = r"\{\{var:(\w+)\}\}"
            message_uuid = str(uuid.uuid4())
            if not body.get("SandboxMode"):
                fake.deliver(
                    Delivered(
                        email,
                        merged["Subject"],
                        _fill(merged["HTMLPart"], pattern, values),
                        _fill(merged["TextPart"], pattern, values),
                        merged.get("Headers", {}),
                        message_uuid,
                    )
                )
            results.append(
                {
                    "Status": "success",
                    "CustomID": message.get("CustomID", ""),
                    "To": [
                        {
                            "Email": email,
                            "MessageUUID": message_uuid,
                            "MessageID": 1000 + len(results),
                        }
                    ],
                }
            )
        return reply_json(400 if failed else 200, {"Messages": results})
