"""SMTP against a real aiosmtpd server with STARTTLS and AUTH; the messages are parsed back."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from newsdesk.deliver.providers import FAILED, RETRY, SENT, Context, PauseCampaign
from newsdesk.deliver.providers.smtp import SmtpProvider


def certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    """An ephemeral port (aiosmtpd's Controller connects to its own port to start)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.sessions: set[int] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.endswith("@invalid.example.net"):
            return "550 5.1.1 mailbox unavailable"
        if address.endswith("@busy.example.net"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"newsdesk" and auth_data.password == b"geheim"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server(tmp_path: Path):
    cert, key = certificate(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    client_context = ssl.create_default_context(cafile=str(cert))
    yield controller, mailbox, client_context
    controller.stop()


def provider(smtp_server, password: str = "geheim") -> SmtpProvider:
    controller, _, client_context = smtp_server
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(controller.port),
        "SMTP_USER": "newsdesk",
        "SMTP_PASSWORD": password,
    }
    return SmtpProvider(Context(env=env), ssl_context=client_context)


def test_starttls_auth_and_both_languages(smtp_server, messages) -> None:
    _, mailbox, _ = smtp_server
    batch = messages(2) + messages(1, lang="en", start=3)
    results = provider(smtp_server).send_batch(batch)
    assert [r.status for r in results] == [SENT] * 3
    assert len(mailbox.received) == 3
    assert len(mailbox.sessions) == 1, "one connection for the whole batch"
    for message, (rcpt, raw) in zip(batch, mailbox.received, strict=True):
        parsed = message_from_bytes(raw, policy=default)
        assert rcpt == [message.email]
        assert parsed["To"] == message.to
        assert parsed["Subject"] == message.content.subject
        assert parsed["Content-Language"] == message.content.lang
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert parsed["List-Unsubscribe"] == message.list_unsubscribe
        assert parsed["Message-ID"] == message.message_id
        assert parsed.get_content_type() == "multipart/alternative"
        text = parsed.get_body(("plain",)).get_content()
        html_body = parsed.get_body(("html",)).get_content()
        assert message.values["salutation"] in text
        assert "Nummer" in html_body and "&amp; Co," in html_body
    english = message_from_bytes(mailbox.received[2][1], policy=default)
    assert "founders" in english["Subject"]


def test_refused_recipients(smtp_server, contents) -> None:
    from conftest import message

    _, mailbox, _ = smtp_server
    batch = [
        message(contents["de"], 1, "nobody@invalid.example.net"),
        message(contents["de"], 2, "later@busy.example.net"),
        message(contents["de"], 3),
    ]
    results = provider(smtp_server).send_batch(batch)
    assert [(r.status, r.suppress) for r in results] == [
        (FAILED, True),
        (RETRY, False),
        (SENT, False),
    ]
    assert [rcpt for rcpt, _ in mailbox.received] == [["person3@example.org"]]


def test_wrong_password_pauses(smtp_server, messages) -> None:
    with pytest.raises(PauseCampaign, match="SMTP_PASSWORD"):
        provider(smtp_server, password="falsch").send_batch(messages(1))


def test_untrusted_certificate_is_refused(smtp_server, messages) -> None:
    controller, mailbox, _ = smtp_server
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port)}
    results = SmtpProvider(Context(env=env)).send_batch(messages(1))
    assert [r.status for r in results] == [RETRY]
    assert "CERTIFICATE_VERIFY_FAILED" in results[0].error
    assert mailbox.received == []


def test_check(smtp_server) -> None:
    assert "STARTTLS" in provider(smtp_server).check("x@example.org")
