"""Many synthetic RSS feeds on one local site: short full-content entries, each with a link,
a guid and a date, for the distributed-mode test and the fetch and worker benches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from newsdesk.testing.servers import LocalSite, Reply

# Harbour-town words the synthetic entries are written in (45 per entry).
WORDS = [
    "council",
    "harbour",
    "ferry",
    "storm",
    "market",
    "bridge",
    "river",
    "school",
    "choir",
    "engineers",
    "workers",
    "traders",
    "officials",
    "town",
    "county",
    "road",
    "quay",
    "crane",
    "trawler",
    "lifeboat",
    "volunteers",
]


def rss_feed(title: str, first: int, entries: int, link_for: Callable[[int], str]) -> bytes:
    """An RSS feed titled `title` of `entries` short full-content entries numbered from `first`,
    each linking to `link_for(number)`."""
    start = datetime(2025, 7, 1, tzinfo=UTC)
    items = []
    for n in range(first, first + entries):
        words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(45))
        when = format_datetime(start + timedelta(minutes=n))
        items.append(
            f"<item><title>Report {n}: {WORDS[n % len(WORDS)]} news</title>"
            f"<guid>doc-{n}</guid><link>{link_for(n)}</link>"
            f"<pubDate>{when}</pubDate>"
            f"<description>Number {n}. The {words}.</description></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"{''.join(items)}</channel></rss>"
    ).encode()


def serve_feeds(site: LocalSite, feeds: int, entries: int) -> list[str]:
    """`feeds` RSS feeds of `entries` short full-content entries each; their URLs."""
    urls = []
    for f in range(feeds):
        body = rss_feed(f"Outlet {f}", f * entries, entries, lambda n: site.url(f"/a/{n}.html"))
        site.route(f"/feed{f}.rss", Reply(200, body, {"Content-Type": "application/rss+xml"}))
        urls.append(site.url(f"/feed{f}.rss"))
    return urls
