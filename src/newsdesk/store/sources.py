"""The feeds newsdesk follows: adding, listing, pausing, scheduling, the fetch log, leases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.errors import SourceError
from newsdesk.store.db import Store
from newsdesk.store.documents import find_or_add_outlet
from newsdesk.store.models import Article, Feed, FeedEntry, FetchLog, Lease, utcnow

ACTIVE = "active"
PAUSED = "paused"
GONE = "gone"
FULL_TEXT_MODES = ("auto", "always", "never")
LOG_KEPT = 100  # fetch log rows kept per feed


@dataclass(frozen=True)
class FeedState:
    """What a fetch needs to know of a feed, read in one go so the fetch holds no session."""

    id: int
    url: str
    kind: str
    outlet: str | None
    etag: str | None
    last_modified: str | None
    full_text: str
    failures: int
    interval_seconds: int
    hub_url: str | None
    websub_state: str | None


class TakenEntry(NamedTuple):
    """An entry (or sitemap page) taken from a feed: its key, link, date and content digest."""

    key: str
    url: str | None
    published: datetime | None
    digest: str | None = None


def add_feed(
    session: Session,
    url: str,
    *,
    kind: str,
    title: str | None = None,
    site_url: str | None = None,
    category: str | None = None,
    outlet: str | None = None,
    full_text: str = "auto",
    interval_seconds: int = 3600,
) -> Feed:
    """Follow a feed or sitemap (due at once); SourceError if it is already followed."""
    if full_text not in FULL_TEXT_MODES:
        raise SourceError(
            f"full text must be one of {', '.join(FULL_TEXT_MODES)}, not {full_text!r}"
        )
    known = session.scalar(select(Feed).where(Feed.url == url))
    if known is not None:
        raise SourceError(f"already following {url} (source {known.id})")
    feed = Feed(
        url=url,
        kind=kind,
        title=title,
        site_url=site_url,
        category=category,
        outlet=find_or_add_outlet(session, outlet) if outlet else None,
        status=ACTIVE,
        full_text=full_text,
        interval_seconds=interval_seconds,
        next_fetch_at=utcnow(),
        failures=0,
    )
    session.add(feed)
    session.flush()
    return feed


def find_feed(session: Session, ref: str | int) -> Feed | None:
    """A followed feed by id or by URL."""
    if isinstance(ref, int) or str(ref).isdigit():
        return session.get(Feed, int(ref))
    return session.scalar(select(Feed).where(Feed.url == ref))


def require_feed(session: Session, ref: str | int) -> Feed:
    """A followed feed by id or URL; SourceError when there is none."""
    feed = find_feed(session, ref)
    if feed is None:
        raise SourceError(f"no source {ref!r} (see `newsdesk source list`)")
    return feed


def list_feeds(session: Session) -> list[Feed]:
    """Every followed feed, by category then id."""
    return list(session.scalars(select(Feed).order_by(Feed.category.nulls_first(), Feed.id)))


def remove_feed(session: Session, feed: Feed) -> None:
    """Stop following a feed; its articles stay, its log and entry memory go."""
    session.delete(feed)


def set_paused(feed: Feed, paused: bool) -> None:
    """Pause a feed, or resume it (a gone or failing one too), due at once."""
    feed.status = PAUSED if paused else ACTIVE
    if not paused:
        feed.failures = 0
        feed.next_fetch_at = utcnow()


def feed_state(feed: Feed) -> FeedState:
    """The snapshot of a feed a fetch works from."""
    return FeedState(
        id=feed.id,
        url=feed.url,
        kind=feed.kind,
        outlet=feed.outlet.name if feed.outlet else None,
        etag=feed.etag,
        last_modified=feed.last_modified,
        full_text=feed.full_text,
        failures=feed.failures,
        interval_seconds=feed.interval_seconds,
        hub_url=feed.hub_url,
        websub_state=feed.websub_state,
    )


def due_feed_ids(session: Session, now: datetime, limit: int | None = None) -> list[int]:
    """Active feeds whose next fetch time has come, most overdue first."""
    query = (
        select(Feed.id)
        .where(Feed.status == ACTIVE, or_(Feed.next_fetch_at.is_(None), Feed.next_fetch_at <= now))
        .order_by(Feed.next_fetch_at.asc().nulls_first(), Feed.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def claim_due(session: Session, feed_id: int, now: datetime, hold: timedelta) -> bool:
    """Push a due feed's next fetch `hold` ahead; True for the one caller that did it.

    Many schedulers may run at once (one per worker): the conditional update lets
    exactly one of them enqueue each due feed.
    """
    result = session.execute(
        update(Feed)
        .where(
            Feed.id == feed_id,
            Feed.status == ACTIVE,
            or_(Feed.next_fetch_at.is_(None), Feed.next_fetch_at <= now),
        )
        .values(next_fetch_at=now + hold)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def known_entry_keys(session: Session, feed_id: int, keys: Iterable[str]) -> dict[str, str | None]:
    """Those of `keys` already taken from this feed, each with the digest of its content
    when taken (None: taken before digests were kept, or a sitemap page)."""
    wanted = list(keys)
    known: dict[str, str | None] = {}
    for first in range(0, len(wanted), 500):
        chunk = wanted[first : first + 500]
        rows = session.execute(
            select(FeedEntry.key, FeedEntry.digest).where(
                FeedEntry.feed_id == feed_id, FeedEntry.key.in_(chunk)
            )
        )
        known.update((key, digest) for key, digest in rows)
    return known


def known_article_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """Those of `urls` some stored article already has (from any feed or file)."""
    wanted = [u for u in urls if u]
    known: set[str] = set()
    for first in range(0, len(wanted), 500):
        chunk = wanted[first : first + 500]
        known.update(u for u in session.scalars(select(Article.url).where(Article.url.in_(chunk))))
    return known


def remember_entries(session: Session, feed_id: int, entries: Iterable[TakenEntry]) -> int:
    """Record entries as taken from this feed, or the new digest of those taken again
    after an update; how many were new."""
    rows = {entry.key: entry for entry in entries}
    known = known_entry_keys(session, feed_id, rows)
    for key, entry in rows.items():
        if key in known:
            if entry.digest is not None and known[key] != entry.digest:
                session.execute(
                    update(FeedEntry)
                    .where(FeedEntry.feed_id == feed_id, FeedEntry.key == key)
                    .values(digest=entry.digest)
                )
            continue
        session.add(
            FeedEntry(
                feed_id=feed_id,
                key=key,
                url=entry.url,
                published_at=entry.published,
                digest=entry.digest,
            )
        )
    session.flush()
    return len(set(rows) - set(known))


def entry_times(session: Session, feed_id: int, since: datetime) -> list[datetime]:
    """When this feed's entries of the window were published (or first seen, undated)."""
    rows = session.execute(
        select(FeedEntry.published_at, FeedEntry.seen_at).where(
            FeedEntry.feed_id == feed_id,
            or_(FeedEntry.published_at >= since, FeedEntry.seen_at >= since),
        )
    )
    return [published or seen for published, seen in rows]


