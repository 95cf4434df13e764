"""Headline-and-lead vectors of articles, the English model's and the multilingual one's:
the one place every grouping path (one worker under the lease, several in parallel) makes
them, so an article is compared the same way whichever path grouped it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.enrich.embed import embed_across_languages, embed_texts, headline_and_lead, to_bytes
from newsdesk.errors import VectorModelMismatch
from newsdesk.read.article_vectors import check_vector_models
from newsdesk.store.models import Article

# An article's headline-and-lead vectors as stored: the English model's, the multilingual
# one's (not read.article_vectors.ArticleVectors, the matrix of every article's).
HeadlineVectors = tuple[bytes, bytes]


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


def vectors_of(headlines_and_bodies: Sequence[tuple[str, str]]) -> list[HeadlineVectors]:
    """Both stored vectors of each (headline, body), made where no store is at hand (an
    enrichment process), in the order given."""
    texts = [headline_and_lead(title, body) for title, body in headlines_and_bodies]
    if not texts:
        return []
    english, across = embed_texts(texts), embed_across_languages(texts)
    return [(to_bytes(e), to_bytes(m)) for e, m in zip(english, across, strict=True)]


def keep_headline_vectors(session: Session, article: Article, vectors: HeadlineVectors) -> None:
    """Give the article the vectors made for it elsewhere where it has none; left for
    grouping to make (and refuse) when the store's were made by other models."""
    try:
        check_vector_models(session, record=True)
    except VectorModelMismatch:
        return
    if article.embedding is None:
        article.embedding = vectors[0]
    if article.embedding_multilingual is None:
        article.embedding_multilingual = vectors[1]
