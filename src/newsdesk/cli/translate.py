"""``newsdesk translate …``: content catalogs for translators, their status, machine drafts
and imports of finished translations."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from newsdesk.cli.app import State, cli, pass_state
from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.ingest import read_release
from newsdesk.translate import LanguageStatus, translation_status
from newsdesk.translate.catalog import extract as extract_catalog
from newsdesk.translate.deepl import FORMALITIES, DeepL, target_for
from newsdesk.translate.draft import draft as make_draft
from newsdesk.translate.importer import import_translation
from newsdesk.translate.targets import (
    check_unique_slug,
    same_language,
    shared_slugs,
    shown,
    slug_clash,
    target_languages,
)

release_file = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
language_option = click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    help="A target language (default: every target in newsdesk.toml).",
)


def _languages(workspace: Workspace, release: Release, requested: Sequence[str]) -> list[str]:
    """The languages to work on; refused when there are none, rather than doing nothing."""
    languages = target_languages(workspace, release, requested)
    if not languages:
        raise NewsdeskError(
            "this workspace has no target language: add one to languages.targets in newsdesk.toml"
        )
    return languages


def _say(state: State, text: str, *, err: bool = False) -> None:
    """One line as written: no wrapping, no rich markup (segment text may hold brackets)."""
    console = state.err if err else state.out
    console.print(text, soft_wrap=True, markup=False, highlight=False)


@cli.group()
def translate() -> None:
    """Translate releases through their content catalogs (PO files)."""


@translate.command()
@release_file
@language_option
@pass_state
def extract(state: State, file: Path, languages: tuple[str, ...]) -> None:
    """Create or update the catalogs of release FILE for its translators.

    Example: newsdesk translate extract releases/bronze-label.de.txt
    """
    workspace = state.workspace
    release = read_release(file)
    for lang in _languages(workspace, release, languages):
        catalog, report = extract_catalog(workspace, release, lang)
        catalog.save()
        total = report.kept + report.fuzzy + report.new
        _say(
            state,
            f"{shown(workspace, catalog.path)}: {total} entries — {report.kept} unchanged, "
            f"{report.fuzzy} changed (fuzzy), {report.new} new, {report.obsolete} obsolete",
        )
        if report.changed_segments:
            _say(state, "  changed, to review: " + ", ".join(report.changed_segments))
        if report.new_segments and report.kept + report.fuzzy:
            _say(state, "  new, to translate: " + ", ".join(report.new_segments))


@translate.command()
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@pass_state
def status(state: State, file: Path | None, as_json: bool) -> None:
    """Show how far the translations are (all releases when no FILE is given).

    Exits with 1 when anything is untranslated, fuzzy or has a broken link, and
    with 2 when a release or catalog cannot be read or two release files share a
    slug (the others are still shown).

    Example: newsdesk translate status --json
    """
    workspace = state.workspace
    problems: list[NewsdeskError] = []
    if file:
        release = read_release(file)
        check_unique_slug(workspace, release)
        statuses = translation_status(workspace, release)
    else:
        statuses, problems = _all_statuses(workspace)
    for problem in problems:
        _say(state, f"newsdesk: error: {problem}", err=True)
    if as_json:
        state.print_json([item.to_dict() for item in statuses])
    else:
        if not file and not workspace.release_files():
            _say(state, f"no release files in {workspace.releases_dir}")
        for item in statuses:
            _print_status(state, workspace, item)
    if problems:
        sys.exit(NewsdeskError.exit_code)
    if not all(item.complete for item in statuses):
        sys.exit(1)


def _all_statuses(workspace: Workspace) -> tuple[list[LanguageStatus], list[NewsdeskError]]:
    """The status of every release file, and what kept some from being shown: an
    unreadable release or catalog, or a slug that several files share (one broken
    release must not hide the state of the others)."""
    releases: list[Release] = []
    problems: list[NewsdeskError] = []
    for path in workspace.release_files():
        try:
            releases.append(read_release(path))
        except NewsdeskError as error:
            problems.append(error)
    clashes = shared_slugs(releases)
    problems.extend(slug_clash(workspace, slug, group) for slug, group in clashes.items())
    statuses: list[LanguageStatus] = []
    for release in releases:
        if release.slug in clashes:
            continue
        try:
            statuses.extend(translation_status(workspace, release))
        except NewsdeskError as error:
            problems.append(error)
    return statuses, problems


def _print_status(state: State, workspace: Workspace, item: LanguageStatus) -> None:
    mark = "complete" if item.complete else "incomplete"
    _say(
        state,
        f"{item.slug} {item.lang}: {mark} — {item.translated} translated, {item.fuzzy} fuzzy, "
        f"{item.untranslated} untranslated, {item.obsolete} obsolete  "
        f"({shown(workspace, item.catalog)})",
    )
    if not item.exists:
        _say(state, "  no catalog yet: run `newsdesk translate extract FILE`")
    elif item.outdated:
        _say(state, "  the German text changed since the last extract: run it again")
    if item.untranslated_segments:
        _say(state, "  untranslated: " + ", ".join(item.untranslated_segments))
    if item.fuzzy_segments:
        _say(state, "  fuzzy: " + ", ".join(item.fuzzy_segments))
    for problem in item.link_problems:
        _say(state, f"  link: {problem}")


@translate.command()
@release_file
@click.option("--engine", type=click.Choice(["deepl"]), default="deepl", show_default=True)
@click.option("--formality", type=click.Choice(FORMALITIES), help="DeepL's formality setting.")
@click.option("--glossary", "glossary_id", help="The ID of a DeepL glossary (German → target).")
@click.option("--target-lang", help="DeepL's target code, e.g. EN-US (default: EN-GB for en).")
@language_option
@pass_state
def draft(
    state: State,
    file: Path,
    engine: str,
    formality: str | None,
    glossary_id: str | None,
    target_lang: str | None,
    languages: tuple[str, ...],
) -> None:
    """Fill empty and changed entries with machine translations, marked fuzzy for review.

    The key comes from DEEPL_AUTH_KEY. Example:
    newsdesk translate draft releases/bronze-label.de.txt --engine deepl --formality more
    """
    workspace = state.workspace
    release = read_release(file)
    settings = workspace.config.section("translate")
    for lang in _languages(workspace, release, languages):
        client = DeepL.from_env(
            source_lang=release.lang.upper(),
            target_lang=target_lang or _configured_target(settings, lang),
            formality=formality or _text(settings, "formality"),
            glossary_id=glossary_id or _text(settings, "glossary_id"),
        )
        report = make_draft(workspace, release, lang, client)
        _say(
            state,
            f"{shown(workspace, report.catalog.path)}: {len(report.filled)} machine drafts "
            f"({report.characters} characters sent to {client.name}), marked fuzzy for review",
        )
        for problem in report.skipped:
            _say(state, err=True, text=f"  not used: {problem}")


def _text(settings: dict[str, object], key: str) -> str | None:
    value = settings.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise NewsdeskError(f"translate.{key} in newsdesk.toml must be a string")
    return value or None


def _configured_target(settings: dict[str, object], lang: str) -> str:
    table = settings.get("deepl_targets", {})
    if isinstance(table, dict) and isinstance(table.get(lang), str):
        return str(table[lang])
    return target_for(lang)


@translate.command(name="import")
@release_file
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The finished translation (.md, .txt or .docx).",
)
@click.option("--lang", help="Its language (default: its front matter, else the first target).")
@click.option("--replace", is_flag=True, help="Also replace translations already reviewed.")
@pass_state
def import_(state: State, file: Path, source: Path, lang: str | None, replace: bool) -> None:
    """Put a finished translation of FILE into its catalog, segment by segment.

    Example: newsdesk translate import releases/bronze-label.de.txt --from bronze-label.en.md
    """
    workspace = state.workspace
    release = read_release(file)
    translated = read_release(source)
    if lang is None and not same_language(translated.lang, release.lang):
        lang = translated.lang
    lang = _languages(workspace, release, [lang] if lang else [])[0]
    if translated.slug != release.slug:
        _say(
            state,
            f"note: {source.name} is release {translated.slug!r}, imported into {release.slug!r}",
        )
    report = import_translation(workspace, release, translated, lang, replace=replace)
    _say(
        state,
        f"{shown(workspace, report.catalog.path)}: {len(report.placed)} placed, "
        f"{len(report.uncertain)} placed but uncertain (fuzzy), {len(report.kept)} kept",
    )
    if report.uncertain:
        _say(state, "  check (fuzzy): " + ", ".join(report.uncertain))
    if report.kept:
        _say(state, "  kept the reviewed translation (use --replace): " + ", ".join(report.kept))
    if report.untranslated:
        _say(state, "  no counterpart in the translation: " + ", ".join(report.untranslated))
    for piece in report.unplaced:
        _say(state, f"  could not place {piece}")
