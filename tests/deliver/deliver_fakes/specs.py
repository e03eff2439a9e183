"""Request bodies checked against the providers' own OpenAPI specs in ../shared/specs."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


@cache
def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return (
        json.loads(text)
        if path.suffix == ".json"
        else yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    )


def validator(spec: Path, pointer: str) -> Callable[[Any], None]:
    """A function that raises ``jsonschema.ValidationError`` unless its argument
    matches the schema at ``pointer`` inside ``spec``."""
    document = _load(spec)
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    checker = Draft202012Validator({"$ref": f"urn:spec#{pointer}"}, registry=registry)
    return checker.validate


def mailgun_form(spec: Path) -> Callable[[list[tuple[str, str]]], None]:
    """Validates multipart fields: repeated fields where the schema has an array."""
    pointer = "/components/schemas/POST-v3-domain_name-messages-multipart-form-data-RequestBody"
    schema = _load(spec)["components"]["schemas"][pointer.rsplit("/", 1)[1]]
    check = validator(spec, pointer)

    def validate(fields: list[tuple[str, str]]) -> None:
        data: dict[str, Any] = {}
        for name, value in fields:
            if schema["properties"].get(name, {}).get("type") == "array":
                data.setdefault(name, []).append(value)
            else:
                assert name not in data, f"{name} given twice"
                data[name] = value
        check(data)

    return validate
