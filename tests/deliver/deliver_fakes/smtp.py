"""A real SMTP server for the tests: aiosmtpd with STARTTLS (a certificate made here) and AUTH.

Recipients at ``invalid.example.net`` are refused for good (550), at ``busy.example.net``
for now (451).
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from newsdesk.deliver.providers import Context
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


def start_smtp_server(tmp_path: Path) -> Iterator[tuple[Controller, Mailbox, ssl.SSLContext]]:
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


smtp_server = pytest.fixture(start_smtp_server, name="smtp_server")


def smtp_provider(smtp_server, password: str = "geheim") -> SmtpProvider:
    controller, _, client_context = smtp_server
    env = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(controller.port),
        "SMTP_USER": "newsdesk",
        "SMTP_PASSWORD": password,
    }
    return SmtpProvider(Context(env=env), ssl_context=client_context)
