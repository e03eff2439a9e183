"""newsdesk: German press releases to bilingual email newsletters."""

__version__ = "0.1.0"
