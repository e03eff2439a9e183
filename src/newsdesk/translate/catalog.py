"""The content catalog of one release and language: ``translations/releases/<slug>/<lang>.po``.

One entry per distinct German segment text: the msgid is the German text, the
``#.`` notes name the segment(s) ("paragraph 3"), the location is
``releases/<file>:<segment index>``. The header's Project-Id-Version is
``newsdesk release <slug>``, so a catalog copied from another release is refused.

When the German text changes, :meth:`ContentCatalog.update` keeps what still
fits: an unchanged text keeps its translation; a slightly changed one keeps its
old translation but turns fuzzy, with the German it was translated from in a
``#. previous: …`` note (gettext's ``#|`` lines do not survive Babel); a new text
is empty; a text no longer in the release becomes obsolete (``#~``). The
previous-text note and a machine-translation note go away once the translator
clears the fuzzy mark.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.translate.pofile import FORMAT_FLAGS, read_catalog, write_catalog
from newsdesk.translate.segments import Segment, segments
from newsdesk.translate.targets import check_unique_slug

PROJECT = "newsdesk release"
PREVIOUS = "previous: "
MACHINE_NOTE = "machine translation"
# Below this word-level similarity a changed text counts as rewritten (new entry).
FUZZY_CUTOFF = 0.6


@dataclass(frozen=True)
class UpdateReport:
    """What an extract did: counts of entries kept, turned fuzzy, added and made obsolete."""

    kept: int
    fuzzy: int
    new: int
    obsolete: int
    changed_segments: tuple[str, ...] = ()
    new_segments: tuple[str, ...] = ()


def location_file(workspace: Workspace, release: Release) -> str:
    """How catalog locations name the release file: relative to the workspace."""
    if release.path is None:
        return f"releases/{release.slug}"
    try:
        return release.path.resolve().relative_to(workspace.root).as_posix()
    except ValueError:
        return f"releases/{release.path.name}"


def extract(
    workspace: Workspace, release: Release, lang: str
) -> tuple[ContentCatalog, UpdateReport]:
    """The release's catalog for ``lang`` brought in line with its German text, not yet
    saved. Every command that writes a catalog starts here, so none writes one that
    another release file with the same slug shares."""
    check_unique_slug(workspace, release)
    catalog = ContentCatalog.for_release(workspace, release, lang)
    return catalog, catalog.update(release, location_file(workspace, release))


class ContentCatalog:
    """The translations of one release into one language, backed by a PO file."""

    def __init__(self, path: Path, slug: str, lang: str, catalog: Catalog) -> None:
        self.path = path
        self.slug = slug
        self.lang = lang
        self.catalog = catalog

    # -- opening -----------------------------------------------------------------

    @classmethod
    def new(cls, path: Path, slug: str, lang: str) -> ContentCatalog:
        try:
            locale = Locale.parse(lang.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            raise NewsdeskError(
                f"unknown language {lang!r} (use a code like en or fr in languages.targets)"
            ) from None
        catalog = Catalog(
            locale=locale,
            project=PROJECT,
            version=slug,
            charset="utf-8",
            fuzzy=False,
            language_team=lang,
            header_comment=(
                f"# {locale.english_name} translation of the release {slug!r}.\n"
                "# Translate each msgstr; keep links [text](address) and **bold** marks.\n"
                "# A #, fuzzy entry is not used until its mark is removed."
            ),
        )
        return cls(path, slug, lang, catalog)

    @classmethod
    def load(cls, path: Path, slug: str, lang: str) -> ContentCatalog:
        """Read the catalog at ``path``; it must belong to release ``slug`` and ``lang``."""
        po = read_catalog(path)
        catalog = po.catalog
        if catalog.project != PROJECT:
            found = f"{catalog.project} {catalog.version}".strip()
            raise NewsdeskError(
                f"not a newsdesk content catalog: Project-Id-Version is {found!r}, "
                f"expected '{PROJECT} {slug}' (create it with `newsdesk translate extract`)",
                place=path,
                line=po.field_line("Project-Id-Version"),
            )
        if catalog.version != slug:
            raise NewsdeskError(
                f"this is the catalog of release {catalog.version!r}, not of {slug!r}; "
                f"put it at translations/releases/{catalog.version}/",
                place=path,
                line=po.field_line("Project-Id-Version"),
            )
        found_lang = str(catalog.locale) if catalog.locale else ""
        if found_lang.split("_")[0] != lang.split("-")[0].split("_")[0]:
            raise NewsdeskError(
                f"the catalog's Language is {found_lang or 'missing'!r}, expected {lang!r}",
                place=path,
                line=po.field_line("Language"),
            )
        return cls(path, slug, lang, catalog)

    @classmethod
    def for_release(cls, workspace: Workspace, release: Release, lang: str) -> ContentCatalog:
        """The release's catalog for ``lang``: read from disk, or new and empty."""
        path = workspace.catalog_path(release.slug, lang)
        if path.exists():
            return cls.load(path, release.slug, lang)
        return cls.new(path, release.slug, lang)

    @property
    def exists(self) -> bool:
        return self.path.exists()

    # -- reading entries ---------------------------------------------------------

    def messages(self) -> Iterator[Message]:
        """The active entries (not the header, not obsolete ones)."""
        return (message for message in self.catalog if message.id)

    def get(self, msgid: str) -> Message | None:
        message = self.catalog.get(msgid)
        return message if message is not None and message.id else None

    def translation(self, msgid: str) -> str | None:
        """The usable translation of ``msgid``: present, not empty, not fuzzy."""
        message = self.get(msgid)
        if message is None or message.fuzzy or not isinstance(message.string, str):
            return None
        return message.string or None

    @property
    def obsolete_count(self) -> int:
        return len(self.catalog.obsolete)

    @staticmethod
    def previous(message: Message) -> str | None:
        """The German text the (fuzzy) translation was made for, when it changed."""
        for position, comment in enumerate(message.auto_comments):
            if comment.startswith(PREVIOUS):
                # A long note is wrapped onto several #. lines; it is always the last note.
                joined = " ".join([comment, *message.auto_comments[position + 1 :]])
                return joined.removeprefix(PREVIOUS).replace("\\n", "\n")
        return None

    @staticmethod
    def is_machine_draft(message: Message) -> bool:
        return any(comment.startswith(MACHINE_NOTE) for comment in message.user_comments)

    # -- changing entries ----------------------------------------------------------

    def update(self, release: Release, location: str) -> UpdateReport:
        """Bring the entries in line with the release's current German segments."""
        groups = _group(segments(release))
        old = {message.id: message for message in self.messages()}
        old_obsolete = dict(self.catalog.obsolete)
        exact = {msgid for msgid in groups if msgid in old or msgid in old_obsolete}
        unmatched_old = [msgid for msgid, message in old.items() if msgid not in groups]
        unmatched_new = [msgid for msgid in groups if msgid not in exact]
        # A changed text may come from a current entry or from an obsolete one.
        candidates = {
            msgid: message
            for msgid, message in [*old_obsolete.items(), *old.items()]
            if message.string and msgid not in groups
        }
        renamed = _fuzzy_pairs(unmatched_new, list(candidates))

        fresh = _copy_header(self.catalog)
        kept = fuzzy = new = 0
        changed: list[str] = []
        added: list[str] = []
        for msgid, group in groups.items():
            names = [segment.name for segment in group]
            locations = [(location, segment.index) for segment in group]
            source = old[msgid] if msgid in old else old_obsolete.get(msgid)
            if source is not None:
                message = self._entry(msgid, source.string, names, locations, source)
                message.flags.update({"fuzzy"} if source.fuzzy else set())
                previous = self.previous(source) if source.fuzzy else None
                kept += 1
            elif msgid in renamed:
                source = candidates[renamed[msgid]]
                message = self._entry(msgid, source.string, names, locations, source)
                message.flags.add("fuzzy")
                previous = (self.previous(source) if source.fuzzy else None) or source.id
                fuzzy += 1
                changed.extend(names)
            else:
                message = self._entry(msgid, "", names, locations, None)
                previous = None
                new += 1
                added.extend(names)
            if previous and message.fuzzy:
                message.auto_comments.append(PREVIOUS + previous.replace("\n", "\\n"))
            fresh[msgid] = message
        used = set(renamed.values())
        obsolete = {
            msgid: message
            for msgid, message in old_obsolete.items()
            if msgid not in groups and msgid not in used
        }
        newly_obsolete = 0
        for msgid in unmatched_old:
            if msgid not in used and old[msgid].string:
                obsolete[msgid] = old[msgid]
                newly_obsolete += 1
        fresh.obsolete.update(obsolete)
        self.catalog = fresh
        return UpdateReport(
            kept=kept,
            fuzzy=fuzzy,
            new=new,
            obsolete=newly_obsolete,
            changed_segments=tuple(changed),
            new_segments=tuple(added),
        )

    @staticmethod
    def _entry(
        msgid: str,
        string: str | tuple[str, ...] | None,
        names: list[str],
        locations: list[tuple[str, int]],
        source: Message | None,
    ) -> Message:
        text = string if isinstance(string, str) else ""
        message = Message(
            msgid,
            text,
            locations=locations,
            auto_comments=list(names),
            user_comments=list(source.user_comments) if source else [],
        )
        message.flags -= FORMAT_FLAGS
        return message

    def set_translation(self, msgid: str, text: str, *, fuzzy: bool, note: str = "") -> None:
        """Fill the entry of ``msgid``; ``note`` becomes a translator comment."""
        message = self.get(msgid)
        if message is None:
            raise KeyError(msgid)
        message.string = text
        if fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        # The new text is made from the current German: the previous-text note is moot.
        message.auto_comments = _before_previous(message.auto_comments)
        message.user_comments = [c for c in message.user_comments if not c.startswith(MACHINE_NOTE)]
        if note:
            message.user_comments.append(note)

    def save(self) -> None:
        """Write the catalog atomically. Entries no longer fuzzy lose their
        previous-text and machine-translation notes."""
        for message in self.messages():
            if not message.fuzzy:
                if self.previous(message) is not None:
                    message.auto_comments = _before_previous(message.auto_comments)
                message.user_comments = [
                    c for c in message.user_comments if not c.startswith(MACHINE_NOTE)
                ]
        self.catalog.revision_date = datetime.now(UTC)
        self.catalog.fuzzy = False
        write_catalog(self.path, self.catalog)


