"""Which catalogs a release may have: one per target language of the workspace
(``languages.targets`` in newsdesk.toml) other than the release's own language, and
one release per slug, because the slug names the catalogs' folder.

Language codes match case-insensitively (``EN`` is ``en``) and keep the spelling of
newsdesk.toml, so one language never gets two catalogs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from newsdesk.core.errors import NewsdeskError
from newsdesk.core.release import Release
from newsdesk.core.workspace import Workspace
from newsdesk.ingest import read_release


def same_language(first: str, second: str) -> bool:
    return first.casefold() == second.casefold()


def target_languages(
    workspace: Workspace, release: Release, requested: Sequence[str] = ()
) -> list[str]:
    """The requested languages as newsdesk.toml spells them, or every target when none
    are requested; the release's own language is never one of them."""
    targets = [
        lang for lang in workspace.config.target_languages if not same_language(lang, release.lang)
    ]
    if not requested:
        return targets
    chosen: list[str] = []
    for lang in requested:
        match = next((target for target in targets if same_language(target, lang)), None)
        if match is None:
            raise _not_a_target(lang, release, targets)
        if match not in chosen:
            chosen.append(match)
    return chosen


def _not_a_target(lang: str, release: Release, targets: Sequence[str]) -> NewsdeskError:
    if same_language(lang, release.lang):
        why = f"{lang} is the language of the release itself, there is nothing to translate"
    else:
        why = f"{lang} is not a target language of this workspace"
    listed = ", ".join(targets) or "none"
    return NewsdeskError(
        f"{why}; the targets (languages.targets in newsdesk.toml) are: {listed} — "
        "add a language there to translate into it"
    )


def check_unique_slug(workspace: Workspace, release: Release) -> None:
    """Refuse ``release`` when another file in ``releases/`` has its slug: the two
    would share, and overwrite, each other's catalogs."""
    own = release.path.resolve() if release.path else None
    same = [release]
    for path in workspace.release_files():
        if path.resolve() == own:
            continue
        try:
            other = read_release(path)
        except NewsdeskError:
            continue  # the commands that read it report what is wrong with it
        if other.slug == release.slug:
            same.append(other)
    if len(same) > 1:
        raise slug_clash(workspace, release.slug, same)


def shared_slugs(releases: Iterable[Release]) -> dict[str, list[Release]]:
    """The slugs that more than one of ``releases`` has, with those releases."""
    by_slug: dict[str, list[Release]] = {}
    for release in releases:
        by_slug.setdefault(release.slug, []).append(release)
    return {slug: group for slug, group in by_slug.items() if len(group) > 1}


def slug_clash(workspace: Workspace, slug: str, releases: Sequence[Release]) -> NewsdeskError:
    names = [
        shown(workspace, release.path) if release.path else "a release built in code"
        for release in releases
    ]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return NewsdeskError(
        f"{listed} have the same slug {slug!r} and would share the catalogs in "
        f"translations/releases/{slug}/; give one a different `slug:` in its front "
        "matter, or remove it"
    )


def shown(workspace: Workspace, path: Path) -> str:
    """``path`` as the user sees it: inside the workspace relative to it, else as given."""
    try:
        return path.resolve().relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)
