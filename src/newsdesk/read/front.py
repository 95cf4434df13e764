"""The front page: stories ranked by freshness and breadth of coverage, as cards."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.config import ReadingSettings
from newsdesk.read.records import FrontPage, StoryCard, StoryLead
from newsdesk.read.sentences import body_sentences, opening, outlet_of
from newsdesk.store.models import Article, Outlet, Story

DEFAULT_READING = ReadingSettings()
# Stories a page of the front page shows (the pages, the API and the kept views agree).
FRONT_PER_PAGE = 20


def story_score(
    outlets: int,
    last_seen: datetime | None,
    as_of: datetime,
    gravity: float = DEFAULT_READING.gravity,
) -> float:
    """Breadth of coverage (log of the outlet count) damped by age in days since as_of: a
    story sinks as its breadth is divided by (1 + age in days) to the power `gravity`."""
    if last_seen is None:
        return 0.0
    age_days = max((as_of - last_seen).total_seconds(), 0.0) / 86400
    return math.log2(1 + outlets) / (1 + age_days) ** gravity


def front_page(
    session: Session,
    *,
    page: int = 1,
    per_page: int = FRONT_PER_PAGE,
    reading: ReadingSettings = DEFAULT_READING,
) -> FrontPage:
    """Stories ranked by freshness and outlet count (age counted from the newest story, so an
    archive reads as it did on its last day), each with outlets, lead and thread. The most
    recently active `reading.rank_pool` stories are ranked; later pages list the rest by
    recency."""
    total = session.scalar(select(func.count(Story.id))) or 0
    pool = list(
        session.execute(
            select(Story.id, Story.last_seen)
            .order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
            .limit(reading.rank_pool)
        )
    )
    start = (page - 1) * per_page
    if start < len(pool):
        outlets = _outlet_ids(session, [story_id for story_id, _ in pool])
        as_of = max((seen for _, seen in pool if seen), default=None)
        ranked = sorted(
            pool,
            key=lambda row: (
                -story_score(len(outlets.get(row[0], ())), row[1], as_of, reading.gravity)
                if as_of
                else 0.0,
                -row[0],
            ),
        )
        ids = [story_id for story_id, _ in ranked[start : start + per_page]]
        # The last ranked page is topped up from the unranked rest.
        if len(ids) < per_page and total > len(pool):
            ids += _by_recency(session, len(pool), per_page - len(ids))
    else:
        ids = _by_recency(session, start, per_page)
    return FrontPage(
        stories=story_cards(session, ids),
        page=page,
        has_more=start + per_page < total,
        total=total,
    )


def corpus_version(session: Session) -> tuple[object, ...]:
    """What changes whenever an article is stored or grouped or a story added: a cache key
    for the front page, read from indexes in a millisecond."""
    return (
        session.scalar(select(func.max(Article.id))),
        session.scalar(select(func.max(Article.grouped_at))),
        session.scalar(select(func.count(Story.id))),
    )


def _by_recency(session: Session, offset: int, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(Story.id)
            .order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )


def _outlet_ids(session: Session, story_ids: Sequence[int]) -> dict[int, set[int]]:
    rows = session.execute(
        select(Article.story_id, Article.outlet_id)
        .where(Article.story_id.in_(story_ids), Article.outlet_id.is_not(None))
        .distinct()
    )
    found: dict[int, set[int]] = {}
    for story_id, outlet_id in rows:
        found.setdefault(story_id, set()).add(outlet_id)
    return found


def story_cards(session: Session, story_ids: Sequence[int]) -> list[StoryCard]:
    """Stories in the order given, as front-page cards: title, outlets, article count, times,
    thread, and the lead sentence of the first article that told it."""
    if not story_ids:
        return []
    stories = {s.id: s for s in session.scalars(select(Story).where(Story.id.in_(story_ids)))}
    names = _outlet_names(session, story_ids)
    leads = _leads(session, story_ids)
    cards = []
    for story_id in story_ids:
        story = stories.get(story_id)
        if story is None:
            continue
        cards.append(
            StoryCard(
                id=story.id,
                title=story.title,
                articles=story.size,
                outlets=sorted(names.get(story.id, ())),
                first_seen=story.first_seen,
                last_seen=story.last_seen,
                thread_id=story.thread_id,
                lead=leads.get(story.id),
            )
        )
    return cards


def _outlet_names(session: Session, story_ids: Sequence[int]) -> dict[int, set[str]]:
    rows = session.execute(
        select(Article.story_id, Outlet.name)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(Article.story_id.in_(story_ids))
        .distinct()
    )
    names: dict[int, set[str]] = {}
    for story_id, name in rows:
        names.setdefault(story_id, set()).add(name)
    return names


def _leads(session: Session, story_ids: Sequence[int]) -> dict[int, StoryLead]:
    """The first sentence of each story's earliest independent, full article."""
    # Filtered here rather than in SQL: SQLite's planner would take `duplicate_of_id IS
    # NULL` for a selective index and scan nearly every article.
    rows = session.execute(
        select(
            Article.story_id,
            Article.id,
            Article.published_at,
            Article.is_stub,
            Article.duplicate_of_id,
        ).where(Article.story_id.in_(story_ids))
    )
    first: dict[int, tuple[object, ...]] = {}
    for story_id, article_id, published, is_stub, duplicate_of in rows:
        if is_stub or duplicate_of is not None:
            continue
        key = (published is None, published or 0, article_id)
        if story_id not in first or key < first[story_id][0]:  # type: ignore[operator]
            first[story_id] = (key, article_id)
    chosen = [article_id for _, article_id in first.values()]
    articles = session.scalars(select(Article).where(Article.id.in_(chosen)))
    leads = {}
    for article in articles:
        sentences = body_sentences(article)
        text = sentences[0].text if sentences else opening(article.text)
        leads[article.story_id or 0] = StoryLead(
            text=text, article_id=article.id, outlet=outlet_of(article)
        )
    return leads
