"""Grouping by several workers at once, on PostgreSQL only (docs/parallel-grouping.md).

Each article is claimed (FOR UPDATE SKIP LOCKED) in the transaction that places it, under
advisory locks on its time window and its MinHash bands: two workers never place into the
same candidate stories at once, and a copy never folds onto a copy still being placed.
Articles whose windows overlap are placed in one worker's order (publication, then id):
a claim is given back while an earlier article of an overlapping window is pending.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import ColumnElement, and_, or_, select, text
from sqlalchemy.orm import Session

from newsdesk.config import GroupingSettings
from newsdesk.group.cluster import time_bucket, week_start
from newsdesk.group.dedupe import band_keys, signature
from newsdesk.pipeline.copies import fold_syndicated_copies, link_stubs
from newsdesk.pipeline.embedding import embed_articles
from newsdesk.pipeline.enrichment import ENRICH_BATCH
from newsdesk.pipeline.entities import join_story_names
from newsdesk.pipeline.report import IngestReport, Notify, ignore
from newsdesk.pipeline.sentence_vectors import embed_page_sentences
from newsdesk.pipeline.stories import link_story_threads, place_in_story
from newsdesk.store.db import Store, retried
from newsdesk.store.models import Article, utcnow
from newsdesk.store.stories import story_count


@dataclass(frozen=True)
class Placement:
    """What one placement transaction did with its claimed article: placed it in a story,
    or gave the claim back (`waits_for`: the earlier article of an overlapping window
    still pending, which must be placed first)."""

    article_id: int
    story_id: int | None = None
    copied: bool = False
    waits_for: int | None = None


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
    """Take these advisory locks for the transaction, in ascending key order. Every
    transaction takes its window locks first, then its band locks, each call in this
    order: two transactions then never wait on each other's locks in a cycle."""
    for key in sorted({advisory_key(name) for name in names}):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


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
        if done is not None and done.waits_for is not None:
            _wait_for_claim(store, done.waits_for)
            continue
        if done is not None and done.story_id is not None:
            placed.append(done.article_id)
            touched.add(done.story_id)
            report.copies += done.copied
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
    return select(Article).where(*_pending_where(enriched_only))


def _pending_where(enriched_only: bool) -> list[ColumnElement[bool]]:
    where = [Article.grouped_at.is_(None)]
    if enriched_only:
        where.append(Article.is_stub | Article.enriched_at.is_not(None))
    return where


def _embed_claimed(store: Store, batch_size: int, enriched_only: bool) -> bool:
    # Embedding is most of a pass's CPU: claimed batch by batch, it runs on every worker
    # at once. Stubs are done here (embedded, marked grouped), as `embed_stubs` does.
    with store.session() as session:
        claimed = list(
            session.scalars(
                _pending(enriched_only)
                .where(_unembedded() | Article.is_stub)
                .order_by(Article.id)
                .limit(batch_size)
                .with_for_update(skip_locked=True, of=Article)
            )
        )
        # Both vectors, by the serial path's own step: foreign articles are compared by
        # the multilingual one (group.cluster.compared_vectors).
        embed_articles(session, [a for a in claimed if _lacks_vectors(a)])
        for stub in claimed:
            if stub.is_stub:
                stub.grouped_at = utcnow()
        return bool(claimed)


def _unembedded() -> ColumnElement[bool]:
    return Article.embedding.is_(None) | Article.embedding_multilingual.is_(None)


def _lacks_vectors(article: Article) -> bool:
    return article.embedding is None or article.embedding_multilingual is None


def _place_claimed(
    store: Store, grouping: GroupingSettings, enriched_only: bool
) -> Placement | None:
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
        if _lacks_vectors(article):
            # Enriched after this worker's embedding passes (live traffic): embedded here,
            # kept even if the claim is given back.
            embed_articles(session, [article])
        hold_locks(session, window_locks(article.published_at))
        earlier = _earlier_pending(session, article, enriched_only)
        if earlier is not None:
            # Placing now would put this article before an earlier one that may join the
            # same stories: online grouping follows arrival order, so one worker's
            # results hold only if overlapping windows place in its order. The claim and
            # the window locks end with this commit.
            return Placement(article.id, waits_for=earlier)
        sig = signature(article.text)
        hold_locks(session, [f"b:{key}" for key in band_keys(sig)])
        copied = fold_syndicated_copies(session, article, grouping.copies, sig) != article.id
        link_stubs(session, article)
        story_id = place_in_story(session, article, grouping.stories)
        # With the row lock, set in the same commit: a second worker skips the row while
        # it is placed, then finds it grouped.
        article.grouped_at = utcnow()
        return Placement(article.id, story_id, copied)


def _earlier_pending(session: Session, article: Article, enriched_only: bool) -> int | None:
    # Pending articles before this one in placement order whose window locks overlap its
    # own: dated ones from two weeks before its week (their weeks and neighbours meet its
    # own); for an undated article, every dated one and the undated ones before it, since
    # one worker places undated articles last, when every dated one is counted.
    published = article.published_at
    if published is None:
        earlier = or_(Article.published_at.is_not(None), Article.id < article.id)
    else:
        bucket = time_bucket(published)
        assert bucket is not None
        earlier = and_(
            Article.published_at >= week_start(bucket - 2),
            or_(
                Article.published_at < published,
                and_(Article.published_at == published, Article.id < article.id),
            ),
        )
    query = (
        select(Article.id)
        .where(*_pending_where(enriched_only), Article.is_stub.is_(False), earlier)
        .order_by(Article.published_at.asc().nulls_last(), Article.id)
        .limit(1)
    )
    return session.scalar(query)


def _wait_for_claim(store: Store, article_id: int) -> None:
    # Blocks until the worker holding this article's claim commits or gives it back, so a
    # worker that gave its own claim back waits instead of claiming it again at once.
    with store.session() as session:
        session.execute(
            select(Article.id).where(Article.id == article_id).with_for_update(read=True)
        )


def _link_threads(store: Store, touched: set[int], grouping: GroupingSettings) -> None:
    # One linker at a time: two merges over stale thread ids would split a thread.
    with store.session() as session:
        hold_locks(session, ["threads"])
        link_story_threads(session, touched, grouping.threads)
        join_story_names(session, touched)
