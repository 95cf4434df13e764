"""Following a source: discover what a URL is (feed, site, sitemap), add it, OPML in and out."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsdesk.config import Settings
from newsdesk.errors import FetchError, FormatError, InputError, SourceError
from newsdesk.extract.discovery import FEED, SITEMAP, feed_links, sniff_kind
from newsdesk.extract.feed import parse_feed
from newsdesk.extract.opml import Subscription, parse_opml, render_opml
from newsdesk.extract.sitemap import parse_sitemap
from newsdesk.fetch.client import Fetcher
from newsdesk.fetch.safety import Resolver, check_url, check_url_syntax
from newsdesk.read.feeds import feed_view
from newsdesk.read.records import FeedView
from newsdesk.store.db import Store
from newsdesk.store.models import Feed
from newsdesk.store.sources import add_feed, list_feeds


@dataclass(frozen=True)
class Discovered:
    """What a URL turned out to be: the feed or sitemap to follow, and what it says of itself."""

    url: str
    kind: str
    title: str | None = None
    site_url: str | None = None
    outlet: str | None = None


async def discover(fetcher: Fetcher, url: str) -> Discovered:
    """The feed or sitemap at `url`, or the feed a page there advertises; SourceError if none."""
    response = await fetcher.get(url)
    kind = sniff_kind(response.mime, response.body)
    where = response.moved_to or url
    if kind == FEED:
        try:
            parsed = parse_feed(response.body, charset=response.charset)
        except FormatError as error:
            raise SourceError(f"{url}: {error}") from None
        return Discovered(where, FEED, parsed.title, parsed.site_url, parsed.outlet)
    if kind == SITEMAP:
        try:
            sitemap = parse_sitemap(response.body, response.final_url)
        except FormatError as error:
            raise SourceError(f"{url}: {error}") from None
        outlet = next((p.outlet for p in sitemap.pages if p.outlet), None)
        return Discovered(where, SITEMAP, outlet, None, outlet or urlsplit(url).hostname)
    links = feed_links(response.body, response.final_url)
    problems = []
    for link in links:
        try:
            feed_response = await fetcher.get(link.url)
            parsed = parse_feed(feed_response.body, charset=feed_response.charset)
        except (FetchError, FormatError) as error:
            problems.append(f"{link.url}: {error}")
            continue
        site = parsed.site_url or response.final_url
        return Discovered(
            feed_response.moved_to or link.url, FEED, parsed.title, site, parsed.outlet
        )
    if problems:
        raise SourceError(f"{url}: the feeds this page advertises fail: " + "; ".join(problems))
    raise SourceError(
        f"{url}: no feed found: the page advertises no RSS, Atom or JSON Feed "
        '(<link rel="alternate">); give the feed\'s own URL, or a sitemap'
    )


def add_source(
    store: Store,
    settings: Settings,
    url: str,
    *,
    category: str | None = None,
    full_text: str = "auto",
    resolver: Resolver | None = None,
) -> FeedView:
    """Discover and follow `url`; the new source's record. UnsafeURLError, FetchError or
    SourceError say why not."""
    url = url.strip()
    if resolver is None:
        check_url(url, settings)  # a clear refusal before any request

    async def run() -> Discovered:
        async with Fetcher(settings.fetch, settings.max_input_bytes, resolver=resolver) as fetcher:
            return await discover(fetcher, url)

    found = asyncio.run(run())
    with store.session() as session:
        feed = add_feed(
            session,
            found.url,
            kind=found.kind,
            title=found.title,
            site_url=found.site_url,
            category=category,
            outlet=found.outlet,
            full_text=full_text,
            interval_seconds=settings.fetch.min_interval_seconds,
        )
        return feed_view(session, feed)


@dataclass
class ImportReport:
    """What an OPML import did: sources added, already followed, refused (with why)."""

    added: int = 0
    known: int = 0
    refused: list[str] | None = None


def import_opml(
    store: Store, settings: Settings, data: bytes, *, origin: str = "the OPML file"
) -> ImportReport:
    """Follow every feed an OPML file lists, with its category; known ones are skipped.

    Nothing is fetched now (a list may hold thousands); each URL is checked for its
    form here and for its address when fetched. InputError (naming `origin`) when the
    file is not OPML.
    """
    report = ImportReport(refused=[])
    try:
        subscriptions = parse_opml(data)
    except FormatError as error:
        raise InputError(f"{origin}: {error}") from None
    for subscription in subscriptions:
        try:
            check_url_syntax(subscription.url, settings.fetch)
        except FetchError as error:
            report.refused.append(str(error))  # type: ignore[union-attr]
            continue
        with store.session() as session:
            if session.query(Feed.id).filter(Feed.url == subscription.url).first():
                report.known += 1
                continue
            add_feed(
                session,
                subscription.url,
                kind=subscription.kind,
                title=subscription.title,
                site_url=subscription.site_url,
                category=subscription.category,
                interval_seconds=settings.fetch.min_interval_seconds,
            )
        report.added += 1
    return report


def export_opml(store: Store) -> bytes:
    """Every followed source as OPML 2.0, folders by category."""
    with store.session() as session:
        subscriptions = [
            Subscription(
                url=feed.url,
                title=feed.title,
                site_url=feed.site_url,
                category=feed.category,
                kind=feed.kind,
            )
            for feed in list_feeds(session)
        ]
    return render_opml(subscriptions)
