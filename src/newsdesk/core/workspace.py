"""The workspace: a folder with ``newsdesk.toml``, found like git finds a repository."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.files import write_atomic

CONFIG_NAME = "newsdesk.toml"
WORKSPACE_ENV = "NEWSDESK_WORKSPACE"
# the tables of newsdesk.toml, each read by the stage it names
TABLES = (
    "organisation",
    "sender",
    "languages",
    "web",
    "database",
    "delivery",
    "translate",
    "checks",
    "schedule",
    "sources",
)
# de, en, fr: newsdesk knows a language by its two letters (a contact's "en-GB" reads
# en; English is written as in Britain), so a region in newsdesk.toml is refused
_LANGUAGE_CODE = re.compile(r"[a-zA-Z]{2}")
_REGIONAL = re.compile(r"([a-zA-Z]{2})[-_][a-zA-Z0-9]{2,8}")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_ADDRESS = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+")


def _language_code(value: str, setting: str, path: Path) -> str:
    """``value`` as newsdesk's code of a language (``EN`` → ``en``), or the one-line error."""
    if _LANGUAGE_CODE.fullmatch(value.strip()):
        return value.strip().lower()
    regional = _REGIONAL.fullmatch(value.strip())
    if regional:
        code = regional.group(1).lower()
        raise NewsdeskError(
            f'{setting}: "{value}" has a region; write "{code}" (English is written as in '
            "Britain; a contact's language may have a region, it reads the language)",
            place=path,
        )
    raise NewsdeskError(
        f'{setting}: "{value}" is not a language code like "de" or "en"', place=path
    )


DEFAULT_CONFIG = """\
# newsdesk workspace. Secrets (API tokens, signing keys) come from environment
# variables, never from this file.

[organisation]
brand = "{brand}"
# Shown in the header of every email; a path inside the workspace or an https URL.
logo = ""
accent_color = "#0b5a7a"
imprint_url = "https://www.example.org/impressum"
privacy_url = "https://www.example.org/datenschutz"
# One line of postal address in the footer (DDG §5).
address = "Musterstraße 1, 12345 Musterstadt"

[sender]
name = "{brand}"
email = "presse@example.org"
reply_to = ""

[languages]
source = "de"
targets = ["en"]
timezone = "Europe/Berlin"

[web]
# The public address of `newsdesk serve`: unsubscribe links, web versions, archive.
base_url = "https://newsletter.example.org"

[database]
# Defaults to newsdesk.db in this folder; a team can share a PostgreSQL server:
# url = "postgresql+psycopg://newsdesk@db.example.org/newsdesk"
url = ""

[delivery]
# outbox writes every message as an .eml file under outbox/ instead of sending it.
provider = "outbox"
"""


@dataclass(frozen=True)
class Config:
    """The settings of ``newsdesk.toml``, with defaults for everything left out."""

    brand: str = "newsdesk"
    logo: str = ""
    accent_color: str = "#0b5a7a"
    imprint_url: str = ""
    privacy_url: str = ""
    address: str = ""
    sender_name: str = "newsdesk"
    sender_email: str = "newsletter@example.org"
    reply_to: str = ""
    source_language: str = "de"
    target_languages: tuple[str, ...] = ("en",)
    timezone: str = "Europe/Berlin"
    base_url: str = "http://127.0.0.1:8025"
    database_url: str = ""
    provider: str = "outbox"
    sections: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """The source language first, then the targets."""
        return (self.source_language, *self.target_languages)

    def section(self, name: str) -> dict[str, Any]:
        """A table of ``newsdesk.toml`` as written, for the stage that owns it."""
        value = self.sections.get(name, {})
        return value if isinstance(value, dict) else {}

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def load(cls, path: Path) -> Config:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise NewsdeskError(f"not valid TOML: {error}", place=path) from None
        except UnicodeDecodeError:
            raise NewsdeskError("not a UTF-8 text file", place=path) from None

        def section(name: str) -> dict[str, object]:
            value = data.get(name, {})
            if not isinstance(value, dict):
                raise NewsdeskError(f"[{name}] must be a table", place=path)
            return value

        def text(table: str, key: str, default: str) -> str:
            value = section(table).get(key, default)
            if not isinstance(value, str):
                raise NewsdeskError(f"{table}.{key} must be a string", place=path)
            return value

        for name in data:
            if name not in TABLES:
                close = difflib.get_close_matches(name, TABLES, n=1)
                hint = f"did you mean [{close[0]}]?" if close else f"known: {', '.join(TABLES)}"
                raise NewsdeskError(f"unknown table [{name}]; {hint}", place=path)
        languages = section("languages")
        targets = languages.get("targets", ["en"])
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise NewsdeskError('languages.targets must be a list like ["en"]', place=path)
        targets = [_language_code(t, "languages.targets", path) for t in targets]
        source = _language_code(text("languages", "source", "de"), "languages.source", path)
        for key in ("email", "reply_to"):
            address = text("sender", key, "")
            if address and not _ADDRESS.fullmatch(address):
                raise NewsdeskError(
                    f"sender.{key} {address!r} is not an email address like presse@example.org",
                    place=path,
                )
        if not _COLOUR.fullmatch(text("organisation", "accent_color", cls.accent_color)):
            raise NewsdeskError(
                "organisation.accent_color must be a colour like #0b5a7a", place=path
            )
        _check_delivery(section("delivery"), path)
        brand = text("organisation", "brand", cls.brand)
        config = cls(
            brand=brand,
            logo=text("organisation", "logo", ""),
            accent_color=text("organisation", "accent_color", cls.accent_color),
            imprint_url=text("organisation", "imprint_url", ""),
            privacy_url=text("organisation", "privacy_url", ""),
            address=text("organisation", "address", ""),
            sender_name=text("sender", "name", brand),
            sender_email=text("sender", "email", cls.sender_email),
            reply_to=text("sender", "reply_to", ""),
            source_language=source,
            target_languages=tuple(targets),
            timezone=text("languages", "timezone", cls.timezone),
            base_url=text("web", "base_url", cls.base_url).rstrip("/"),
            database_url=text("database", "url", ""),
            provider=text("delivery", "provider", cls.provider),
            sections=data,
        )
        try:
            config.tz  # noqa: B018 - validate the zone name now, not at send time
        except (ZoneInfoNotFoundError, ValueError):
            raise NewsdeskError(
                f"languages.timezone {config.timezone!r} is not a known time zone "
                "(use a name like Europe/Berlin)",
                place=path,
            ) from None
        return config


