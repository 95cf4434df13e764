"""Articles related to one: its story from other outlets first, then its thread, then
similar articles within a window, each wire story once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import ReadingSettings
from newsdesk.enrich.embed import (
    embed_across_languages,
    embed_texts,
    from_bytes,
    headline_and_lead,
    is_english,
)
from newsdesk.errors import NotFound
from newsdesk.present.related import RelatedCandidate, RelatedItem, related
from newsdesk.read.records import RelatedArticle
from newsdesk.read.sentences import lead, outlet_of, telling_of
from newsdesk.store.models import Article, Story

DEFAULT_READING = ReadingSettings()


def related_articles(
    session: Session,
    article_id: int,
    now: datetime,
    *,
    limit: int = 10,
    reading: ReadingSettings = DEFAULT_READING,
) -> list[RelatedArticle]:
    """Articles related to one, ranked; NotFound when there is no such article. Outside
    its story and thread, articles within `reading.related_window_days` count when their
    embedding is at least `reading.related_floor` close.

    A teaser stub linked to its full article is answered for the full article.
    """
    target = session.get(Article, article_id)
    if target is None:
        raise NotFound(f"There is no article {article_id}.")
    base = target
    if target.is_stub and target.duplicate_of_id:
        base = session.get(Article, target.duplicate_of_id) or target
    rows = _related_rows(session, base, reading)
    candidates = _related_candidates(session, rows, base)
    me = next(c for c in candidates if c.id == base.id)
    others = [c for c in candidates if c.id != target.id]
    items = related(me, others, now, limit=limit, min_similarity=reading.related_floor)
    # Leads are read only for what is shown: reading one means splitting its sentences.
    by_id = {a.id: a for a in rows}
    return [_record(replace(item, lead=lead(by_id[item.id]))) for item in items]


def _record(item: RelatedItem) -> RelatedArticle:
    return RelatedArticle(
        id=item.id,
        outlet=item.outlet,
        title=item.title,
        lead=item.lead,
        url=item.url,
        published=item.published,
        relative_time=item.relative_time,
        reason=item.reason,
        similarity=None if item.similarity is None else float(item.similarity),
        is_stub=item.is_stub,
        also_published_by=list(item.also_published_by),
    )


def _related_rows(session: Session, base: Article, reading: ReadingSettings) -> list[Article]:
    found: dict[int, Article] = {base.id: base}
    story = session.get(Story, base.story_id) if base.story_id else None
    if story is not None:
        stories = select(Story.id).where(Story.thread_id == story.thread_id)
        if story.thread_id is None:
            stories = select(Story.id).where(Story.id == story.id)
        _add(found, session.scalars(select(Article).where(Article.story_id.in_(stories))))
    if base.published_at is not None:
        window = timedelta(days=reading.related_window_days)
        window = select(Article).where(
            Article.published_at.between(base.published_at - window, base.published_at + window),
            Article.duplicate_of_id.is_(None) | Article.is_stub.is_(False),
        )
        nearest = window.order_by(Article.published_at.desc()).limit(reading.related_nearest)
        _add(found, session.scalars(nearest))
    # A linked stub is stood for by its full article, already among the rows if related.
    return [a for a in found.values() if a is base or not (a.is_stub and a.duplicate_of_id)]


def _add(found: dict[int, Article], articles: Iterable[Article]) -> None:
    for article in articles:
        found.setdefault(article.id, article)


def _related_candidates(
    session: Session, rows: Sequence[Article], base: Article
) -> list[RelatedCandidate]:
    story_ids = {a.story_id for a in rows if a.story_id}
    threads = dict(
        session.execute(select(Story.id, Story.thread_id).where(Story.id.in_(story_ids))).all()
    )
    # An article not grouped yet carries no stored embedding. Only the article asked about
    # is embedded here, from headline and lead; the others are compared once grouping has
    # embedded them (embedding up to `related_nearest` candidates made one page cost
    # minutes on a store whose articles lacked the multilingual vectors).
    text = headline_and_lead(base.title, base.text)
    vectors = {base.id: embed_texts([text])[0]} if not base.embedding else {}
    across = {base.id: embed_across_languages([text])[0]} if not base.embedding_multilingual else {}
    return [
        RelatedCandidate(
            id=a.id,
            outlet=outlet_of(a),
            title=a.title,
            lead="",
            published=a.published_at,
            telling=telling_of(a),
            story_id=a.story_id,
            thread_id=threads.get(a.story_id) if a.story_id else None,
            vector=from_bytes(a.embedding) if a.embedding else vectors.get(a.id),
            is_stub=a.is_stub,
            url=a.url,
            vector_multilingual=from_bytes(a.embedding_multilingual)
            if a.embedding_multilingual
            else across.get(a.id),
            english=is_english(a.language),
        )
        for a in rows
    ]