def _group(found: list[Segment]) -> dict[str, list[Segment]]:
    """Segments by German text, in order of first appearance (equal texts share an entry)."""
    groups: dict[str, list[Segment]] = {}
    for segment in found:
        groups.setdefault(segment.text, []).append(segment)
    return groups


_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def similarity(first: str, second: str) -> float:
    """Word-level similarity of two texts, 0 to 1."""
    return difflib.SequenceMatcher(
        None, _WORD.findall(first.lower()), _WORD.findall(second.lower()), autojunk=False
    ).ratio()


def _fuzzy_pairs(new: list[str], old: list[str]) -> dict[str, str]:
    """Pair each changed text with the old text it most likely is, one to one."""
    scored = sorted(
        ((similarity(n, o), n, o) for n in new for o in old),
        key=lambda item: item[0],
        reverse=True,
    )
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for score, new_id, old_id in scored:
        if score < FUZZY_CUTOFF:
            break
        if new_id not in pairs and old_id not in taken:
            pairs[new_id] = old_id
            taken.add(old_id)
    return pairs


def _before_previous(comments: list[str]) -> list[str]:
    for position, comment in enumerate(comments):
        if comment.startswith(PREVIOUS):
            return comments[:position]
    return comments


def _copy_header(catalog: Catalog) -> Catalog:
    fresh = Catalog(
        locale=catalog.locale,
        project=catalog.project,
        version=catalog.version,
        charset="utf-8",
        fuzzy=False,
        last_translator=catalog.last_translator,
        language_team=catalog.language_team,
        creation_date=catalog.creation_date,
        revision_date=catalog.revision_date,
    )
    fresh.header_comment = catalog.header_comment
    return fresh
