"""Syndicated copies folded onto one canonical article, and teaser stubs linked to the
articles they tease: group/dedupe.py decides, with candidates from the store."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.config import CopyRules
from newsdesk.group.dedupe import (
    CopyCandidate,
    band_keys,
    canonical_of,
    is_syndicated_copy,
    signature,
)
from newsdesk.store.copies import copy_group_members, file_bands, sharing_bands, stubs_titled
from newsdesk.store.models import Article


def copy_candidate(article: Article) -> CopyCandidate:
    """What copy detection needs to know of a stored article."""
    return CopyCandidate(
        text=article.text,
        published=article.published_at,
        wire_service=article.wire_service,
        outlet=article.outlet.name if article.outlet else None,
        article_id=article.id,
    )


def fold_syndicated_copies(
    session: Session, article: Article, rules: CopyRules, sig: np.ndarray | None = None
) -> int:
    """File the article's MinHash (`sig`, when the caller already computed it), fold it
    with the stored copies of the same wire story.

    Returns the id of the canonical article of its copy group (its own id when it has
    no copies). An earlier-published copy arriving late becomes the new canonical.
    """
    if sig is None:
        sig = signature(article.text)
    keys = band_keys(sig)
    file_bands(session, article, np.asarray(sig, dtype=np.uint32).tobytes(), keys)
    if not keys:
        return article.id
    mine = copy_candidate(article)
    # Compare with each group's canonical first, and with its other members only when
    # the canonical does not match: a widely syndicated story then costs one comparison
    # per group, not one per copy already stored.
    by_group: dict[int, list[Article]] = {}
    for candidate in sharing_bands(session, article, keys):
        if not candidate.is_stub:
            by_group.setdefault(candidate.duplicate_of_id or candidate.id, []).append(candidate)
    heads: set[int] = set()
    for head, group in by_group.items():
        group.sort(key=lambda a: a.id != head)
        compared = group[: rules.max_compared]
        if any(is_syndicated_copy(copy_candidate(c), mine, rules) for c in compared):
            heads.add(head)
    if not heads:
        return article.id
    group = [*copy_group_members(session, heads), article]
    canonical = canonical_of([copy_candidate(a) for a in group])
    for member in group:
        member.duplicate_of_id = None if member.id == canonical else canonical
    return int(canonical) if canonical is not None else article.id


def link_stubs(session: Session, article: Article) -> int:
    """Point teaser stubs of this article (same headline, same outlet) at it; how many."""
    title = " ".join(article.title.split()).casefold()
    linked = 0
    for stub in stubs_titled(session, article.outlet_id, article.title):
        if " ".join(stub.title.split()).casefold() == title:
            stub.duplicate_of_id = article.id
            linked += 1
    return linked
