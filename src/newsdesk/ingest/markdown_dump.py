"""A Release written as a front-matter Markdown file that ``read_release`` reads back equal."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from newsdesk.core import Block, Release
from newsdesk.ingest.frontmatter import FIELDS
from newsdesk.ingest.recognise import collect_links

_BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|=+\s*$|-{3,}\s*$)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(\s|$)")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump_markdown(release: Release) -> str:
    """``release`` as Markdown with YAML front matter (its path is not written)."""
    front: dict[str, Any] = {}
    for name in FIELDS[:-1]:  # links: only those the text does not hold, below
        value = getattr(release, name)
        if name in ("date", "embargo") and value is not None:
            value = value.isoformat()
        elif name == "contacts":
            value = [
                {key: text for key, text in dataclasses.asdict(contact).items() if text}
                for contact in value
            ]
        if value not in (None, "", []):
            front[name] = value
    derived = {link.url for link in collect_links(release, [])}
    extra = [
        {"url": link.url, "text": link.text} if link.text else link.url
        for link in release.links
        if link.url not in derived
    ]
    if extra:
        front["links"] = extra
    header = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    body = "\n\n".join(_block(block) for block in release.blocks)
    return f"---\n{header}---\n\n{body}\n" if body else f"---\n{header}---\n"


def _escape_start(text: str) -> str:
    if _BLOCK_START.match(text):
        return "\\" + text
    return _ORDERED_START.sub(r"\1\\\2\3", text, count=1)


def _block(block: Block) -> str:
    if block.type == "heading":
        return f"{'#' * min(max(block.level, 1), 6)} {block.text}"
    if block.type == "list":
        return "\n".join(f"- {_escape_start(item)}" for item in block.items)
    if block.type == "quote":
        quote = f"> {_escape_start(block.text)}"
        if block.speaker:
            attribution = ", ".join(part for part in (block.speaker, block.role) if part)
            quote += f"\n>\n> — {attribution}"
        return quote
    if block.type == "image":
        alt = block.alt.replace("\\", "\\\\").replace("]", "\\]").replace("[", "\\[")
        src = f"<{block.src}>" if re.search(r"[\s()]", block.src) else block.src
        title = block.caption.replace("\\", "\\\\").replace('"', '\\"')
        image = f'![{alt}]({src} "{title}")' if block.caption else f"![{alt}]({src})"
        if block.width:
            image += f"{{width={block.width}}}"
        if block.credit:
            image += f"\nFoto: {block.credit}"
        return image
    if block.type == "link":
        return f"[{block.text}]({block.url})"
    return _escape_start(block.text)
