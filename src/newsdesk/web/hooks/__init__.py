"""Provider webhooks ``POST /hooks/<provider>``: the registry of provider modules and
the blueprint that checks authenticity, normalises and records their events."""

from newsdesk.web.hooks import brevo, mailgun, mailjet, postmark, resend, sendgrid
from newsdesk.web.hooks.endpoint import MAX_BODY, blueprint
from newsdesk.web.hooks.events import WebhookEvent

HOOKS = {module.NAME: module for module in (postmark, mailgun, sendgrid, brevo, mailjet, resend)}

__all__ = ["HOOKS", "MAX_BODY", "WebhookEvent", "blueprint"]
