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
        return display_name(self.first_name, self.last_name)


def display_name(first_name: str, last_name: str) -> str:
    """The name to address someone by ("Anna Weber"), or whichever half is known."""
    if first_name and last_name:
        return f"{first_name} {last_name}"
    return first_name or last_name
