"""The views step after grouping: each story that grouping started or grew gets its page
view, the first front pages theirs, each of the stories' articles theirs and each entity
they name whose page changed its own, built and kept (read/views.py builds them), so that
a page view only reads what is kept."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.pipeline.report import Notify, ignore
from newsdesk.read.records import Record
from newsdesk.read.views import (
    article_version,
    build_article_page,
    build_entity_view,
    build_front_view,
    build_story_view,
    entity_versions,
    front_version,
    keep_built,
    story_version,
)
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Mention, Story
from newsdesk.store.views import ARTICLE, ENTITY, FRONT, STORY, kept_versions

log = logging.getLogger(__name__)
# Article and entity pages built per transaction: a big story's pages come out a batch at
# a time.
ARTICLES_PER_COMMIT = 25
ENTITIES_PER_COMMIT = 25


def build_page_views(
    store: Store, settings: Settings, story_ids: Iterable[int], *, on_built: Notify = ignore
) -> int:
    """Build and keep the view of each of these stories, of the first front pages, of the
    stories' full articles and of the entities they name, where what is kept is missing or
    was built from other inputs; how many views were built. `on_built` is told of each
    story done."""
    ordered = sorted(set(story_ids))
    # Each story's own page first, committed alone: it is ready before its articles'; the
    # front page next, which the grouping that grew them changed.
    built = sum(_build_story(store, settings, story_id) for story_id in ordered)
    built += build_front_views(store, settings)
    for story_id in ordered:
        built += _build_articles(store, settings, story_id)
        # Only the entities whose own articles changed: the others' versions stand.
        built += _build_entities(store, settings, story_id)
        on_built(str(story_id))
    return built


def build_front_views(store: Store, settings: Settings) -> int:
    """Build and keep the first `reading.front_pages_kept` front pages where what is kept
    is not of the corpus as it stands; how many were built."""
    pages = range(1, settings.reading.front_pages_kept + 1)
    with store.session() as session:
        version = front_version(session, settings)
        kept = kept_versions(session, FRONT, pages)
        views: list[tuple[str, int, str, Record]] = [
            (FRONT, page, version, build_front_view(session, page, settings))
            for page in pages
            if kept.get(page) != version
        ]
        return _keep(session, views)


def _build_story(store: Store, settings: Settings, story_id: int) -> int:
    with store.session() as session:
        story = session.get(Story, story_id)
        if story is None:
            return 0  # merged away or forgotten since it was grouped
        version = story_version(story, settings)
        if kept_versions(session, STORY, [story_id]).get(story_id) == version:
            return 0
        view = build_story_view(session, story_id, settings)
        return _keep(session, [(STORY, story_id, version, view)])


def _build_articles(store: Store, settings: Settings, story_id: int) -> int:
    with store.session() as session:
        ids = list(
            session.scalars(
                select(Article.id)
                .where(Article.story_id == story_id, Article.is_stub.is_(False))
                .order_by(Article.id)
            )
        )
    built = 0
    for first in range(0, len(ids), ARTICLES_PER_COMMIT):
        with store.session() as session:
            chunk = ids[first : first + ARTICLES_PER_COMMIT]
            kept = kept_versions(session, ARTICLE, chunk)
            views: list[tuple[str, int, str, Record]] = []
            for article_id in chunk:
                article = session.get(Article, article_id)
                if article is None:
                    continue
                version = article_version(session, article, settings)
                if kept.get(article_id) != version:
                    page = build_article_page(session, article_id, settings)
                    views.append((ARTICLE, article_id, version, page))
            built += _keep(session, views)
    return built


def _build_entities(store: Store, settings: Settings, story_id: int) -> int:
    with store.session() as session:
        ids = list(
            session.scalars(
                select(Mention.entity_id)
                .join(Article, Article.id == Mention.article_id)
                .where(Article.story_id == story_id, Mention.entity_id.is_not(None))
                .distinct()
            )
        )
    ids.sort()
    built = 0
    for first in range(0, len(ids), ENTITIES_PER_COMMIT):
        with store.session() as session:
            chunk = ids[first : first + ENTITIES_PER_COMMIT]
            current = entity_versions(session, chunk, settings)
            kept = kept_versions(session, ENTITY, chunk)
            views: list[tuple[str, int, str, Record]] = [
                (ENTITY, entity_id, version, build_entity_view(session, entity_id, settings))
                for entity_id, version in current.items()
                if kept.get(entity_id) != version
            ]
            built += _keep(session, views)
    return built


def _keep(session: Session, views: list[tuple[str, int, str, Record]]) -> int:
    # Built in a reading session and written at the end: on SQLite the write lock is then
    # held for the inserts only, not while the pages are built.
    for kind, subject_id, version, view in views:
        keep_built(session, kind, subject_id, version, view, pipeline=True)
    return len(views)
