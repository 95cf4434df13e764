"""The feed registry in real stores: claims, leases, the fetch log, and the migration."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from newsdesk.read.feeds import feed_view
from newsdesk.store.db import Store
from newsdesk.store.models import Base, Feed, utcnow
from newsdesk.store.sources import (
    LOG_KEPT,
    TakenEntry,
    add_feed,
    claim_due,
    due_feed_ids,
    log_fetch,
    release_lease,
    remember_entries,
    set_paused,
    take_lease,
)

FETCH_TABLES = {"feeds", "feed_entries", "fetch_log", "leases"}


def test_migration_0007_matches_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)

    def table_of(change: object) -> str | None:
        item = change[0] if isinstance(change, list) else change
        for part in item[1:]:  # type: ignore[index]
            name = getattr(part, "name", None) if not isinstance(part, str) else None
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            if name in FETCH_TABLES:
                return name
        return None

    assert [c for c in diff if table_of(c) in FETCH_TABLES] == []


def test_a_due_feed_is_claimed_once(store: Store) -> None:
    with store.session() as session:
        feed_id = add_feed(session, "https://a.example/feed", kind="feed").id
        add_feed(session, "https://b.example/feed", kind="feed")
    now = utcnow()
    with store.session() as session:
        assert feed_id in due_feed_ids(session, now)
    with store.session() as session:
        assert claim_due(session, feed_id, now, timedelta(minutes=10))
    with store.session() as session:
        assert not claim_due(session, feed_id, now, timedelta(minutes=10))
        assert feed_id not in due_feed_ids(session, now)
        set_paused(session.get_one(Feed, 2), True)
    with store.session() as session:
        assert due_feed_ids(session, now) == []


def test_a_lease_has_one_holder_until_it_expires(store: Store) -> None:
    assert take_lease(store, "feed:1", "worker-a", timedelta(minutes=5))
    assert not take_lease(store, "feed:1", "worker-b", timedelta(minutes=5))
    assert take_lease(store, "feed:1", "worker-a", timedelta(minutes=5))  # its own, again
    release_lease(store, "feed:1", "worker-b")  # not b's to give back
    assert not take_lease(store, "feed:1", "worker-b", timedelta(minutes=5))
    release_lease(store, "feed:1", "worker-a")
    assert take_lease(store, "feed:1", "worker-b", timedelta(seconds=-1))
    assert take_lease(store, "feed:1", "worker-c", timedelta(minutes=5))  # b's expired


def test_the_fetch_log_keeps_the_newest_rows(store: Store) -> None:
    with store.session() as session:
        feed = add_feed(session, "https://a.example/feed", kind="feed")
        for n in range(LOG_KEPT + 5):
            log_fetch(
                session, feed.id, started_at=utcnow(), duration_ms=n, outcome="ok", status=200
            )
        record = feed_view(session, feed, log_limit=500).model_dump()
    assert len(record["log"]) == LOG_KEPT
    assert record["log"][0]["duration_ms"] == LOG_KEPT + 4


def test_entries_are_remembered_once(store: Store) -> None:
    with store.session() as session:
        feed = add_feed(session, "https://a.example/feed", kind="feed")
        k1, k2, k3 = (
            TakenEntry("k1", "u1", None),
            TakenEntry("k2", None, None),
            TakenEntry("k3", None, None),
        )
        assert remember_entries(session, feed.id, [k1, k2]) == 2
        assert remember_entries(session, feed.id, [k1, k3]) == 1
        assert feed_view(session, feed).entries_seen == 3
