"""YAML front matter of a Markdown release: keys are Release field names.

Values are read from the YAML nodes as written (no YAML 1.1 surprises such as
``lang: no`` turning into False); dates are ISO (``2026-11-28``) or German
(``28. November 2026``), the embargo is ISO (``2026-11-20T10:00:00+01:00``,
without an offset in the workspace's time zone) or German
(``20. November 2026, 10:00 Uhr``).
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml

from newsdesk.core import Contact, Link, NewsdeskError
from newsdesk.ingest.dates import DateError, WallClockError, in_zone, parse_date, parse_datetime

# The keys in the order dump_markdown writes them.
FIELDS = (
    "title",
    "subtitle",
    "kind",
    "slug",
    "lang",
    "dateline",
    "date",
    "embargo",
    "teaser",
    "tags",
    "status",
    "source_url",
    "contacts",
    "boilerplate_title",
    "boilerplate",
    "links",
)
TEXT_FIELDS = tuple(f for f in FIELDS if f not in ("date", "embargo", "tags", "contacts", "links"))
CONTACT_FIELDS = ("name", "role", "organisation", "email", "phone")
STATUSES = ("approved", "draft")


def split_front_matter(text: str, path: Path) -> tuple[str | None, list[str], int]:
    """(YAML text or None, body lines, the file line number of the first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, lines, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), lines[index + 1 :], index + 2
    raise NewsdeskError(
        "the front matter opened with --- is never closed; end it with a line '---'",
        place=path,
        line=1,
    )


class _Place:
    def __init__(self, path: Path, offset: int) -> None:
        self.path = path
        self.offset = offset

    def error(self, message: str, node: yaml.Node | None) -> NewsdeskError:
        line = node.start_mark.line + self.offset if node is not None else self.offset
        return NewsdeskError(message, place=self.path, line=line)


def parse_front_matter(source: str, path: Path, tz: tzinfo, first_line: int = 2) -> dict[str, Any]:
    """The fields of the front matter, as Release values; a mistake names its line."""
    place = _Place(path, first_line)
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        line = mark.line + first_line if mark is not None else first_line
        raise NewsdeskError(
            f"the front matter is not valid YAML: {problem}", place=path, line=line
        ) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise place.error("the front matter must be 'key: value' lines (a YAML mapping)", root)
    fields: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise place.error(
                f"unknown front matter key '{key}'; {hint}known keys: {', '.join(FIELDS)}",
                key_node,
            )
        fields[key] = _value(key, value_node, place, tz)
    return fields


def _text(key: str, node: yaml.Node, place: _Place) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise place.error(f"front matter '{key}' must be text", node)
    if node.tag == "tag:yaml.org,2002:null":
        return ""
    return str(node.value).strip()


def _value(key: str, node: yaml.Node, place: _Place, tz: tzinfo) -> Any:
    if key in TEXT_FIELDS:
        value = _text(key, node, place)
        if key == "status" and value and value not in STATUSES:
            raise place.error(f"front matter 'status' must be one of {', '.join(STATUSES)}", node)
        return value
    if key == "date":
        value = _text(key, node, place)
        try:
            return _date(value) if value else None
        except (ValueError, DateError):
            raise place.error(
                f"front matter 'date' {value!r} is not a date; write it like 2026-11-28",
                node,
            ) from None
    if key == "embargo":
        value = _text(key, node, place)
        try:
            return _datetime(value, tz) if value else None
        except WallClockError as error:
            raise place.error(f"front matter 'embargo': {error}", node) from None
        except (ValueError, DateError):
            raise place.error(
                f"front matter 'embargo' {value!r} is not a date and time; write it like "
                "2026-11-20T10:00:00+01:00 or '20. November 2026, 10:00 Uhr'",
                node,
            ) from None
    if key == "tags":
        return [_text("tags", item, place) for item in _sequence(key, node, place)]
    if key == "contacts":
        return [_contact(item, place) for item in _sequence(key, node, place)]
    return [_link(item, place) for item in _sequence(key, node, place)]


def _sequence(key: str, node: yaml.Node, place: _Place) -> list[yaml.Node]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise place.error(f"front matter '{key}' must be a list ('- …' lines)", node)
    return list(node.value)


def _contact(node: yaml.Node, place: _Place) -> Contact:
    if not isinstance(node, yaml.MappingNode):
        raise place.error(
            f"each contact must have the keys {', '.join(CONTACT_FIELDS)} (name required)", node
        )
    values: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in CONTACT_FIELDS:
            raise place.error(
                f"unknown contact key '{key}'; known keys: {', '.join(CONTACT_FIELDS)}", key_node
            )
        values[key] = _text(f"contacts.{key}", value_node, place)
    if not values.get("name") and not values.get("email"):
        raise place.error("a contact needs at least a name or an email", node)
    return Contact(**{"name": "", **values})


def _link(node: yaml.Node, place: _Place) -> Link:
    if isinstance(node, yaml.ScalarNode):
        return Link(url=_text("links", node, place))
    if isinstance(node, yaml.MappingNode):
        values = {str(k.value): _text(f"links.{k.value}", v, place) for k, v in node.value}
        if set(values) <= {"url", "text"} and values.get("url"):
            return Link(url=values["url"], text=values.get("text", ""))
    raise place.error("each link must be an address or 'url:' with an optional 'text:'", node)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return parse_date(value)


def _datetime(value: str, tz: tzinfo) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return parse_datetime(value, tz)
    if moment.tzinfo is None:
        return in_zone(moment, tz, value)
    return moment.astimezone(tz)
