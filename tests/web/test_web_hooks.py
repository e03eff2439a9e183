"""Provider webhooks: authenticity per provider (valid, invalid, replayed), normalised
events stored once, matched to the ledger, and suppressions for bounces, complaints and
unsubscribes; bad bodies refused; our own failure answers 5xx."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from newsdesk.web.hooks import MAX_BODY
from newsdesk.web.tables import webhook_events

ANNA = "anna.weber@example.org"
JOHN = "john.miller@example.org"


def _events(sent) -> list[sa.Row]:  # type: ignore[no-untyped-def]
    with sent.store.engine.connect() as connection:
        return connection.execute(sa.select(webhook_events).order_by(webhook_events.c.id)).all()


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


# --- Postmark (basic auth) -------------------------------------------------------------


@pytest.fixture
def postmark_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTMARK_WEBHOOK_USER", "postmark")
    monkeypatch.setenv("POSTMARK_WEBHOOK_PASSWORD", "pm-secret-password")


def _postmark_bounce(sent, email: str = ANNA, bounce_id: int = 4242) -> dict:  # type: ignore[no-untyped-def]
    return {
        "RecordType": "Bounce",
        "ID": bounce_id,
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": f"pm-{sent.delivery[email]}",
        "Email": email,
        "BouncedAt": "2026-11-29T08:00:00Z",
        "Description": "The server was unable to deliver your message",
        "Metadata": {"delivery_id": str(sent.delivery[email])},
    }


def test_postmark_hard_bounce_suppresses_and_matches_the_delivery(sent, client, postmark_env):
    response = client.post(
        "/hooks/postmark",
        json=_postmark_bounce(sent),
        headers=_basic("postmark", "pm-secret-password"),
    )
    assert response.status_code == 200, response.text
    assert sent.store.is_suppressed(ANNA)
    (event,) = _events(sent)
    assert event.type == "bounced" and event.delivery_id == sent.delivery[ANNA]
    assert event.campaign_id == sent.campaign_id and event.recipient == ANNA


def test_postmark_wrong_or_missing_credentials_store_nothing(sent, client, postmark_env):
    body = _postmark_bounce(sent)
    wrong = client.post("/hooks/postmark", json=body, headers=_basic("postmark", "guess"))
    missing = client.post("/hooks/postmark", json=body)
    assert wrong.status_code == 403 and missing.status_code == 401
    assert _events(sent) == [] and not sent.store.is_suppressed(ANNA)


def test_postmark_replayed_event_is_stored_once(sent, client, postmark_env):
    headers = _basic("postmark", "pm-secret-password")
    first = client.post("/hooks/postmark", json=_postmark_bounce(sent), headers=headers)
    again = client.post("/hooks/postmark", json=_postmark_bounce(sent), headers=headers)
    assert first.json["stored"] == 1 and again.status_code == 200
    assert again.json["duplicates"] == 1 and again.json["stored"] == 0
    assert len(_events(sent)) == 1


def test_postmark_url_token(sent, client, monkeypatch):
    monkeypatch.setenv("POSTMARK_WEBHOOK_TOKEN", "url-token-123456789")
    body = {"RecordType": "SpamComplaint", "ID": 9, "MessageID": "pm-x", "Email": JOHN}
    assert client.post("/hooks/postmark?token=nope", json=body).status_code == 403
    assert client.post("/hooks/postmark?token=url-token-123456789", json=body).status_code == 200
    assert sent.store.is_suppressed(JOHN)
    (event,) = _events(sent)
    assert event.type == "complained"


def test_unconfigured_webhook_is_503_and_stores_nothing(sent, client):
    response = client.post("/hooks/postmark", json=_postmark_bounce(sent))
    assert response.status_code == 503 and _events(sent) == []


def test_oversized_and_malformed_bodies_are_refused(sent, client, postmark_env):
    headers = _basic("postmark", "pm-secret-password")
    huge = b'{"RecordType": "Bounce", "pad": "' + b"x" * (MAX_BODY + 10) + b'"}'
    too_big = client.post(
        "/hooks/postmark", data=huge, headers={**headers, "Content-Type": "application/json"}
    )
    assert too_big.status_code == 413
    for body in (b"{not json", b"[]", b'"text"', b'{"no": "record type"}', b"\xff\xfe"):
        response = client.post(
            "/hooks/postmark", data=body, headers={**headers, "Content-Type": "application/json"}
        )
        assert response.status_code == 400, body
    assert _events(sent) == [] and not sent.store.is_suppressed(ANNA)


def test_unknown_provider_is_404(client):
    assert client.post("/hooks/nosuchprovider", json={}).status_code == 404


def test_failure_on_our_side_is_5xx_and_retry_succeeds(sent, client, postmark_env):
    headers = _basic("postmark", "pm-secret-password")
    with sent.store.engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE webhook_events RENAME TO webhook_events_away"))
    failed = client.post("/hooks/postmark", json=_postmark_bounce(sent), headers=headers)
    assert failed.status_code == 500
    assert not sent.store.is_suppressed(ANNA)  # one transaction: nothing half-done
    with sent.store.engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE webhook_events_away RENAME TO webhook_events"))
    retried = client.post("/hooks/postmark", json=_postmark_bounce(sent), headers=headers)
    assert retried.status_code == 200 and sent.store.is_suppressed(ANNA)


# --- Mailgun (HMAC over timestamp + token, tokens used once) -----------------------------

MAILGUN_KEY = "key-mailgun-signing-0123456789"


def _mailgun(sent, *, token: str = "tok-1", key: str = MAILGUN_KEY, timestamp: int | None = None):  # type: ignore[no-untyped-def]
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": stamp, "token": token, "signature": signature},
        "event-data": {
            "id": f"evt-{token}",
            "event": "failed",
            "severity": "permanent",
            "timestamp": time.time(),
            "recipient": JOHN,
            "message": {"headers": {"message-id": f"pm-{sent.delivery[JOHN]}"}},
            "user-variables": {"delivery_id": str(sent.delivery[JOHN])},
            "delivery-status": {"description": "No such mailbox", "code": 550},
        },
    }


def test_mailgun_valid_invalid_and_replayed(sent, client, monkeypatch):
    monkeypatch.setenv("MAILGUN_WEBHOOK_SIGNING_KEY", MAILGUN_KEY)
    forged = client.post("/hooks/mailgun", json=_mailgun(sent, key="other-key"))
    assert forged.status_code == 403 and _events(sent) == []
    old = client.post("/hooks/mailgun", json=_mailgun(sent, timestamp=int(time.time()) - 86400))
    assert old.status_code == 403
    valid = client.post("/hooks/mailgun", json=_mailgun(sent))
    assert valid.status_code == 200 and sent.store.is_suppressed(JOHN)
    (event,) = _events(sent)
    assert event.type == "bounced" and event.reason == "No such mailbox"
    assert event.delivery_id == sent.delivery[JOHN]
    replay = client.post("/hooks/mailgun", json=_mailgun(sent))
    assert replay.status_code == 403 and len(_events(sent)) == 1
    unsigned = _mailgun(sent, token="tok-2")
    del unsigned["signature"]
    assert client.post("/hooks/mailgun", json=unsigned).status_code == 401


def test_mailgun_temporary_failure_does_not_suppress(sent, client, monkeypatch):
    monkeypatch.setenv("MAILGUN_WEBHOOK_SIGNING_KEY", MAILGUN_KEY)
    body = _mailgun(sent, token="tok-soft")
    body["event-data"]["severity"] = "temporary"
    assert client.post("/hooks/mailgun", json=body).status_code == 200
    assert not sent.store.is_suppressed(JOHN)
    assert _events(sent)[0].type == "soft_bounced"


# --- SendGrid (ECDSA P-256 over timestamp + raw body) -----------------------------------


@pytest.fixture
def sendgrid_key(monkeypatch: pytest.MonkeyPatch) -> ec.EllipticCurvePrivateKey:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    monkeypatch.setenv("SENDGRID_WEBHOOK_PUBLIC_KEY", base64.b64encode(public).decode())
    return key


def _sendgrid_post(client, key, body: bytes, timestamp: str | None = None):  # type: ignore[no-untyped-def]
    stamp = timestamp or str(int(time.time()))
    signature = key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return client.post(
        "/hooks/sendgrid",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
        },
    )


def test_sendgrid_valid_invalid_and_replayed(sent, client, sendgrid_key):
    body = json.dumps(
        [
            {
                "email": ANNA,
                "timestamp": int(time.time()),
                "event": "spamreport",
                "sg_event_id": "sg-evt-1",
                "sg_message_id": f"pm-{sent.delivery[ANNA]}.filterdrecv-1",
                "delivery_id": str(sent.delivery[ANNA]),
            },
            {
                "email": JOHN,
                "timestamp": int(time.time()),
                "event": "delivered",
                "sg_event_id": "sg-evt-2",
                "sg_message_id": f"pm-{sent.delivery[JOHN]}.filterdrecv-2",
            },
        ]
    ).encode()
    other = ec.generate_private_key(ec.SECP256R1())
    assert _sendgrid_post(client, other, body).status_code == 403
    tampered = body.replace(b"spamreport", b"delivered!")
    stamp = str(int(time.time()))
    signature = sendgrid_key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    response = client.post(
        "/hooks/sendgrid",
        data=tampered,
        headers={
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
        },
    )
    assert response.status_code == 403 and _events(sent) == []
    valid = _sendgrid_post(client, sendgrid_key, body)
    assert valid.status_code == 200 and valid.json["stored"] == 2
    assert sent.store.is_suppressed(ANNA) and not sent.store.is_suppressed(JOHN)
    kinds = {row.recipient: (row.type, row.delivery_id) for row in _events(sent)}
    assert kinds == {
        ANNA: ("complained", sent.delivery[ANNA]),
        JOHN: ("delivered", sent.delivery[JOHN]),
    }
    replay = _sendgrid_post(client, sendgrid_key, body)
    assert replay.status_code == 200 and replay.json["duplicates"] == 2
    assert len(_events(sent)) == 2
    assert client.post("/hooks/sendgrid", data=body).status_code == 401


# --- Resend (Svix) -----------------------------------------------------------------------

RESEND_SECRET = "whsec_" + base64.b64encode(b"resend-test-secret-bytes-123456").decode()


def _svix_post(
    client, body: bytes, msg_id: str, timestamp: int | None = None, secret=RESEND_SECRET
):  # type: ignore[no-untyped-def]
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return client.post(
        "/hooks/resend",
        data=body,
        headers={
            "Content-Type": "application/json",
            "svix-id": msg_id,
            "svix-timestamp": stamp,
            "svix-signature": "v1,bm90LXRoaXMtb25l v1," + base64.b64encode(digest).decode(),
        },
    )


def test_resend_valid_invalid_and_replayed(sent, client, monkeypatch):
    monkeypatch.setenv("RESEND_WEBHOOK_SECRET", RESEND_SECRET)
    body = json.dumps(
        {
            "type": "email.bounced",
            "created_at": "2026-11-29T08:00:00.000Z",
            "data": {
                "email_id": f"pm-{sent.delivery[ANNA]}",
                "to": [ANNA],
                "bounce": {"message": "Mailbox does not exist", "type": "Permanent"},
                "tags": {"delivery_id": str(sent.delivery[ANNA])},
            },
        }
    ).encode()
    other = "whsec_" + base64.b64encode(b"someone-elses-secret").decode()
    assert _svix_post(client, body, "msg_1", secret=other).status_code == 403
    assert _svix_post(client, body, "msg_1", timestamp=int(time.time()) - 600).status_code == 403
    assert _events(sent) == [] and not sent.store.is_suppressed(ANNA)
    valid = _svix_post(client, body, "msg_1")
    assert valid.status_code == 200 and sent.store.is_suppressed(ANNA)
    (event,) = _events(sent)
    assert (event.event_id, event.type, event.delivery_id) == (
        "msg_1",
        "bounced",
        sent.delivery[ANNA],
    )
    replay = _svix_post(client, body, "msg_1")
    assert replay.status_code == 200 and replay.json["duplicates"] == 1
    assert len(_events(sent)) == 1


# --- Brevo and Mailjet (basic auth) ------------------------------------------------------


def test_brevo_valid_invalid_and_replayed(sent, client, monkeypatch):
    monkeypatch.setenv("BREVO_WEBHOOK_TOKEN", "brevo-token-0123456789")
    body = {
        "event": "unsubscribed",
        "email": JOHN,
        "id": 1,
        "message-id": f"<pm-{sent.delivery[JOHN]}>",
        "ts_epoch": 1764403200000,
    }
    assert client.post("/hooks/brevo?token=wrong", json=body).status_code == 403
    assert client.post("/hooks/brevo", json=body).status_code == 401
    headers = {"Authorization": "Bearer brevo-token-0123456789"}
    assert client.post("/hooks/brevo", json=body, headers=headers).status_code == 200
    assert sent.store.is_suppressed(JOHN)
    again = client.post("/hooks/brevo", json=body, headers=headers)
    assert again.json["duplicates"] == 1
    (event,) = _events(sent)
    assert event.type == "unsubscribed" and event.delivery_id == sent.delivery[JOHN]


def test_mailjet_valid_invalid_and_replayed(sent, client, monkeypatch):
    monkeypatch.setenv("MAILJET_WEBHOOK_USER", "mailjet")
    monkeypatch.setenv("MAILJET_WEBHOOK_PASSWORD", "mj-secret-password")
    body = [
        {
            "event": "bounce",
            "time": 1764403200,
            "MessageID": 19421777835146490,
            "Message_GUID": "1ab23cd4-e567-8901-2345-6789f0gh1i2j",
            "email": ANNA,
            "CustomID": f"delivery-{sent.delivery[ANNA]}",
            "hard_bounce": True,
            "error": "user unknown",
        }
    ]
    assert (
        client.post("/hooks/mailjet", json=body, headers=_basic("mailjet", "x")).status_code == 403
    )
    assert client.post("/hooks/mailjet", json=body).status_code == 401
    headers = _basic("mailjet", "mj-secret-password")
    assert client.post("/hooks/mailjet", json=body, headers=headers).status_code == 200
    assert sent.store.is_suppressed(ANNA)
    assert client.post("/hooks/mailjet", json=body, headers=headers).json["duplicates"] == 1
    (event,) = _events(sent)
    assert event.type == "bounced" and event.delivery_id == sent.delivery[ANNA]
