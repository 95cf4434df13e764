"""Headline-and-lead vectors of articles, the English model's and the multilingual one's:
the one place every grouping path (one worker under the lease, several in parallel) makes
them, so an article is compared the same way whichever path grouped it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.enrich.embed import embed_across_languages, embed_texts, headline_and_lead, to_bytes
from newsdesk.read.article_vectors import check_vector_models
from newsdesk.store.models import Article


def embed_articles(session: Session, articles: Sequence[Article]) -> None:
    """Give each article its missing vectors, as headline and lead: the English model's and
    the multilingual one's. Raises VectorModelMismatch when the store's were made by others."""
    check_vector_models(session, record=True)
    english = [a for a in articles if a.embedding is None]
    vectors = embed_texts([headline_and_lead(a.title, a.text) for a in english])
    for article, vector in zip(english, vectors, strict=True):
        article.embedding = to_bytes(vector)
    across = [a for a in articles if a.embedding_multilingual is None]
    vectors = embed_across_languages([headline_and_lead(a.title, a.text) for a in across])
    for article, vector in zip(across, vectors, strict=True):
        article.embedding_multilingual = to_bytes(vector)
