"""Fetching into the store: a followed source, every source that is due, or one URL.

The network half (`harvest_feed`) holds no database session; the store half
(`apply_harvest`, `record_failure`) writes the log, the schedule and the documents.
Documents go through the pipeline's `ingest_item`, or to a queue in distributed mode.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from newsdesk.config import Settings
from newsdesk.errors import FetchError, FormatError, HTTPStatusError
from newsdesk.extract.discovery import FEED, SITEMAP, sniff_kind
from newsdesk.extract.feed import Entry, entry_key, parse_feed
from newsdesk.extract.sitemap import parse_sitemap
from newsdesk.fetch.client import PAGE_ACCEPT, FetchedResponse, Fetcher
from newsdesk.fetch.safety import Resolver
from newsdesk.fetch.schedule import (
    WINDOW,
    adaptive_interval,
    cache_max_age,
    failure_backoff,
    next_fetch,
    server_wait,
)
from newsdesk.fetch.url import fetch_url_document
from newsdesk.fetch.websub import callback_url, subscribe
from newsdesk.ingest.entries import entry_document, needs_page, page_document
from newsdesk.ingest.files import InputItem
from newsdesk.pipeline import IngestReport, enrich_pending, group_pending, ingest_item
from newsdesk.pipeline.images import fetch_images
from newsdesk.pipeline.ingest import ingest_document
from newsdesk.pipeline.report import OnProblem, ignore
from newsdesk.pipeline.views import build_page_views
from newsdesk.store.db import Store
from newsdesk.store.documents import find_or_add_outlet
from newsdesk.store.models import Feed, utcnow
from newsdesk.store.sources import (
    GONE,
    FeedState,
    TakenEntry,
    claim_due,
    due_feed_ids,
    entry_times,
    feed_state,
    known_article_urls,
    known_entry_keys,
    log_fetch,
    remember_entries,
)
from newsdesk.types import RawDocument

# Pages fetched per sitemap visit, newest first: a first visit to a big site must not
# become a crawl of its archive.
MAX_SITEMAP_PAGES = 50
MAX_CHILD_SITEMAPS = 3
# How long a claimed feed stays claimed when its fetcher dies before recording anything.
CLAIM_HOLD = timedelta(minutes=10)

# Hands one document to the pipeline; True when it was new.
Deliver = Callable[[InputItem], bool]


@dataclass
class Harvest:
    """What one fetch of a feed brought: the response, the entries, documents to ingest."""

    started_at: datetime
    response: FetchedResponse | None = None
    title: str | None = None
    outlet: str | None = None
    site_url: str | None = None
    ttl_minutes: int | None = None
    hub_url: str | None = None
    topic_url: str | None = None
    entries: int = 0
    documents: list[RawDocument] = field(default_factory=list)
    remembered: list[TakenEntry] = field(default_factory=list)
    published: list[datetime] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class FeedReport:
    """How one feed's fetch ended, for the CLI and the worker's log."""

    feed_id: int
    url: str
    outcome: str
    status: int | None = None
    entries: int = 0
    new_documents: int = 0
    error: str | None = None


@dataclass
class CycleReport:
    """One pass over the due feeds, and the pipeline's report of what they brought."""

    feeds: list[FeedReport] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def failed(self) -> int:
        """Feeds whose fetch ended in an error."""
        return sum(f.outcome in ("error", "gone") for f in self.feeds)


Known = Callable[[int, list[str], list[str]], tuple[dict[str, str | None], set[str]]]


def store_known(store: Store) -> Known:
    """Looks up, for a feed, which entry keys (with their digests) and article URLs are
    already known."""

    def known(
        feed_id: int, keys: list[str], urls: list[str]
    ) -> tuple[dict[str, str | None], set[str]]:
        with store.session() as session:
            return known_entry_keys(session, feed_id, keys), known_article_urls(session, urls)

    return known


async def harvest_feed(
    fetcher: Fetcher, state: FeedState, known: Known, settings: Settings
) -> Harvest:
    """Fetch a feed or sitemap and the pages its new entries need; raises FetchError, or
    FormatError when the source is not what it was followed as."""
    harvest = Harvest(started_at=utcnow())
    response = await fetcher.get(state.url, etag=state.etag, last_modified=state.last_modified)
    harvest.response = response
    if response.not_modified:
        return harvest
    kind = sniff_kind(response.mime, response.body)
    if state.kind == SITEMAP:
        if kind != SITEMAP:
            raise FormatError(f"not a sitemap: the server sent {_what(kind, response)}")
        await _harvest_sitemap(fetcher, state, response, known, harvest)
        return harvest
    if kind != FEED:
        raise FormatError(f"not a feed: the server sent {_what(kind, response)}")
    parsed = parse_feed(response.body, charset=response.charset)
    harvest.title, harvest.site_url = parsed.title, parsed.site_url
    harvest.outlet = state.outlet or parsed.outlet
    harvest.ttl_minutes = parsed.ttl_minutes
    harvest.hub_url, harvest.topic_url = parsed.hub_url, parsed.self_url or state.url
    harvest.warnings.extend(parsed.warnings)
    harvest.entries = len(parsed.entries)
    harvest.published = [e.published for e in parsed.entries if e.published]
    await _harvest_entries(fetcher, state, parsed.entries, known, harvest)
    return harvest


