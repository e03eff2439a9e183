"""Who an email is for: the few facts about a contact that rendering and sending need."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    """One addressee. ``gender`` is ``f``, ``m``, ``d`` (diverse) or ``""`` (not known);
    ``title`` an academic title as written ("Dr.", "Prof. Dr.")."""

    email: str
    lang: str = "de"
    first_name: str = ""
    last_name: str = ""
    gender: str = ""
    title: str = ""
    organisation: str = ""
    contact_id: int | None = None

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)
