"""Storing documents and their articles: the cost of one more feed entry stays the same."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import Store
from newsdesk.testing.feeds import rss_feed
from newsdesk.types import IngestHints


@dataclass
class Work:
    """What the database was asked to do: statements sent and session flushes."""

    statements: int = 0
    flushes: int = 0


@contextmanager
def counting(store: Store) -> Iterator[Work]:
    """Count the statements and flushes made while the block runs."""
    work = Work()

    def on_statement(*_: Any) -> None:
        work.statements += 1

    def on_flush(*_: Any) -> None:
        work.flushes += 1

    event.listen(store.engine, "before_cursor_execute", on_statement)
    event.listen(Session, "after_flush", on_flush)
    try:
        yield work
    finally:
        event.remove(store.engine, "before_cursor_execute", on_statement)
        event.remove(Session, "after_flush", on_flush)


def _ingest_feed(store: Store, settings: Settings, folder: Path, entries: int) -> Work:
    feed = folder / f"feed-{entries}.rss"
    feed.write_bytes(
        rss_feed(f"Courier {entries}", entries * 10, entries, lambda n: f"https://e.test/{n}")
    )
    with counting(store) as work:
        report = ingest_paths(store, [feed], IngestHints(), settings, enrich=False)
    assert (report.new, report.articles) == (1, entries)
    return work


def test_a_feed_entry_costs_the_same_in_a_long_feed_as_in_a_short_one(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    short = _ingest_feed(store, settings, tmp_path, 20)
    long = _ingest_feed(store, settings, tmp_path, 400)
    # A flush walks every article the session holds for the document, so flushing once per
    # entry made a feed's cost grow with the square of its length: a feed is flushed a
    # fixed number of times, however long.
    assert long.flushes == short.flushes
    # And the statements grow with the entries at a flat rate (inserts may be batched).
    assert long.statements - short.statements <= 2 * (400 - 20)
