"""``run_checks``: render each language once and run every check on the result."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from newsdesk.checks.context import SAMPLE_VALUES, CheckContext, Rendition
from newsdesk.checks.findings import CheckReport, Finding, error
from newsdesk.checks.registry import evaluate
from newsdesk.checks.translation import unreadable
from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.render import render_release
from newsdesk.translate import TranslationIncomplete, localize


def languages_of(
    release: Release, workspace: Workspace, languages: Iterable[str] | str | None
) -> tuple[str, ...]:
    """The languages to check: the given ones (``"all"`` or None: the release's own
    and every language of the workspace), each once."""
    if languages is None or languages == "all":
        return tuple(dict.fromkeys((release.lang, *workspace.config.languages)))
    if isinstance(languages, str):
        languages = [languages]
    return tuple(dict.fromkeys(languages))


def _render(
    release: Release, workspace: Workspace, lang: str, fallback: bool
) -> tuple[Rendition | None, Finding | None]:
    try:
        localized = localize(release, workspace, lang, fallback=fallback)
    except TranslationIncomplete:
        return None, None  # the translation check names the segments
    except NewsdeskError as problem:
        return None, unreadable(lang, problem)
    try:
        email = render_release(localized, workspace)
        html, text = email.fill({name: SAMPLE_VALUES[name] for name in email.placeholders})
    except NewsdeskError as problem:
        return None, error("render", f"the {lang} email cannot be rendered: {problem}", lang)
    rendition = Rendition(
        lang=lang,
        subject=email.subject,
        preheader=email.preheader,
        html=html,
        text=text,
        release=localized,
        email=email,
    )
    return rendition, None


def run_checks(
    release: Release,
    workspace: Workspace,
    *,
    languages: Iterable[str] | str | None = None,
    send_at: datetime | None = None,
    online: bool = False,
    fallback: bool = False,
) -> CheckReport:
    """Every check on ``release`` (as read, in its source language) for ``languages``
    (None: all of the workspace's). ``send_at`` is the planned send or schedule time
    (naive: the workspace's time zone); ``online`` requests every link;
    ``fallback`` (the campaign sends untranslated parts in the source language)
    turns incomplete translations from errors into warnings."""
    wanted = languages_of(release, workspace, languages)
    renditions: list[Rendition] = []
    problems: list[Finding] = []
    for lang in wanted:
        rendition, problem = _render(release, workspace, lang, fallback)
        if rendition is not None:
            renditions.append(rendition)
        if problem is not None:
            problems.append(problem)
    context = CheckContext(
        release=release,
        workspace=workspace,
        languages=wanted,
        renditions=renditions,
        send_at=send_at,
        online=online,
        fallback=fallback,
    )
    report = evaluate(context)
    report.extend(problems)
    report.rendered = {rendition.lang: rendition.email for rendition in renditions}
    return report


def check_before_sending(
    release: Release,
    workspace: Workspace,
    *,
    languages: Iterable[str] | None,
    send_at: datetime,
    fallback: bool = False,
    force: str | None = None,
    dry_run: bool = False,
) -> CheckReport:
    """The checks every send and every schedule passes, at ``send_at``: an error stops
    it (raises :class:`ChecksFailed`); so does a warning, unless ``force`` gives the
    reason to send anyway (``--force REASON``) or the send's options accept it
    (``--fallback source``). A ``dry_run`` only reports. Returns the report: its
    warnings are shown, its ``rendered`` emails reused."""
    reason = forced_reason(force)
    report = run_checks(release, workspace, languages=languages, send_at=send_at, fallback=fallback)
    if not dry_run:
        report.enforce(force=reason is not None, place=str(release.path) if release.path else None)
    return report


def forced_reason(force: str | None) -> str | None:
    """``--force``'s reason, trimmed; None when not forced. A blank reason is refused:
    whoever overrides a warning says why, and the campaign keeps it."""
    if force is None:
        return None
    reason = " ".join(force.split())
    if not reason:
        raise NewsdeskError(
            '--force needs a reason in words, e.g. --force "subject agreed with the press office"'
        )
    return reason
