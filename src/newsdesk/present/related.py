"""Related articles: the same story from other outlets first, then its thread, then the
nearest by meaning; each telling once, never the article's own syndicated copies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from newsdesk.config import ReadingSettings

RELATED_LIMIT = 10

SAME_STORY = "same story"
SAME_THREAD = "same thread"
SIMILAR = "similar"
_TIERS = (SAME_STORY, SAME_THREAD, SIMILAR)


@dataclass(frozen=True)
class RelatedCandidate:
    """What ranking needs of an article: its groups, its vector, and what to show.

    `telling` names its syndicated-copy group (the canonical article's id); a teaser stub
    linked to its full article carries the full article's telling.
    """

    id: int
    outlet: str | None
    title: str
    lead: str
    published: datetime | None
    telling: int
    story_id: int | None = None
    thread_id: int | None = None
    vector: np.ndarray | None = None
    is_stub: bool = False
    url: str | None = None
    # `vector` is the English model's; this one compares it with other languages.
    vector_multilingual: np.ndarray | None = None
    english: bool = True


@dataclass(frozen=True)
class RelatedItem:
    """One related article as shown: outlet, headline, lead, and when, relative to now."""

    id: int
    outlet: str | None
    title: str
    lead: str
    published: datetime | None
    relative_time: str
    reason: str
    similarity: float | None
    is_stub: bool = False
    url: str | None = None
    also_published_by: tuple[str, ...] = ()


def related(
    article: RelatedCandidate,
    candidates: Sequence[RelatedCandidate],
    now: datetime,
    *,
    limit: int = RELATED_LIMIT,
    min_similarity: float = ReadingSettings.related_floor,
) -> list[RelatedItem]:
    """Candidates ranked for `article`: same story, then same thread, then similar; within
    each, other outlets first, then by similarity. One item per telling, the article's own
    telling left out; a full article stands for its stubs.
    """
    tellings: dict[int, list[RelatedCandidate]] = {}
    for candidate in candidates:
        if candidate.id != article.id and candidate.telling != article.telling:
            tellings.setdefault(candidate.telling, []).append(candidate)
    ranked = []
    for members in tellings.values():
        shown = min(members, key=lambda c: _representative_key(c, article))
        tier = min(_tier(article, c) for c in members)
        similarity = _similarity(article, shown)
        if tier == SIMILAR and (similarity is None or similarity < min_similarity):
            continue
        others = tuple(
            dict.fromkeys(c.outlet for c in members if c.outlet and c.outlet != shown.outlet)
        )
        key = (
            _TIERS.index(tier),
            shown.outlet is not None and shown.outlet == article.outlet,
            -(similarity if similarity is not None else -1.0),
            shown.id,
        )
        item = RelatedItem(
            id=shown.id,
            outlet=shown.outlet,
            title=shown.title,
            lead=shown.lead,
            published=shown.published,
            relative_time=relative_time(shown.published, now),
            reason=tier,
            similarity=None if similarity is None else round(similarity, 3),
            is_stub=shown.is_stub,
            url=shown.url,
            also_published_by=others,
        )
        ranked.append((key, item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked[:limit]]


def relative_time(then: datetime | None, now: datetime) -> str:
    """When, as a reader says it: "just now", "3 hours ago", "yesterday", "2 days ago";
    a date ("Jan 17, 2024") beyond a week, in the future, or "" when unknown."""
    if then is None:
        return ""
    delta = now - then
    if delta < timedelta(0) or delta >= timedelta(days=7):
        return f"{then:%b} {then.day}, {then.year}"
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return _plural(minutes, "minute")
    if minutes < 24 * 60:
        return _plural(minutes // 60, "hour")
    days = delta.days
    return "yesterday" if days == 1 else _plural(days, "day")


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'} ago"


def _tier(article: RelatedCandidate, candidate: RelatedCandidate) -> str:
    if article.story_id is not None and candidate.story_id == article.story_id:
        return SAME_STORY
    if article.thread_id is not None and candidate.thread_id == article.thread_id:
        return SAME_THREAD
    return SIMILAR


def _representative_key(
    candidate: RelatedCandidate, article: RelatedCandidate
) -> tuple[bool, bool, bool, float, int]:
    # The full text over a teaser, another outlet over the reader's own, the canonical
    # (earliest) copy over later ones.
    stamp = candidate.published.timestamp() if candidate.published else float("inf")
    return (
        candidate.is_stub,
        candidate.outlet is not None and candidate.outlet == article.outlet,
        candidate.id != candidate.telling,
        stamp,
        candidate.id,
    )


def _similarity(article: RelatedCandidate, candidate: RelatedCandidate) -> float | None:
    # Two English articles by the English model, which tells them apart better; a pair
    # across languages by the multilingual one.
    mine, theirs = article.vector, candidate.vector
    if not (article.english and candidate.english):
        mine, theirs = article.vector_multilingual, candidate.vector_multilingual
    if mine is None or theirs is None:
        return None
    norms = float(np.linalg.norm(mine) * np.linalg.norm(theirs))
    if norms == 0:
        return None
    return float(mine @ theirs) / norms
