"""The embedding step after grouping: the sentence and quote vectors that story, article
and answer pages compare, computed once when an article is grouped and kept in the store.

A page view then only reads them (read/sentence_vectors.py); it computes what it finds
missing only for articles stored before this step existed or changed since.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.pipeline.report import IngestReport, Notify, ignore
from newsdesk.read.coverage import story_quotes
from newsdesk.read.sentence_vectors import BODY, QUOTES, fingerprint, vectors_to_keep
from newsdesk.read.sentences import body_sentences
from newsdesk.store.db import Store
from newsdesk.store.models import Article
from newsdesk.store.sentence_vectors import keep_vectors, kept_fingerprints

log = logging.getLogger(__name__)


def embed_page_sentences(
    store: Store,
    report: IngestReport,
    article_ids: Sequence[int],
    *,
    on_embedded: Notify = ignore,
) -> None:
    """Embed and keep the body sentences and quotes of these articles (one batch of the
    grouping stage) where what is kept is missing or was computed from other texts."""
    with store.session() as session:
        articles = list(
            session.scalars(
                select(Article).where(Article.id.in_(list(article_ids)), Article.is_stub.is_(False))
            )
        )
        if not articles:
            return
        bodies = {a.id: [s.text for s in body_sentences(a)] for a in articles}
        quotes: dict[int, list[str]] = {}
        for quote in story_quotes(session, articles):
            quotes.setdefault(quote.quote.article_id, []).append(quote.quote.text)
        # Both parts in one call: a quote is often a sentence too, embedded once.
        missing = {BODY: _stale(session, BODY, bodies), QUOTES: _stale(session, QUOTES, quotes)}
        every = {
            (part, article_id): texts
            for part, texts_of in missing.items()
            for article_id, texts in texts_of.items()
        }
        if not every:
            return
        keys = list(every)
        computed = vectors_to_keep({row: every[key] for row, key in enumerate(keys)})
        for part in (BODY, QUOTES):
            kept = {key[1]: computed[row] for row, key in enumerate(keys) if key[0] == part}
            try:
                keep_vectors(session, part, kept, with_session=True)
            except IntegrityError as error:
                # A page view kept the same article's vectors meanwhile: they stand.
                log.debug("sentence vectors not kept: %s", error)
    embedded = {article_id for _, article_id in keys}
    report.embedded += len(embedded)
    for article_id in sorted(embedded):
        on_embedded(str(article_id))


def _stale(session: Session, part: str, texts_of: dict[int, list[str]]) -> dict[int, list[str]]:
    """The articles (with texts) whose kept vectors of `part` are missing or stale."""
    kept = kept_fingerprints(session, part, texts_of)
    return {
        article_id: texts
        for article_id, texts in texts_of.items()
        if texts and kept.get(article_id) != fingerprint(texts)
    }