def log_fetch(
    session: Session,
    feed_id: int,
    *,
    started_at: datetime,
    duration_ms: int,
    outcome: str,
    status: int | None = None,
    size: int = 0,
    entries: int = 0,
    new_documents: int = 0,
    error: str | None = None,
) -> None:
    """Append to a feed's fetch log, keeping its newest LOG_KEPT rows."""
    session.add(
        FetchLog(
            feed_id=feed_id,
            started_at=started_at,
            duration_ms=duration_ms,
            outcome=outcome,
            status=status,
            bytes=size,
            entries=entries,
            new_documents=new_documents,
            error=error,
        )
    )
    session.flush()
    cutoff = session.scalar(
        select(FetchLog.id)
        .where(FetchLog.feed_id == feed_id)
        .order_by(FetchLog.id.desc())
        .offset(LOG_KEPT)
        .limit(1)
    )
    if cutoff is not None:
        session.execute(delete(FetchLog).where(FetchLog.feed_id == feed_id, FetchLog.id <= cutoff))


def take_lease(store: Store, name: str, holder: str, ttl: timedelta) -> bool:
    """Hold the lease `name` for `ttl` if it is free, expired, or already `holder`'s.

    Committed at once, so other processes see it; a redelivered job has the same
    holder id and takes its own lease back.
    """
    now = utcnow()
    with store.session() as session:
        result = session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.expires_at <= now, Lease.holder == holder))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            return True
        if session.get(Lease, name) is not None:
            return False
    try:
        with store.session() as session:
            session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False  # another process created it first
    return True


def release_lease(store: Store, name: str, holder: str) -> None:
    """Give a lease back, if `holder` still holds it."""
    with store.session() as session:
        session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
