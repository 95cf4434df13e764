"""The views step after grouping: each story that grouping started or grew gets its page
view, and each of its articles theirs, built and kept (read/views.py builds them), so that
a page view only reads what is kept."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from newsdesk.config import Settings
from newsdesk.pipeline.report import Notify, ignore
from newsdesk.read.records import Record
from newsdesk.read.views import (
    article_version,
    build_article_page,
    build_story_view,
    keep_built,
    story_version,
)
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Story
from newsdesk.store.views import ARTICLE, STORY, kept_versions

log = logging.getLogger(__name__)


def build_page_views(
    store: Store, settings: Settings, story_ids: Iterable[int], *, on_built: Notify = ignore
) -> int:
    """Build and keep the view of each of these stories and of their full articles where
    what is kept is missing or was built from other inputs; how many views were built.
    `on_built` is told of each story done."""
    built = 0
    for story_id in sorted(set(story_ids)):
        # Built in a reading session and written at the end: on SQLite the write lock is
        # then held for the inserts only, not while a big story's pages are built.
        with store.session() as session:
            story = session.get(Story, story_id)
            if story is None:
                continue  # merged away or forgotten since it was grouped
            views: list[tuple[str, int, str, Record]] = []
            version = story_version(story, settings)
            if kept_versions(session, STORY, [story_id]).get(story_id) != version:
                views.append(
                    (STORY, story_id, version, build_story_view(session, story_id, settings))
                )
            articles = list(
                session.scalars(
                    select(Article).where(Article.story_id == story_id, Article.is_stub.is_(False))
                )
            )
            kept = kept_versions(session, ARTICLE, [a.id for a in articles])
            for article in articles:
                version = article_version(session, article, settings)
                if kept.get(article.id) != version:
                    page = build_article_page(session, article.id, settings)
                    views.append((ARTICLE, article.id, version, page))
            for kind, subject_id, version, view in views:
                try:
                    keep_built(session, kind, subject_id, version, view, pipeline=True)
                except IntegrityError as error:
                    # A page view kept the same one meanwhile, from the same inputs: it stands.
                    log.debug("%s view %s not kept: %s", kind, subject_id, error)
            built += len(views)
        on_built(str(story_id))
    return built
