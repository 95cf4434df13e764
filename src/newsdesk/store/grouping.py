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
    credit_line,
    is_syndicated_copy,
    signature,
)
from newsdesk.store.models import Article, ArticleBand, Story

# Copies of one group compared at most, when its canonical is not itself a match.
MAX_COMPARED = 20


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
    found = list(session.scalars(select(Article).where(Article.id.in_(list(candidate_ids)))))
    # Compare with each group's canonical first, and with its other members only when
    # the canonical does not match: a widely syndicated story then costs one comparison
    # per group, not one per copy already stored.
    by_group: dict[int, list[Article]] = {}
    for candidate in found:
        if not candidate.is_stub:
            by_group.setdefault(candidate.duplicate_of_id or candidate.id, []).append(candidate)
    heads: set[int] = set()
    for head, group in by_group.items():
        group.sort(key=lambda a: a.id != head)
        if any(is_syndicated_copy(copy_candidate(c), mine) for c in group[:MAX_COMPARED]):
            heads.add(head)
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


def grouping_record(session: Session, article: Article) -> dict[str, object]:
    """Where an article sits in the groups, as JSON: its story and thread, its canonical
    copy, the other outlets that published the same wire story, and its credit line."""
    canonical_id = article.duplicate_of_id if not article.is_stub else None
    head = canonical_id or article.id
    copies = session.scalars(
        select(Article).where(
            Article.is_stub.is_(False),
            (Article.id == head) | (Article.duplicate_of_id == head),
            Article.id != article.id,
        )
    )
    story = session.get(Story, article.story_id) if article.story_id else None
    outlet = article.source.name if article.source else None
    return {
        "story_id": article.story_id,
        "thread_id": story.thread_id if story else None,
        "duplicate_of_id": canonical_id,
        "also_published_by": [
            {"id": c.id, "outlet": c.source.name if c.source else None, "title": c.title}
            for c in copies
        ],
        "credit": credit_line(article.wire_service, outlet),
        "full_article_id": article.duplicate_of_id if article.is_stub else None,
    }
