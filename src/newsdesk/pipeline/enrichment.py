"""The enrichment stage over stored articles, in batches, each article committed alone."""

from __future__ import annotations

from sqlalchemy import select

from newsdesk.enrich import ArticleText, Enrichment, enrich_texts
from newsdesk.pipeline.report import IngestReport, Notify, OnProblem, Problem, ignore
from newsdesk.store.db import Store
from newsdesk.store.enrichment import save_enrichment
from newsdesk.store.models import Article

ENRICH_BATCH = 32


def enrich_pending(
    store: Store,
    report: IngestReport,
    *,
    batch_size: int = ENRICH_BATCH,
    on_article: Notify = ignore,
    on_problem: OnProblem = ignore,
    article_ids: list[int] | None = None,
) -> IngestReport:
    """Enrich every article not enriched since its text last changed, oldest first, in batches.

    Each article's results are committed on their own, so a killed run loses at most
    the batch in hand, and the next run picks up exactly what is left. `article_ids`
    limits the run to those articles (a queue worker enriches its own document's).
    """
    query = select(Article.id).where(Article.enriched_at.is_(None))
    if article_ids is not None:
        query = query.where(Article.id.in_(article_ids))
    with store.session() as session:
        pending = list(
            session.scalars(query.order_by(Article.published_at.asc().nulls_last(), Article.id))
        )
    for first in range(0, len(pending), batch_size):
        batch = pending[first : first + batch_size]
        with store.session() as session:
            texts = [
                ArticleText(a.title, a.text, a.published_at)
                for a in (session.get_one(Article, i) for i in batch)
            ]
        for article_id, outcome in zip(batch, _enrich_isolated(texts), strict=True):
            if isinstance(outcome, Exception):
                report.enrich_failed += 1
                message = f"article {article_id}: enrichment failed: {outcome}"
                report.errors.append(message)
                on_problem(Problem("error", message))
                on_article(str(article_id))
                continue
            with store.session() as session:
                save_enrichment(session, session.get_one(Article, article_id), outcome)
            if outcome.note:
                report.enrich_skipped += 1
                report.warnings.append(f"article {article_id}: {outcome.note}")
            else:
                report.enriched += 1
            on_article(str(article_id))
    return report


def _enrich_isolated(texts: list[ArticleText]) -> list[Enrichment | Exception]:
    # One bad article must not cost its whole batch: on failure, redo one by one.
    try:
        return list(enrich_texts(texts))
    except Exception:
        outcomes: list[Enrichment | Exception] = []
        for text in texts:
            try:
                outcomes.extend(enrich_texts([text]))
            except Exception as error:  # recorded per article; the run goes on
                outcomes.append(error)
        return outcomes
