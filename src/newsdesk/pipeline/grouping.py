"""The grouping stage: embeddings, syndicated copies, stubs, stories and threads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from sqlalchemy import or_, select

from newsdesk.config import GroupingSettings
from newsdesk.pipeline.copies import fold_syndicated_copies, link_stubs
from newsdesk.pipeline.embedding import embed_articles
from newsdesk.pipeline.enrichment import ENRICH_BATCH
from newsdesk.pipeline.entities import forget_story_names, join_story_names
from newsdesk.pipeline.parallel_grouping import group_in_parallel
from newsdesk.pipeline.report import IngestReport, Notify, ignore
from newsdesk.pipeline.sentence_vectors import embed_page_sentences
from newsdesk.pipeline.stories import link_story_threads, place_in_story, relink_threads
from newsdesk.read.article_vectors import CURRENT_MODELS
from newsdesk.store.anchors import detach_from_stories, reattach_to_stories
from newsdesk.store.db import Store
from newsdesk.store.models import Article, utcnow
from newsdesk.store.sources import release_lease, take_lease
from newsdesk.store.stories import clear_stories, story_count
from newsdesk.store.vectors import forget_vectors, record_model, recorded_models

# The grouping lease is renewed before each batch of a pass (a few seconds of work), so a
# dead holder's lease is free again within this long.
GROUPING_LEASE = timedelta(minutes=1)


def group_under_lease(
    store: Store,
    report: IngestReport,
    grouping: GroupingSettings,
    holder: str,
    *,
    enriched_only: bool = False,
) -> bool:
    """Group what is pending while holding the store's one grouping lease as `holder`,
    renewed before each batch; False, with nothing done, when another process holds it
    (placement is sequential: two passes at once could split a story between them).
    With `grouping.parallel` on PostgreSQL no lease is taken: workers claim and lock
    articles and group at once."""
    if grouping.parallel and store.engine.dialect.name == "postgresql":
        group_in_parallel(store, report, grouping, enriched_only=enriched_only)
        return True
    if not take_lease(store, "grouping", holder, GROUPING_LEASE):
        return False
    try:
        group_pending(
            store,
            report,
            grouping,
            enriched_only=enriched_only,
            still_mine=lambda: take_lease(store, "grouping", holder, GROUPING_LEASE),
        )
    finally:
        release_lease(store, "grouping", holder)
    return True


def group_pending(
    store: Store,
    report: IngestReport,
    grouping: GroupingSettings,
    *,
    batch_size: int = ENRICH_BATCH,
    enriched_only: bool = False,
    still_mine: Callable[[], bool] | None = None,
    on_embedded: Notify = ignore,
    embed_sentences: bool = True,
) -> None:
    """Embed, fold copies of, link stubs to, and place in a story every article not grouped
    since it changed, in publication order (the earliest copy of a wire story and the first
    report of an event are met first); each batch's stories join the threads they continue,
    and its sentences are embedded for the pages (`on_embedded` told of each article;
    `embed_sentences` off for a run no page reads, such as an evaluation of grouping).
    `enriched_only` leaves articles still being enriched elsewhere (queue workers) for later;
    `still_mine`, asked before each batch, stops the pass when it says grouping is no longer
    this process's (a lease lost), leaving the rest to whoever holds it now."""
    # Only the ungrouped rows are read (by the grouped_at index) and sorted here: ordering
    # in SQL lets the database walk every article in publication order instead.
    query = select(Article.id, Article.published_at, Article.is_stub, Article.enriched_at).where(
        Article.grouped_at.is_(None)
    )
    with store.session() as session:
        found = list(session.execute(query))
    rows = [
        row
        for row in found
        if not row.is_stub and (row.enriched_at is not None or not enriched_only)
    ]
    embed_stubs(store, [row.id for row in found if row.is_stub])
    rows.sort(key=lambda row: (row.published_at is None, row.published_at or 0, row.id))
    group_articles(
        store,
        report,
        grouping,
        [row.id for row in rows],
        batch_size=batch_size,
        still_mine=still_mine,
        on_embedded=on_embedded,
        embed_sentences=embed_sentences,
    )


def embed_stubs(store: Store, stub_ids: Sequence[int], *, batch_size: int = ENRICH_BATCH) -> None:
    """Embed teaser stubs from headline and teaser, as articles are, and mark them done:
    related articles compare them, and a page must not embed them when it is viewed."""
    for first in range(0, len(stub_ids), batch_size):
        with store.session() as session:
            stubs = [session.get_one(Article, i) for i in stub_ids[first : first + batch_size]]
            embed_articles(session, stubs)
            for stub in stubs:
                stub.grouped_at = utcnow()


def group_articles(
    store: Store,
    report: IngestReport,
    grouping: GroupingSettings,
    pending: Sequence[int],
    *,
    batch_size: int = ENRICH_BATCH,
    still_mine: Callable[[], bool] | None = None,
    on_embedded: Notify = ignore,
    embed_sentences: bool = True,
) -> None:
    """Embed, fold copies of, link stubs to, and place in a story the given articles in
    the order given; each batch's stories join the threads they continue, and its
    sentences are embedded for the pages. `group_pending`
    gives them in publication order; an evaluation may give another arrival order."""
    for first in range(0, len(pending), batch_size):
        if still_mine is not None and not still_mine():
            break
        batch = pending[first : first + batch_size]
        with store.session() as session:
            embed_articles(session, [session.get_one(Article, i) for i in batch])
        touched = set()
        for article_id in batch:
            with store.session() as session:
                article = session.get_one(Article, article_id)
                if fold_syndicated_copies(session, article, grouping.copies) != article.id:
                    report.copies += 1
                link_stubs(session, article)
                touched.add(place_in_story(session, article, grouping.stories))
                article.grouped_at = utcnow()
        with store.session() as session:
            link_story_threads(session, touched, grouping.threads)
            join_story_names(session, touched)
        report.grown |= touched
        # After placement, so that what a page of these stories compares is already kept.
        if embed_sentences:
            embed_page_sentences(store, report, batch, on_embedded=on_embedded)
    with store.session() as session:
        report.stories = story_count(session)


def recluster(
    store: Store,
    report: IngestReport,
    grouping: GroupingSettings,
    order: Sequence[int] | None = None,
    *,
    embed_sentences: bool = True,
) -> IngestReport:
    """Forget every story and group all articles again from scratch, in publication order
    (or, for an evaluation of arrival orders, in the `order` of article ids given), then
    link threads over all stories at once. Vectors made by another model than this
    newsdesk's are made again."""
    with store.session() as session:
        recorded = recorded_models(session)
        for kind, model in CURRENT_MODELS.items():
            if recorded.get(kind, model) != model:
                forget_vectors(session, kind)
                record_model(session, kind, model)
        # Stubs are embedded when first met; those just forgotten are met again here.
        unembedded = or_(Article.embedding.is_(None), Article.embedding_multilingual.is_(None))
        stubs = select(Article.id).where(Article.is_stub, unembedded)
        stub_ids = list(session.scalars(stubs))
    embed_stubs(store, stub_ids)
    with store.session() as session:
        # Comments on stories and follows of them outlive them: they find their new story
        # by their anchor article.
        detach_from_stories(session)
        clear_stories(session)
        # Names joined by sound came from the story an article was in; the new stories
        # give their own.
        forget_story_names(session)
    if order is None:
        group_pending(store, report, grouping, embed_sentences=embed_sentences)
    else:
        group_articles(store, report, grouping, order, embed_sentences=embed_sentences)
    with store.session() as session:
        relink_threads(session, grouping.threads)
        reattach_to_stories(session)
    return report
