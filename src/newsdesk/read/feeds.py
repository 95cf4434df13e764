"""The sources newsdesk follows as readers see them: health, schedule and fetch log."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.read.records import FeedRow, FeedView, FetchRecord
from newsdesk.store.models import Feed, FeedEntry, FetchLog
from newsdesk.store.sources import ACTIVE, list_feeds


def feed_rows(session: Session) -> list[FeedRow]:
    """Every followed source (the `source list --json` rows)."""
    return [feed_row(feed) for feed in list_feeds(session)]


def feed_row(feed: Feed) -> FeedRow:
    """A followed source as a list shows it."""
    return FeedRow(
        id=feed.id,
        url=feed.url,
        kind=feed.kind,
        title=feed.title,
        outlet=feed.outlet.name if feed.outlet else None,
        category=feed.category,
        status=feed.status,
        health=feed_health(feed),
        failures=feed.failures,
        last_error=feed.last_error,
        last_fetched_at=feed.last_fetched_at,
        next_fetch_at=feed.next_fetch_at,
        interval_seconds=feed.interval_seconds,
    )


def feed_health(feed: Feed) -> str:
    """One word for how a feed is doing: ok, new, failing, paused or gone."""
    if feed.status != ACTIVE:
        return feed.status
    if feed.failures:
        return "failing"
    return "ok" if feed.last_success_at else "new"


def feed_view(session: Session, feed: Feed, *, log_limit: int = 20) -> FeedView:
    """Every field of a feed, its recent fetch log and entry count (`source show`)."""
    log = session.scalars(
        select(FetchLog)
        .where(FetchLog.feed_id == feed.id)
        .order_by(FetchLog.id.desc())
        .limit(log_limit)
    )
    entries = session.scalar(select(func.count(FeedEntry.id)).where(FeedEntry.feed_id == feed.id))
    return FeedView(
        **dict(feed_row(feed)),
        site_url=feed.site_url,
        full_text=feed.full_text,
        etag=feed.etag,
        last_modified=feed.last_modified,
        last_success_at=feed.last_success_at,
        last_new_at=feed.last_new_at,
        hub_url=feed.hub_url,
        websub_state=feed.websub_state,
        websub_expires_at=feed.websub_expires_at,
        entries_seen=entries or 0,
        created_at=feed.created_at,
        log=[
            FetchRecord(
                started_at=row.started_at,
                outcome=row.outcome,
                status=row.status,
                bytes=row.bytes,
                duration_ms=row.duration_ms,
                entries=row.entries,
                new_documents=row.new_documents,
                error=row.error,
            )
            for row in log
        ],
    )