async def _harvest_entries(
    fetcher: Fetcher, state: FeedState, entries: list[Entry], known: Known, harvest: Harvest
) -> None:
    keys, urls = known(state.id, [e.key for e in entries], [e.url for e in entries if e.url])
    # An entry whose content changed since it was taken is an update: taken again, its
    # article gets the new version (entries taken before digests were kept only get one).
    updated = {e.key for e in entries if keys.get(e.key, e.digest) not in (None, e.digest)}
    fresh = [e for e in entries if e.key not in keys or e.key in updated]
    fetched_at = utcnow()

    async def document_for(entry: Entry) -> RawDocument | None:
        if entry.url in urls and entry.key not in updated:
            return None  # another feed or an ingested file brought this article already
        if needs_page(entry, state.full_text):
            try:
                page = await fetcher.get(entry.url or "", accept=PAGE_ACCEPT)
                return page_document(
                    page.body,
                    entry.url or page.final_url,
                    outlet=harvest.outlet,
                    published=entry.published,
                    fetched_at=fetched_at,
                )
            except FetchError as error:
                # The summary is better than nothing: keep it, and say why.
                harvest.warnings.append(f"full text of {entry.url} not fetched: {error.reason}")
        return entry_document(entry, harvest.outlet, state.url)

    documents = await asyncio.gather(*(document_for(e) for e in fresh))
    harvest.documents = [d for d in documents if d is not None]
    harvest.remembered = [
        TakenEntry(e.key, e.url, e.published, e.digest)
        for e in entries
        if e.key not in keys or keys[e.key] != e.digest
    ]


async def _harvest_sitemap(
    fetcher: Fetcher, state: FeedState, response: FetchedResponse, known: Known, harvest: Harvest
) -> None:
    sitemap = parse_sitemap(response.body, response.final_url)
    pages = list(sitemap.pages)
    children = sorted(sitemap.sitemaps, key=_newest_first)[:MAX_CHILD_SITEMAPS]
    for child in children:
        try:
            child_response = await fetcher.get(child.url)
            pages.extend(parse_sitemap(child_response.body, child_response.final_url).pages)
        except (FetchError, FormatError) as error:
            harvest.warnings.append(f"sitemap {child.url} skipped: {error}")
    harvest.entries = len(pages)
    harvest.outlet = state.outlet or next((p.outlet for p in pages if p.outlet), None)
    harvest.published = [p.published or p.modified for p in pages if p.published or p.modified]  # type: ignore[misc]
    keyed = {entry_key(None, p.url, p.url): p for p in pages}
    keys, urls = known(state.id, list(keyed), [p.url for p in pages])
    fresh = sorted((p for k, p in keyed.items() if k not in keys), key=_newest_first)
    fresh = fresh[:MAX_SITEMAP_PAGES]
    fetched_at = utcnow()

    async def page_for(key: str, url: str, outlet: str | None, published: datetime | None) -> None:
        if url in urls:
            harvest.remembered.append(TakenEntry(key, url, published))
            return
        try:
            page = await fetcher.get(url, accept=PAGE_ACCEPT)
        except FetchError as error:
            harvest.warnings.append(f"{url} not fetched: {error.reason}")
            return  # not remembered: tried again next time
        harvest.documents.append(
            page_document(page.body, url, outlet=outlet, published=published, fetched_at=fetched_at)
        )
        harvest.remembered.append(TakenEntry(key, url, published))

    await asyncio.gather(
        *(
            page_for(
                entry_key(None, p.url, p.url),
                p.url,
                harvest.outlet or p.outlet,
                p.published or p.modified,
            )
            for p in fresh
        )
    )


