"""Storing how articles group: syndicated copies folded onto one canonical article.

Candidates come from the database (articles sharing an LSH band key), so folding a new
article costs the same whatever the size of the corpus.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsdesk.group.dedupe import (
    CopyCandidate,
    band_keys,
    canonical_of,
    is_syndicated_copy,
    signature,
)
from newsdesk.store.models import Article, ArticleBand


def copy_candidate(article: Article) -> CopyCandidate:
    """What copy detection needs to know of a stored article."""
    return CopyCandidate(
        text=article.text,
        published=article.published_at,
        wire_service=article.wire_service,
        outlet=article.source.name if article.source else None,
        article_id=article.id,
    )


def fold_copies(session: Session, article: Article) -> int:
    """File the article's MinHash, fold it with the stored copies of the same wire story.

    Returns the id of the canonical article of its copy group (its own id when it has
    no copies). An earlier-published copy arriving late becomes the new canonical.
    """
    sig = signature(article.text)
    article.minhash = np.asarray(sig, dtype=np.uint32).tobytes()
    keys = band_keys(sig)
    session.execute(delete(ArticleBand).where(ArticleBand.article_id == article.id))
    session.add_all(ArticleBand(article_id=article.id, key=key) for key in keys)
    if not keys:
        return article.id
    candidate_ids = session.scalars(
        select(ArticleBand.article_id)
        .where(ArticleBand.key.in_(keys), ArticleBand.article_id != article.id)
        .distinct()
    )
    mine = copy_candidate(article)
    heads: set[int] = set()
    for candidate in session.scalars(select(Article).where(Article.id.in_(list(candidate_ids)))):
        if candidate.is_stub or not is_syndicated_copy(copy_candidate(candidate), mine):
            continue
        heads.add(candidate.duplicate_of_id or candidate.id)
    if not heads:
        return article.id
    members = list(
        session.scalars(
            select(Article).where(
                Article.is_stub.is_(False),
                Article.id.in_(heads) | Article.duplicate_of_id.in_(heads),
            )
        )
    )
    group = [*members, article]
    canonical = canonical_of([copy_candidate(a) for a in group])
    for member in group:
        member.duplicate_of_id = None if member.id == canonical else canonical
    return int(canonical) if canonical is not None else article.id


def link_stubs(session: Session, article: Article) -> int:
    """Point teaser stubs of this article (same headline, same outlet) at it; how many."""
    title = " ".join(article.title.split()).casefold()
    stubs = session.scalars(
        select(Article).where(
            Article.is_stub.is_(True),
            Article.source_id == article.source_id,
            func.lower(Article.title) == article.title.lower(),
        )
    )
    linked = 0
    for stub in stubs:
        if " ".join(stub.title.split()).casefold() == title:
            stub.duplicate_of_id = article.id
            linked += 1
    return linked
