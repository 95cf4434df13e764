"""A story's coverage compared across outlets, from what the store holds of its articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.group.dedupe import credit_line
from newsdesk.present.coverage import (
    Coverage,
    CoveredArticle,
    Disagreement,
    StoryQuote,
    compare_coverage,
)
from newsdesk.present.summarize import CitedSentence
from newsdesk.read.records import (
    ArticleLink,
    CoverageRecord,
    DisagreementRecord,
    DisagreementSide,
    Exclusive,
    OutletCoverage,
)
from newsdesk.read.sentence_vectors import QUOTES, sentence_vectors
from newsdesk.read.sentences import citation_record, outlet_of, telling_of
from newsdesk.store.models import Article, Quote


def story_coverage(
    session: Session,
    articles: Sequence[Article],
    sentences: Sequence[CitedSentence],
    vectors: np.ndarray | None,
) -> Coverage:
    """Compare the coverage of a story's articles, given their body sentences and vectors
    (None: TF-IDF); quotes are read from the store and embedded when sentences were."""
    quotes = story_quotes(session, articles)
    quote_vectors = None
    if vectors is not None:
        quote_vectors = sentence_vectors(session, [q.quote for q in quotes], part=QUOTES)
    covered = [
        CoveredArticle(
            a.id,
            outlet_of(a),
            a.published_at,
            telling_of(a),
            credit_line(a.wire_service, outlet_of(a)),
        )
        for a in articles
    ]
    return compare_coverage(covered, sentences, vectors, quotes, quote_vectors)


def story_quotes(session: Session, articles: Sequence[Article]) -> list[StoryQuote]:
    """The quotes of the articles, each cited like a sentence, in article order."""
    by_id = {a.id: a for a in articles}
    if not by_id:
        return []
    rows = session.scalars(
        select(Quote)
        .where(Quote.article_id.in_(list(by_id)))
        # The id breaks ties of nested quotes: kept vectors are of the quotes in this order.
        .order_by(Quote.article_id, Quote.start, Quote.id)
    )
    found = []
    for quote in rows:
        article = by_id[quote.article_id]
        outlet = outlet_of(article)
        cited = CitedSentence(
            text=quote.text,
            article_id=article.id,
            outlet=outlet,
            published=article.published_at,
            sentence_index=quote.sentence,
            start=quote.start,
            end=quote.end,
            copy_of=telling_of(article),
            credit=credit_line(article.wire_service, outlet),
            headline=article.title,
        )
        speaker = quote.speaker.name if quote.speaker else quote.speaker_text
        found.append(StoryQuote(cited, quote.speaker_id, speaker, quote.kind))
    return found


def coverage_record_of(
    coverage: Coverage, headlines: Mapping[int, str] | None = None
) -> CoverageRecord:
    """A coverage comparison as shown: outlets and when, the first, exclusives, disagreements;
    `headlines` (article id -> title) lets pages name each outlet's articles."""
    titles = headlines or {}
    return CoverageRecord(
        tellings=coverage.tellings,
        outlets=[
            OutletCoverage(
                outlet=o.outlet,
                first_published=o.first_published,
                article_ids=list(o.article_ids),
                articles=[
                    ArticleLink(id=i, title=titles.get(i) or f"Article {i}") for i in o.article_ids
                ],
                copies=o.copies,
                exclusives=o.exclusives,
            )
            for o in coverage.outlets
        ],
        first=citation_record(coverage.first, titles) if coverage.first else None,
        only_here=[
            Exclusive(
                kind=e.kind,
                text=e.text,
                speaker=e.speaker,
                **dict(citation_record(e.citation, titles)),
            )
            for e in coverage.exclusives
        ],
        disagreements=[_disagreement(d, titles) for d in coverage.disagreements],
    )


def _disagreement(disagreement: Disagreement, titles: Mapping[int, str]) -> DisagreementRecord:
    return DisagreementRecord(
        kind=disagreement.kind,
        about=disagreement.about,
        sides=[
            DisagreementSide(
                value=side.value, text=side.text, **dict(citation_record(side.citation, titles))
            )
            for side in disagreement.sides
        ],
    )
