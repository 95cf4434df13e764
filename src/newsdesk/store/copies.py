"""Syndicated copies and teaser stubs in the store: band keys, copy groups, stubs by headline.

Candidates come from the database (articles sharing an LSH band key), so folding a new
article costs the same whatever the size of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, ArticleBand


def file_bands(session: Session, article: Article, minhash: bytes, keys: Iterable[str]) -> None:
    """Keep the article's MinHash signature and file it under its LSH band keys (only)."""
    article.minhash = minhash
    session.execute(delete(ArticleBand).where(ArticleBand.article_id == article.id))
    session.add_all(ArticleBand(article_id=article.id, key=key) for key in keys)


def sharing_bands(session: Session, article: Article, keys: Iterable[str]) -> list[Article]:
    """The other articles filed under any of these band keys."""
    candidate_ids = session.scalars(
        select(ArticleBand.article_id)
        .where(ArticleBand.key.in_(list(keys)), ArticleBand.article_id != article.id)
        .distinct()
    )
    return list(session.scalars(select(Article).where(Article.id.in_(list(candidate_ids)))))


def copy_group_members(session: Session, heads: Iterable[int]) -> list[Article]:
    """The full articles of the copy groups led by these canonical articles."""
    heads = list(heads)
    return list(
        session.scalars(
            select(Article).where(
                Article.is_stub.is_(False),
                Article.id.in_(heads) | Article.duplicate_of_id.in_(heads),
            )
        )
    )


def other_copies(session: Session, article: Article) -> list[Article]:
    """The other full articles of the article's copy group (its canonical included)."""
    head = (article.duplicate_of_id if not article.is_stub else None) or article.id
    return list(
        session.scalars(
            select(Article).where(
                Article.is_stub.is_(False),
                (Article.id == head) | (Article.duplicate_of_id == head),
                Article.id != article.id,
            )
        )
    )


def stubs_titled(session: Session, outlet_id: int | None, title: str) -> list[Article]:
    """Teaser stubs of one outlet whose headline is this one, in any case."""
    return list(
        session.scalars(
            select(Article).where(
                Article.is_stub.is_(True),
                Article.outlet_id == outlet_id,
                func.lower(Article.title) == title.lower(),
            )
        )
    )
