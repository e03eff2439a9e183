"""The providers a campaign can send through, by name (``[delivery] provider``, ``--provider``)."""

from newsdesk.deliver.providers.base import (
    FAILED,
    RETRY,
    SENT,
    UNKNOWN,
    Capabilities,
    Context,
    PauseCampaign,
    Provider,
    ProviderSetupError,
    SendResult,
)
from newsdesk.deliver.providers.brevo import BrevoProvider
from newsdesk.deliver.providers.mailgun import MailgunProvider
from newsdesk.deliver.providers.mailjet import MailjetProvider
from newsdesk.deliver.providers.outbox import OutboxProvider
from newsdesk.deliver.providers.postmark import PostmarkProvider
from newsdesk.deliver.providers.resend import ResendProvider
from newsdesk.deliver.providers.sendgrid import SendgridProvider
from newsdesk.deliver.providers.smtp import SmtpProvider

PROVIDERS: dict[str, type] = {
    "outbox": OutboxProvider,
    "postmark": PostmarkProvider,
    "mailgun": MailgunProvider,
    "brevo": BrevoProvider,
    "sendgrid": SendgridProvider,
    "mailjet": MailjetProvider,
    "resend": ResendProvider,
    "smtp": SmtpProvider,
}

__all__ = [
    "FAILED",
    "PROVIDERS",
    "RETRY",
    "SENT",
    "UNKNOWN",
    "Capabilities",
    "Context",
    "PauseCampaign",
    "Provider",
    "ProviderSetupError",
    "SendResult",
]