def _check_delivery(delivery: dict[str, object], path: Path) -> None:
    """[delivery]'s numbers: a wrong one was ignored, so a send ran unthrottled."""
    batch = delivery.get("batch_size")
    if batch is not None and (type(batch) is not int or batch < 1):
        raise NewsdeskError(
            "delivery.batch_size must be a whole number above 0, like 100", place=path
        )
    rate = delivery.get("rate_limit")
    if rate is not None and (type(rate) not in (int, float) or rate <= 0):
        raise NewsdeskError(
            "delivery.rate_limit must be requests per second above 0, like 5", place=path
        )


@dataclass(frozen=True)
class Workspace:
    """A newsdesk folder: its configuration and where its files live."""

    root: Path
    config: Config

    @classmethod
    def open(cls, root: Path) -> Workspace:
        root = root.resolve()
        config_path = root / CONFIG_NAME
        if not config_path.is_file():
            raise NewsdeskError(
                f"no {CONFIG_NAME} here; create a workspace with `newsdesk init {root}`",
                place=root,
            )
        return cls(root=root, config=Config.load(config_path))

    @classmethod
    def find(cls, explicit: Path | None = None, start: Path | None = None) -> Workspace:
        """The workspace named by ``--workspace``, ``$NEWSDESK_WORKSPACE``, or found
        by walking up from ``start`` (the current directory)."""
        if explicit is not None:
            return cls.open(explicit)
        if os.environ.get(WORKSPACE_ENV):
            return cls.open(Path(os.environ[WORKSPACE_ENV]))
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls.open(folder)
        raise NewsdeskError(
            f"no {CONFIG_NAME} in this folder or above it; run `newsdesk init DIR` "
            "or pass --workspace DIR",
            place=here,
        )

    @classmethod
    def create(cls, root: Path, brand: str = "Meine Organisation") -> Workspace:
        """Write a new workspace; refuses to touch an existing one."""
        root = root.resolve()
        config_path = root / CONFIG_NAME
        if config_path.exists():
            raise NewsdeskError(f"{CONFIG_NAME} exists already; nothing changed", place=root)
        for folder in ("releases", "templates", "translations/releases"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        write_atomic(config_path, DEFAULT_CONFIG.format(brand=brand.replace('"', "'")))
        return cls.open(root)

    @property
    def releases_dir(self) -> Path:
        return self.root / "releases"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def outbox_dir(self) -> Path:
        return self.root / "outbox"

    def catalog_path(self, slug: str, lang: str) -> Path:
        return self.root / "translations" / "releases" / slug / f"{lang}.po"

    @property
    def database_url(self) -> str:
        configured = os.environ.get("NEWSDESK_DATABASE_URL") or self.config.database_url
        if configured:
            return configured
        return f"sqlite:///{self.root / 'newsdesk.db'}"

    def release_files(self) -> list[Path]:
        """The staff's release files, sorted by name."""
        if not self.releases_dir.is_dir():
            return []
        return sorted(
            path
            for path in self.releases_dir.iterdir()
            if path.suffix.lower() in {".txt", ".md", ".docx"} and not path.name.startswith(".")
        )