async def subscribe_if_needed(
    store: Store, fetcher: Fetcher, state: FeedState, harvest: Harvest, settings: Settings
) -> None:
    """Subscribe to the hub a feed names, when WebSub is configured and not yet done.

    The secret and "pending" are stored before asking: a hub may verify at once.
    """
    base = settings.fetch.websub_callback_url
    if not (base and harvest.hub_url and harvest.topic_url):
        return
    if state.websub_state in ("pending", "subscribed") and state.hub_url == harvest.hub_url:
        return
    secret = secrets.token_hex(20)
    with store.session() as session:
        feed = session.get(Feed, state.id)
        if feed is None:
            return
        feed.hub_url, feed.topic_url = harvest.hub_url, harvest.topic_url
        feed.websub_secret, feed.websub_state = secret, "pending"
    try:
        await subscribe(
            fetcher,
            harvest.hub_url,
            topic=harvest.topic_url,
            callback=callback_url(base, state.id),
            secret=secret,
        )
    except FetchError as error:
        with store.session() as session:
            feed = session.get(Feed, state.id)
            if feed is not None:
                feed.websub_state = "failed"
                log_fetch(
                    session, feed.id, started_at=utcnow(), duration_ms=0, outcome="error",
                    error=f"WebSub subscription to {harvest.hub_url} failed: {error.reason}",
                )  # fmt: skip


def apply_harvest(
    store: Store, state: FeedState, harvest: Harvest, settings: Settings, deliver: Deliver
) -> FeedReport:
    """Hand the harvest's documents to the pipeline, remember its entries, log the fetch,
    and set the feed's next fetch by how often it publishes."""
    response = harvest.response
    assert response is not None
    new = sum(deliver(InputItem(doc.origin, doc)) for doc in harvest.documents)
    now = utcnow()
    duration = int((now - harvest.started_at).total_seconds() * 1000)
    outcome = "not_modified" if response.not_modified else "ok"
    warning = "; ".join(harvest.warnings) or None
    with store.session() as session:
        feed = session.get(Feed, state.id)
        if feed is None:
            return FeedReport(state.id, state.url, "removed")
        if harvest.remembered:
            remember_entries(session, feed.id, harvest.remembered)
        _update_feed(session, feed, harvest, response, new, now)
        wait = server_wait(
            ttl_minutes=harvest.ttl_minutes,
            max_age=cache_max_age(response.headers.get("cache-control")),
            retry_after=None,
        )
        if not response.not_modified:
            times = entry_times(session, feed.id, now - WINDOW) + harvest.published
            feed.interval_seconds = adaptive_interval(
                set(times), now, settings.fetch.min_interval_seconds,
                settings.fetch.max_interval_seconds,
            )  # fmt: skip
        feed.next_fetch_at = next_fetch(now, feed.interval_seconds, wait)
        log_fetch(
            session,
            feed.id,
            started_at=harvest.started_at,
            duration_ms=duration,
            outcome=outcome,
            status=response.status,
            size=response.wire_bytes,
            entries=harvest.entries,
            new_documents=new,
            error=warning,
        )
    return FeedReport(state.id, state.url, outcome, response.status, harvest.entries, new, warning)


def _update_feed(
    session: object,
    feed: Feed,
    harvest: Harvest,
    response: FetchedResponse,
    new: int,
    now: datetime,
) -> None:
    feed.failures = 0
    feed.last_error = None
    feed.last_fetched_at = feed.last_success_at = now
    if new:
        feed.last_new_at = now
    if response.not_modified:
        return
    feed.etag = response.etag
    feed.last_modified = response.last_modified
    if response.moved_to and response.moved_to != feed.url:
        feed.url = response.moved_to  # a permanent redirect: follow the feed where it went
    feed.title = feed.title or harvest.title
    feed.site_url = feed.site_url or harvest.site_url
    if feed.outlet is None and harvest.outlet:
        feed.outlet = find_or_add_outlet(session, harvest.outlet)  # type: ignore[arg-type]
    if harvest.hub_url and not feed.hub_url:
        feed.hub_url, feed.topic_url = harvest.hub_url, harvest.topic_url


def record_failure(
    store: Store, state: FeedState, error: Exception, started_at: datetime, settings: Settings
) -> FeedReport:
    """Log a failed fetch and back the feed off; a 410 marks it gone. Nothing stored is touched."""
    now = utcnow()
    status = error.status if isinstance(error, HTTPStatusError) else None
    retry_after = error.retry_after if isinstance(error, FetchError) else None
    reason = error.reason if isinstance(error, FetchError) else str(error)
    gone = status == 410
    with store.session() as session:
        feed = session.get(Feed, state.id)
        if feed is None:
            return FeedReport(state.id, state.url, "removed")
        feed.failures += 1
        feed.last_error = reason
        feed.last_fetched_at = now
        if gone:
            feed.status = GONE
            feed.next_fetch_at = None
        else:
            backoff = failure_backoff(
                feed.failures,
                settings.fetch.min_interval_seconds,
                settings.fetch.max_interval_seconds,
                retry_after,
            )
            feed.next_fetch_at = now + timedelta(seconds=backoff)
        log_fetch(
            session,
            feed.id,
            started_at=started_at,
            duration_ms=int((now - started_at).total_seconds() * 1000),
            outcome="gone" if gone else "error",
            status=status,
            error=reason,
        )
    return FeedReport(state.id, state.url, "gone" if gone else "error", status, error=reason)


