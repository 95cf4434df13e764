"""Grouping by several workers at once, on PostgreSQL only (docs/parallel-grouping.md).

Each article is claimed (FOR UPDATE SKIP LOCKED) in the transaction that places it, under
advisory locks on its time window and its MinHash bands: two workers never place into the
same candidate stories at once, and a copy never folds onto a copy still being placed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import TypeVar

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newsdesk.config import GroupingSettings
from newsdesk.enrich.embed import embed_texts, headline_and_lead, to_bytes
from newsdesk.group.cluster import time_bucket
from newsdesk.group.dedupe import band_keys, signature
from newsdesk.pipeline.copies import fold_syndicated_copies, link_stubs
from newsdesk.pipeline.enrichment import ENRICH_BATCH
from newsdesk.pipeline.report import IngestReport, Notify, ignore
from newsdesk.pipeline.sentence_vectors import embed_page_sentences
from newsdesk.pipeline.stories import link_story_threads, place_in_story
from newsdesk.store.db import Store
from newsdesk.store.models import Article, utcnow
from newsdesk.store.stories import story_count

# Deadlock and serialisation failures (a re-grouped article whose copies another worker
# holds): the transaction is run again, this many times at most.
RETRIES = 5
RETRYABLE = {"40P01", "40001"}
Result = TypeVar("Result")


def advisory_key(name: str) -> int:
    """The signed 64-bit advisory lock number of a lock name (window, band, threads)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def window_locks(published: datetime | None) -> list[str]:
    """Lock names of the weeks an article's candidate stories lie in: its week and both
    neighbours (undated articles see only undated stories: one lock)."""
    bucket = time_bucket(published)
    if bucket is None:
        return ["w:undated"]
    return [f"w:{week}" for week in (bucket - 1, bucket, bucket + 1)]


def hold_locks(session: Session, names: Iterable[str]) -> None:
    """Take these advisory locks for the transaction, in ascending key order (two
    transactions then never wait on each other's locks in a cycle)."""
    for key in sorted({advisory_key(name) for name in names}):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def retried(run: Callable[[], Result]) -> Result:
    """Run a transaction, again when PostgreSQL aborted it for a deadlock or a
    serialisation failure, up to RETRIES times."""
    for attempt in range(RETRIES + 1):
        try:
            return run()
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) not in RETRYABLE or attempt == RETRIES:
                raise
    raise AssertionError("unreachable")


def group_in_parallel(
    store: Store,
    report: IngestReport,
    grouping: GroupingSettings,
    *,
    batch_size: int = ENRICH_BATCH,
    enriched_only: bool = False,
    on_embedded: Notify = ignore,
    embed_sentences: bool = True,
) -> None:
    """Group pending articles beside any number of other workers doing the same on one
    PostgreSQL store: embed claimed batches, then claim, lock and place one article per
    transaction in publication order; link threads and embed sentences per batch placed."""
    while retried(lambda: _embed_claimed(store, batch_size, enriched_only)):
        pass
    placed: list[int] = []
    touched: set[int] = set()
    while True:
        done = retried(lambda: _place_claimed(store, grouping, enriched_only))
        if done is not None:
            article_id, story_id, copied = done
            placed.append(article_id)
            touched.add(story_id)
            report.copies += copied
        if placed and (done is None or len(placed) >= batch_size):
            retried(partial(_link_threads, store, touched, grouping))
            report.grown |= touched
            if embed_sentences:
                embed_page_sentences(store, report, placed, on_embedded=on_embedded)
            placed, touched = [], set()
        if done is None:
            break
    with store.session() as session:
        report.stories = story_count(session)


def _pending(enriched_only: bool):  # type: ignore[no-untyped-def]
    query = select(Article).where(Article.grouped_at.is_(None))
    if enriched_only:
        query = query.where(Article.is_stub | Article.enriched_at.is_not(None))
    return query


def _embed_claimed(store: Store, batch_size: int, enriched_only: bool) -> bool:
    # Embedding is most of a pass's CPU: claimed batch by batch, it runs on every worker
    # at once. Stubs are done here (embedded, marked grouped), as `embed_stubs` does.
    with store.session() as session:
        claimed = list(
            session.scalars(
                _pending(enriched_only)
                .where(Article.embedding.is_(None) | Article.is_stub)
                .order_by(Article.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True, of=Article)
            )
        )
        unembedded = [a for a in claimed if a.embedding is None]
        vectors = embed_texts([headline_and_lead(a.title, a.text) for a in unembedded])
        for article, vector in zip(unembedded, vectors, strict=True):
            article.embedding = to_bytes(vector)
        for stub in claimed:
            if stub.is_stub:
                stub.grouped_at = utcnow()
        return bool(claimed)


def _place_claimed(
    store: Store, grouping: GroupingSettings, enriched_only: bool
) -> tuple[int, int, bool] | None:
    with store.session() as session:
        article = session.scalars(
            _pending(enriched_only)
            .where(Article.is_stub.is_(False))
            .order_by(Article.published_at.asc().nulls_last(), Article.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=Article)
        ).first()
        if article is None:
            return None
        bands = [f"b:{key}" for key in band_keys(signature(article.text))]
        hold_locks(session, [*window_locks(article.published_at), *bands])
        copied = fold_syndicated_copies(session, article, grouping.copies) != article.id
        link_stubs(session, article)
        story_id = place_in_story(session, article, grouping.stories)
        # With the row lock, set in the same commit: a second worker skips the row while
        # it is placed, then finds it grouped.
        article.grouped_at = utcnow()
        return article.id, story_id, copied


def _link_threads(store: Store, touched: set[int], grouping: GroupingSettings) -> None:
    # One linker at a time: two merges over stale thread ids would split a thread.
    with store.session() as session:
        hold_locks(session, ["threads"])
        link_story_threads(session, touched, grouping.threads)
