"""The enrichment stage over stored articles, in batches, each article committed alone."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newsdesk.enrich import ArticleText, Enrichment, enrich_texts
from newsdesk.pipeline.embedding import HeadlineVectors, keep_headline_vectors, vectors_of
from newsdesk.pipeline.entities import mention_row, resolve_entities
from newsdesk.pipeline.report import IngestReport, Notify, OnProblem, Problem, ignore
from newsdesk.store.db import Store, retried
from newsdesk.store.models import Article, ArticleWarning, Event, Mention, Quote, utcnow

ENRICH_BATCH = 32


@dataclass
class EnrichedText:
    """One article's enrichment, with its headline-and-lead vectors when it had none: made
    beside the NLP (in the enriching processes when there are several), so that grouping,
    which runs in one process, only compares them."""

    enrichment: Enrichment
    vectors: HeadlineVectors | None = None


@dataclass
class PendingText:
    """What an enriching process is given of one article: its text, and whether it lacks
    its vectors."""

    text: ArticleText
    unembedded: bool


def enrich_pending(
    store: Store,
    report: IngestReport,
    *,
    batch_size: int = ENRICH_BATCH,
    on_article: Notify = ignore,
    on_problem: OnProblem = ignore,
    article_ids: list[int] | None = None,
    jobs: int = 1,
) -> IngestReport:
    """Enrich every article not enriched since its text last changed, oldest first, in batches.

    Each article's results are committed on their own, so a killed run loses at most
    the batch in hand, and the next run picks up exactly what is left. `article_ids`
    limits the run to those articles (a queue worker enriches its own document's); `jobs`
    above 1 runs the NLP, and the articles' vectors grouping compares, in that many
    processes while this one stores the results.
    """
    query = select(Article.id).where(Article.enriched_at.is_(None))
    if article_ids is not None:
        query = query.where(Article.id.in_(article_ids))
    with store.session() as session:
        pending = list(
            session.scalars(query.order_by(Article.published_at.asc().nulls_last(), Article.id))
        )
    batches = [pending[first : first + batch_size] for first in range(0, len(pending), batch_size)]
    for batch, outcomes in _enriched_batches(store, batches, jobs):
        for article_id, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                report.enrich_failed += 1
                message = f"article {article_id}: enrichment failed: {outcome}"
                report.errors.append(message)
                on_problem(Problem("error", message))
                on_article(str(article_id))
                continue
            # Another worker may be adding a spelling or role to the same entity: the
            # article's transaction then runs again and finds that worker's rows.
            retried(partial(_save, store, article_id, outcome))
            if outcome.enrichment.note:
                report.enrich_skipped += 1
                report.warnings.append(f"article {article_id}: {outcome.enrichment.note}")
            else:
                report.enriched += 1
            on_article(str(article_id))
    return report


def _save(store: Store, article_id: int, outcome: EnrichedText) -> None:
    with store.session() as session:
        article = session.get_one(Article, article_id)
        save_enrichment(session, article, outcome.enrichment)
        if outcome.vectors is not None:
            keep_headline_vectors(session, article, outcome.vectors)


def _texts(store: Store, batch: list[int]) -> list[PendingText]:
    with store.session() as session:
        return [
            PendingText(
                ArticleText(a.title, a.text, a.published_at),
                a.embedding is None or a.embedding_multilingual is None,
            )
            for a in (session.get_one(Article, i) for i in batch)
        ]


def _enriched_batches(
    store: Store, batches: list[list[int]], jobs: int
) -> Iterator[tuple[list[int], list[EnrichedText | Exception]]]:
    """Each batch with its outcomes, in order: here, or in `jobs` processes that each load
    the model once, kept one batch ahead of the store so a big run is never all in memory."""
    if jobs <= 1 or len(batches) < 2:
        for batch in batches:
            yield batch, _enrich_isolated(_texts(store, batch))
        return
    # spawn, not fork: this process may hold onnxruntime's threads and open connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        waiting: deque[tuple[list[int], Future[list[EnrichedText | Exception]]]] = deque()
        for batch in batches:
            waiting.append((batch, pool.submit(_enrich_elsewhere, _texts(store, batch))))
            if len(waiting) > jobs:
                done, future = waiting.popleft()
                yield done, future.result()
        while waiting:
            done, future = waiting.popleft()
            yield done, future.result()


def _enrich_elsewhere(texts: list[PendingText]) -> list[EnrichedText | Exception]:
    # An exception crosses the process boundary as its message: its own type may not pickle.
    return [
        RuntimeError(f"{type(o).__name__}: {o}") if isinstance(o, Exception) else o
        for o in _enrich_isolated(texts)
    ]


def _enrich_isolated(pending: list[PendingText]) -> list[EnrichedText | Exception]:
    texts = [p.text for p in pending]
    # One bad article must not cost its whole batch: on failure, redo one by one.
    outcomes: list[Enrichment | Exception]
    try:
        outcomes = list(enrich_texts(texts))
    except Exception:
        outcomes = []
        for text in texts:
            try:
                outcomes.extend(enrich_texts([text]))
            except Exception as error:  # recorded per article; the run goes on
                outcomes.append(error)
    unembedded = [i for i, p in enumerate(pending) if p.unembedded]
    made: list[HeadlineVectors | None]
    try:
        made = list(vectors_of([(texts[i].title, texts[i].body) for i in unembedded]))
    except Exception:
        # Grouping makes what is missing, and says why if it cannot.
        made = [None] * len(unembedded)
    vectors = dict(zip(unembedded, made, strict=True))
    return [
        o if isinstance(o, Exception) else EnrichedText(o, vectors.get(i))
        for i, o in enumerate(outcomes)
    ]


def save_enrichment(session: Session, article: Article, enrichment: Enrichment) -> None:
    """Replace an article's mentions, quotes, events and warnings with `enrichment`'s."""
    for table in (Mention, Quote, Event, ArticleWarning):
        session.execute(delete(table).where(table.article_id == article.id))
    article.language = enrichment.language
    article.sentences = [[s.start, s.end] for s in enrichment.sentences]
    article.enrich_note = enrichment.note
    article.enriched_at = utcnow()
    entity_ids = resolve_entities(session, enrichment.entities, article.published_at)
    mention_entity: dict[int, int] = {}
    for local, entity_id in zip(enrichment.entities, entity_ids, strict=True):
        for index in local.mentions:
            mention_entity[index] = entity_id
    session.add_all(
        mention_row(article.id, m, mention_entity.get(index))
        for index, m in enumerate(enrichment.mentions)
    )
    session.add_all(
        Quote(
            article_id=article.id,
            speaker_id=entity_ids[q.speaker] if q.speaker is not None else None,
            speaker_text=q.speaker_text,
            kind=q.kind,
            text=q.text,
            start=q.start,
            end=q.end,
            sentence=q.sentence,
            attribution=list(q.attribution),
            confidence=q.confidence,
        )
        for q in enrichment.quotes
    )
    session.add_all(
        Event(
            article_id=article.id,
            sentence=e.sentence,
            expression=e.expression[:300],
            start=e.start,
            end=e.end,
            precision=e.precision,
            date=e.date,
            date_end=e.date_end,
            entity_ids=sorted({mention_entity[i] for i in e.entities if i in mention_entity}),
            confidence=e.confidence,
        )
        for e in enrichment.events
    )
    session.add_all(
        ArticleWarning(
            article_id=article.id, kind=w.kind, start=w.start, end=w.end, message=w.message
        )
        for w in enrichment.warnings
    )
    session.flush()
