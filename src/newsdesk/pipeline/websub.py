"""WebSub into the store: a hub's verification of our subscription, and pushed feed
content ingested entry by entry, as the fetcher would take it."""

from __future__ import annotations

from datetime import timedelta

from newsdesk.config import Settings
from newsdesk.errors import FormatError, NotFound
from newsdesk.extract.feed import parse_feed
from newsdesk.fetch.websub import WEBSUB_LEASE_SECONDS
from newsdesk.ingest.entries import entry_document, needs_page
from newsdesk.ingest.files import InputItem
from newsdesk.pipeline import IngestReport, ingest_item
from newsdesk.pipeline.report import ignore
from newsdesk.store.db import Store
from newsdesk.store.models import Feed, utcnow
from newsdesk.store.sources import (
    TakenEntry,
    known_article_urls,
    known_entry_keys,
    log_fetch,
    remember_entries,
)

# A hub's lease is kept within these bounds: a minute at least (a shorter one would be
# renewed without end), a year at most (a larger number is a mistake or an attack).
MIN_LEASE = 60
MAX_LEASE = 365 * 24 * 60 * 60


def confirm_subscription(
    store: Store, feed_id: int, *, mode: str, topic: str | None, lease_seconds: int | None
) -> None:
    """Record a hub's verification (`mode` subscribe, unsubscribe or denied) of `topic` for
    `feed_id`; NotFound when it is nothing we asked for."""
    with store.session() as session:
        feed = session.get(Feed, feed_id)
        if feed is None or topic != feed.topic_url:
            raise NotFound("unknown subscription")
        if mode == "denied" and feed.websub_state == "pending":
            # Only a subscription still being asked for can be denied: anyone can send this
            # GET, and a working subscription must not be ended by it.
            feed.websub_state = "denied"
        elif mode == "subscribe" and feed.websub_state in ("pending", "subscribed"):
            feed.websub_state = "subscribed"
            lease = min(max(lease_seconds or WEBSUB_LEASE_SECONDS, MIN_LEASE), MAX_LEASE)
            feed.websub_expires_at = utcnow() + timedelta(seconds=lease)
        elif mode == "unsubscribe" and feed.websub_state == "unsubscribing":
            feed.websub_state = None
        else:
            raise NotFound("not expecting that")


def push_secret(store: Store, feed_id: int) -> str | None:
    """The secret a hub signs `feed_id`'s pushes with; None when we hold no subscription."""
    with store.session() as session:
        feed = session.get(Feed, feed_id)
        return feed.websub_secret if feed else None


def ingest_pushed(
    store: Store, feed_id: int, body: bytes, settings: Settings, *, charset: str | None = None
) -> IngestReport:
    """Ingest the new entries of pushed feed content (`charset` from the push's
    Content-Type); summary-only entries make the feed due at once, so the fetcher gets
    their full text."""
    report = IngestReport()
    started = utcnow()
    try:
        parsed = parse_feed(body, charset=charset)
    except FormatError as error:
        with store.session() as session:
            log_fetch(
                session, feed_id, started_at=started, duration_ms=0, outcome="pushed",
                size=len(body), error=f"pushed content unreadable: {error}",
            )  # fmt: skip
        return report
    with store.session() as session:
        feed = session.get_one(Feed, feed_id)
        outlet = feed.outlet.name if feed.outlet else parsed.outlet
        full_text, url = feed.full_text, feed.url
        keys = known_entry_keys(session, feed_id, [e.key for e in parsed.entries])
        urls = known_article_urls(session, [e.url for e in parsed.entries if e.url])
    # An update (same entry, new content) is taken again, as by the fetcher.
    updated = {e.key for e in parsed.entries if keys.get(e.key, e.digest) not in (None, e.digest)}
    fresh = [
        e for e in parsed.entries if (e.key not in keys and e.url not in urls) or e.key in updated
    ]
    ready = [e for e in fresh if not needs_page(e, full_text)]
    for entry in ready:
        document = entry_document(entry, outlet, url)
        ingest_item(store, InputItem(document.origin, document), report, ignore)
    with store.session() as session:
        remember_entries(
            session, feed_id, [TakenEntry(e.key, e.url, e.published, e.digest) for e in ready]
        )
        if len(ready) < len(fresh):
            session.get_one(Feed, feed_id).next_fetch_at = utcnow()
        log_fetch(
            session, feed_id, started_at=started, duration_ms=0, outcome="pushed",
            size=len(body), entries=len(parsed.entries), new_documents=report.new,
        )  # fmt: skip
    return report