async def fetch_feed(
    store: Store, fetcher: Fetcher, feed_id: int, settings: Settings, deliver: Deliver
) -> FeedReport:
    """Fetch one feed now and apply what came back (or record why nothing did)."""
    with store.session() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            return FeedReport(feed_id, "", "removed")
        state = feed_state(feed)
    started = utcnow()
    try:
        harvest = await harvest_feed(fetcher, state, store_known(store), settings)
    except (FetchError, FormatError) as error:
        return record_failure(store, state, error, started, settings)
    except Exception as error:
        # A feed no rule foresaw is that source's error, kept on it; the other feeds go on.
        unforeseen = FormatError(f"could not read the feed: {type(error).__name__}: {error}")
        return record_failure(store, state, unforeseen, started, settings)
    report = apply_harvest(store, state, harvest, settings, deliver)
    await subscribe_if_needed(store, fetcher, state, harvest, settings)
    return report


def in_process(store: Store, report: IngestReport, on_problem: OnProblem = ignore) -> Deliver:
    """Deliver documents straight into the pipeline in this process."""

    def deliver(item: InputItem) -> bool:
        before = report.new
        ingest_item(store, item, report, on_problem)
        return report.new > before

    return deliver


def claim_due_feeds(store: Store, now: datetime, limit: int | None = None) -> list[int]:
    """Claim the feeds due now (so no other scheduler takes them) and return their ids."""
    with store.session() as session:
        candidates = due_feed_ids(session, now, limit)
    claimed = []
    for feed_id in candidates:
        with store.session() as session:
            if claim_due(session, feed_id, now, CLAIM_HOLD):
                claimed.append(feed_id)
    return claimed


async def fetch_due(
    store: Store,
    settings: Settings,
    *,
    deliver: Deliver | None = None,
    resolver: Resolver | None = None,
    feed_ids: list[int] | None = None,
    on_feed: Callable[[FeedReport], None] | None = None,
) -> CycleReport:
    """Fetch every due feed (or the given ones) concurrently, within the global and
    per-host limits, ingesting as each completes."""
    report = CycleReport()
    deliver = deliver or in_process(store, report.ingest)
    ids = feed_ids if feed_ids is not None else claim_due_feeds(store, utcnow())
    gate = asyncio.Semaphore(max(1, settings.fetch.concurrency))
    async with Fetcher(settings.fetch, settings.max_input_bytes, resolver=resolver) as fetcher:

        async def one(feed_id: int) -> None:
            async with gate:
                outcome = await fetch_feed(store, fetcher, feed_id, settings, deliver)
            report.feeds.append(outcome)
            if on_feed:
                on_feed(outcome)

        await asyncio.gather(*(one(i) for i in ids))
    return report


def fetch_once(
    store: Store,
    settings: Settings,
    *,
    enrich: bool = True,
    resolver: Resolver | None = None,
    on_feed: Callable[[FeedReport], None] | None = None,
    on_problem: OnProblem = ignore,
) -> CycleReport:
    """Fetch everything due, ingest it, then enrich and group it (`newsdesk fetch --once`)."""
    report = CycleReport()
    deliver = in_process(store, report.ingest, on_problem)
    cycle = asyncio.run(
        fetch_due(store, settings, deliver=deliver, resolver=resolver, on_feed=on_feed)
    )
    report.feeds = cycle.feeds
    if enrich and report.ingest.new:
        enrich_pending(store, report.ingest, on_problem=on_problem)
        group_pending(store, report.ingest, settings.grouping)
        fetch_images(
            store, settings, report.ingest.added, into=report.ingest, on_problem=on_problem,
            resolver=resolver,
        )  # fmt: skip
        build_page_views(store, settings, report.ingest.grown)
    return report


def ingest_url(store: Store, url: str, settings: Settings, *, enrich: bool = True) -> IngestReport:
    """Fetch `url` and ingest it like a file (idempotent by its bytes), then enrich and group."""
    document = fetch_url_document(url, settings)
    return ingest_document(store, document, settings, enrich=enrich, images=True).report


def _newest_first(entry: object) -> float:
    moment = getattr(entry, "published", None) or getattr(entry, "modified", None)
    return -moment.timestamp() if moment else 0.0


def _what(kind: str, response: FetchedResponse) -> str:
    if kind == "page":
        return f"an HTML page ({response.mime or 'no type'}) where a feed was expected"
    if kind == SITEMAP:
        return "a sitemap where a feed was expected"
    return f"{response.mime or 'an unknown type'}"
