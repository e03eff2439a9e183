"""The web app of ``newsdesk serve``: staff preview, public pages, webhooks, archive."""

from newsdesk.web.app import create_app

__all__ = ["create_app"]
