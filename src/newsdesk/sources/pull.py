"""Pulling a source: what is new or changed becomes a draft in ``releases/``.

:func:`pull_source` is the hook a scheduler calls, once per source at its
interval. It never raises for a source's failure (an unreachable host, a
broken feed, a 500): it logs one warning line naming the source and returns a
:class:`PullReport` with the error, so the other sources and jobs go on and
the next run simply tries again. Only an unknown source name or a wrong
``[sources]`` setting in newsdesk.toml raises (a NewsdeskError).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.core import NewsdeskError, Release, Workspace
from newsdesk.ingest import read_release
from newsdesk.sources.article import NoArticle, extract_article
from newsdesk.sources.drafts import content_hash, draft_path, status_of, unique_slug, write_draft
from newsdesk.sources.feed import Entry, entry_release, read_feed, with_entry
from newsdesk.sources.fetch import Fetcher, FetchSettings, RobotsDisallowed, user_agent
from newsdesk.sources.folder import file_digest, folder_files
from newsdesk.sources.page import article_links
from newsdesk.sources.store import Item, Source, SourceStore

log = logging.getLogger("newsdesk.sources")
log.addHandler(logging.NullHandler())

DEFAULT_MAX_ARTICLES = 20
# Sources pulled in parallel threads (a scheduler) must not pick the same new slug.
_naming = threading.Lock()


@dataclass
class PullReport:
    """What one pull of one source did. File names are relative to ``releases/``."""

    source: str
    kind: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # approved, changed upstream, left alone
    unchanged: int = 0
    skipped: int = 0  # links on a listing page that are no article
    requests: int = 0
    not_modified: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}

    def summary(self) -> str:
        parts = [f"{len(self.created)} new", f"{len(self.updated)} updated"]
        if self.kept:
            parts.append(f"{len(self.kept)} changed upstream but already approved")
        parts.append(f"{self.unchanged} unchanged")
        if self.skipped:
            parts.append(f"{self.skipped} links skipped (no article, or robots.txt)")
        if self.requests:
            parts.append(f"{self.requests} requests, {self.not_modified} not modified")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        return f"{self.source}: " + ", ".join(parts)


def _max_articles(workspace: Workspace) -> int:
    value = workspace.config.section("sources").get("max_articles", DEFAULT_MAX_ARTICLES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NewsdeskError(
            f"sources.max_articles must be a whole number of at least 1 (got {value!r})",
            place=workspace.root / "newsdesk.toml",
        )
    return value


class _Pull:
    def __init__(self, workspace: Workspace, store: SourceStore, source: Source) -> None:
        self.workspace = workspace
        self.store = store
        self.source = source
        self.report = PullReport(source=source.name, kind=source.kind)
        self.max_articles = _max_articles(workspace)
        self.fetcher = Fetcher(
            FetchSettings.from_workspace(workspace),
            user_agent(workspace),
            allow_local=source.local,
        )
        self.taken: set[str] = {Path(name).stem for name in store.drafts()}

    def fail(self, error: NewsdeskError) -> None:
        self.report.errors.append(str(error))
        log.warning("source %s: %s", self.source.name, error)

    # --- the three kinds -------------------------------------------------

    def feed(self) -> tuple[str | None, str | None]:
        source = self.source
        response = self.fetcher.get(
            source.location, etag=source.etag, last_modified=source.last_modified
        )
        if response.not_modified:
            return source.etag, source.last_modified
        entries = read_feed(response.body, response.headers, response.url, self.workspace.config.tz)
        for entry in entries[: self.max_articles]:
            try:
                self.feed_entry(self.same_as_before(entry))
            except NewsdeskError as error:
                self.fail(error)
        return response.etag, response.last_modified

    def same_as_before(self, entry: Entry) -> Entry:
        """Some feeds change an entry's GUID on every edit: an entry with a new GUID but
        the link of an earlier one is that earlier entry."""
        if not entry.link or self.store.item(self.source, entry.key) is not None:
            return entry
        earlier = self.store.item_by_url(self.source, entry.link)
        return dataclasses.replace(entry, key=earlier.key) if earlier else entry

    def feed_entry(self, entry: Entry) -> None:
        if entry.content_html or not entry.link:
            fragment = entry.content_html or entry.summary_html
            release = entry_release(entry, fragment)
            self.offer(entry.key, release, url=entry.link, entry_hash=entry.digest)
            return
        known = self.store.item(self.source, entry.key)
        same_entry = known is not None and known.entry_hash == entry.digest
        response = self.fetcher.get(
            entry.link,
            etag=known.etag if same_entry and known else None,
            last_modified=known.last_modified if same_entry and known else None,
            robots=True,
        )
        if response.not_modified:
            self.report.unchanged += 1
            return
        release = with_entry(extract_article(response.body, response.url, response.charset), entry)
        self.offer(
            entry.key,
            release.replace(source_url=entry.link),
            url=entry.link,
            etag=response.etag,
            last_modified=response.last_modified,
            entry_hash=entry.digest,
        )

    def page(self) -> tuple[str | None, str | None]:
        source = self.source
        response = self.fetcher.get(
            source.location, etag=source.etag, last_modified=source.last_modified, robots=True
        )
        if response.not_modified:
            urls = [item.url for item in self.store.items(source, self.max_articles) if item.url]
        else:
            urls = article_links(response.body, response.url, response.charset, self.max_articles)
            if not urls:
                raise NewsdeskError(
                    f"{response.url}: no links to articles found on this page; "
                    "--page expects the newsroom's list of releases"
                )
        for url in urls:
            try:
                self.page_article(url)
            except NewsdeskError as error:
                self.fail(error)
        return response.etag, response.last_modified

    def page_article(self, url: str) -> None:
        known = self.store.item(self.source, url)
        try:
            response = self.fetcher.get(
                url,
                etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
                robots=True,
            )
        except RobotsDisallowed as refusal:
            log.info("source %s: %s", self.source.name, refusal)
            self.report.skipped += 1
            return
        if response.not_modified:
            if known and known.draft:
                self.report.unchanged += 1
            else:
                self.report.skipped += 1
            return
        try:
            release = extract_article(response.body, response.url, response.charset)
        except NoArticle:
            # Remember it, so the next pull asks with its ETag instead of refetching.
            log.info("source %s: %s is no article; skipped", self.source.name, url)
            self.report.skipped += 1
            item = Item(url, url, "", "", response.etag, response.last_modified)
            with self.store.remembering(self.source, item):
                pass
            return
        self.offer(
            url,
            release.replace(source_url=url),
            url=url,
            etag=response.etag,
            last_modified=response.last_modified,
        )

    def folder(self) -> tuple[None, None]:
        for path in folder_files(Path(self.source.location)):
            try:
                digest = file_digest(path)
                known = self.store.item(self.source, path.name)
                if known is not None and known.content_hash == digest:
                    self.report.unchanged += 1
                    continue
                release = read_release(path).replace(source_url=path.as_uri(), path=None)
                self.offer(path.name, release, digest=digest)
            except NewsdeskError as error:
                self.fail(error)
            except OSError as error:
                self.fail(NewsdeskError(f"cannot read it ({error.strerror})", place=path))
        return None, None

    # --- drafts ------------------------------------------------------------

    def offer(
        self,
        key: str,
        release: Release,
        *,
        url: str = "",
        etag: str | None = None,
        last_modified: str | None = None,
        entry_hash: str | None = None,
        digest: str | None = None,
    ) -> None:
        """Write ``release`` as a new draft, update its earlier draft, or do nothing."""
        digest = digest or content_hash(release)
        known = self.store.item(self.source, key)
        item = Item(key, url, digest, known.draft if known else "", etag, last_modified, entry_hash)
        if known is not None and known.content_hash == digest:
            self.report.unchanged += 1
            if (etag, last_modified, entry_hash) != (
                known.etag,
                known.last_modified,
                known.entry_hash,
            ):
                self.store.update_validators(self.source, key, etag, last_modified, entry_hash)
            return
        if known is not None and known.draft:
            path = draft_path(self.workspace, known.draft)
            if not path.exists():
                # The staff deleted the draft: they did not want it; do not bring it back.
                with self.store.remembering(self.source, item):
                    return
            if status_of(path) != "draft":
                log.info(
                    "source %s: %s changed upstream; approved, left alone", self.source.name, key
                )
                with self.store.remembering(self.source, item):
                    self.report.kept.append(known.draft)
                return
            slug = path.stem
            with self.store.remembering(self.source, item):
                write_draft(self.workspace, release.replace(slug=slug))
            self.report.updated.append(known.draft)
            return
        with _naming:
            slug = unique_slug(self.workspace, release.title, self.taken)
            self.taken.add(slug)
            item = Item(key, url, digest, f"{slug}.md", etag, last_modified, entry_hash)
            with self.store.remembering(self.source, item):
                write_draft(self.workspace, release.replace(slug=slug))
        self.report.created.append(item.draft)

    def run(self) -> PullReport:
        etag: str | None = None
        last_modified: str | None = None
        error: str | None = None
        try:
            puller = {"feed": self.feed, "page": self.page, "folder": self.folder}[self.source.kind]
            etag, last_modified = puller()
        except NewsdeskError as failure:
            self.fail(failure)
            error = str(failure)
        finally:
            self.fetcher.close()
            self.report.requests = self.fetcher.requests
            self.report.not_modified = self.fetcher.not_modified
        if error is None and self.report.errors:
            error = self.report.errors[0]
            # An item failed: keep the old validators so the next pull looks again.
            etag, last_modified = self.source.etag, self.source.last_modified
        self.store.finish_pull(self.source, etag=etag, last_modified=last_modified, error=error)
        return self.report


def pull_source(workspace: Workspace, name: str) -> PullReport:
    """Pull the source called ``name`` once: the scheduler's hook (see the module docs)."""
    store = SourceStore.for_workspace(workspace)
    source = store.get(name)
    try:
        return _Pull(workspace, store, source).run()
    except NewsdeskError:
        raise
    except Exception as error:  # a bug must not stop the other sources
        log.exception("source %s: unexpected error", name)
        return PullReport(source=name, kind=source.kind, errors=[f"unexpected error: {error}"])


def pull_sources(workspace: Workspace, names: list[str] | None = None) -> list[PullReport]:
    """Pull the named sources (all when ``names`` is empty), one after another."""
    store = SourceStore.for_workspace(workspace)
    wanted = names or [source.name for source in store.list()]
    for name in wanted:
        store.get(name)  # an unknown name is the user's mistake: stop before pulling
    return [pull_source(workspace, name) for name in wanted]
