"""Story, article, entity and front pages as kept in the store: the pipeline builds each
view when its inputs change (pipeline/views.py), and a page, the API and the CLI only read it.

A view is kept with the version of its inputs it was built from (the story's or the
article's last change, the entity's rows and its articles' last change, the corpus's newest
article and grouping for the front page, and the reading settings); one whose version is
not current, or
none at all (a store older than this step, a story grown since), is built on demand, once
per process however many readers ask at once, and kept. The builders here are the only
ones: the pipeline step and the on-demand path call the same.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.errors import NotFound
from newsdesk.present.related import relative_time
from newsdesk.read.articles import article_view, latest_articles
from newsdesk.read.entities import entity_stories, entity_view, story_count
from newsdesk.read.front import FRONT_PER_PAGE, corpus_version, front_page
from newsdesk.read.records import (
    ArticlePage,
    EntityView,
    FrontView,
    Record,
    RelatedArticle,
    StoryView,
)
from newsdesk.read.related import related_articles
from newsdesk.read.stories import story_view, thread_stories
from newsdesk.read.topics import front_sections
from newsdesk.read.translations import translation_of
from newsdesk.store.entities import entity_stamps
from newsdesk.store.models import Article, Story, utcnow
from newsdesk.store.views import ARTICLE, ENTITY, FRONT, STORY, keep_view, kept_view

# Bumped when a kept view's record changes shape or meaning: every kept view is then stale.
VIEW_FORMAT = "5"
# Related articles kept per article page (a caller asking for more has them computed).
RELATED_KEPT = 10
# Latest articles the first front page lists.
LATEST_KEPT = 10


def view_digest(settings: Settings) -> str:
    """What of the settings a view depends on, hashed: other floors make other views."""
    said = repr((VIEW_FORMAT, asdict(settings.reading), settings.llm_url, settings.llm_model))
    return hashlib.sha1(said.encode()).hexdigest()[:12]


def story_version(story: Story, settings: Settings) -> str:
    """The version of a story's inputs: grouping stamps the story whenever an article
    joins it or one of its articles changes."""
    return f"{story.updated_at.isoformat()}/{story.size}/{view_digest(settings)}"


def article_version(session: Session, article: Article, settings: Settings) -> str:
    """The version of an article page's inputs: the article's last change and its story's
    (a copy folded in, an article more to relate it to). A teaser stub goes by the story
    of the article it teases."""
    story_id = article.story_id
    if story_id is None and article.duplicate_of_id is not None:
        full = session.get(Article, article.duplicate_of_id)
        story_id = full.story_id if full is not None else None
    story = session.get(Story, story_id) if story_id is not None else None
    of_story = f"{story.updated_at.isoformat()}/{story.size}" if story is not None else "-"
    return f"{article.updated_at.isoformat()}/{of_story}/{view_digest(settings)}"


def front_version(session: Session, settings: Settings) -> str:
    """The version of every front page's inputs: the newest article, the last grouping and
    the count of stories (read from indexes), the page size and the reading settings."""
    newest, grouped, stories = corpus_version(session)
    return f"{newest}/{grouped}/{stories}/{FRONT_PER_PAGE}/{view_digest(settings)}"


def entity_versions(
    session: Session, entity_ids: Iterable[int], settings: Settings
) -> dict[int, str]:
    """The version of each entity page's inputs (of the entities that exist): its names,
    roles, mentions and quotes and the last change of the articles holding them (grouping
    stamps an article it places or folds). Its stories' own changes are not in it: the
    page reads its list of stories fresh."""
    digest = view_digest(settings)
    return {
        entity_id: f"{hashlib.sha1(repr(stamp).encode()).hexdigest()[:20]}/{digest}"
        for entity_id, stamp in entity_stamps(session, entity_ids).items()
    }


def build_front_view(session: Session, page: int, settings: Settings) -> FrontView:
    """A page of the front page, built: its ranked stories filed in sections, and on page 1
    the latest articles."""
    ranked = front_page(session, page=page, per_page=FRONT_PER_PAGE, reading=settings.reading)
    return FrontView(
        front=ranked,
        latest=latest_articles(session, limit=LATEST_KEPT) if page == 1 else [],
        sections=front_sections(session, ranked.stories, settings.reading),
    )


def stored_front_view(
    session: Session, page: int, settings: Settings, version: str | None = None
) -> FrontView:
    """A page of the front page as kept (built and kept first if missing or stale);
    `version` is front_version's, when the caller read it already."""
    return _kept_or_built(
        session,
        FRONT,
        page,
        version or front_version(session, settings),
        FrontView,
        lambda: build_front_view(session, page, settings),
    )


def build_story_view(session: Session, story_id: int, settings: Settings) -> StoryView:
    """A story's view, built from its articles (what the pipeline keeps)."""
    return story_view(session, story_id, utcnow(), settings)


def build_entity_view(session: Session, entity_id: int, settings: Settings) -> EntityView:
    """An entity's page, built: names, roles, stories, quotes, timeline, mention volume."""
    return entity_view(session, entity_id, reading=settings.reading)


def build_article_page(session: Session, article_id: int, settings: Settings) -> ArticlePage:
    """An article's page, built: the article with its summary, its related articles, and
    the English of its headline and lead when it is in another language."""
    article = session.get(Article, article_id)
    return ArticlePage(
        article=article_view(session, article_id),
        related=related_articles(
            session, article_id, utcnow(), limit=RELATED_KEPT, reading=settings.reading
        ),
        translation=translation_of(article, settings) if article is not None else None,
    )


def keep_built(
    session: Session, kind: str, subject_id: int, version: str, view: Record, *, pipeline: bool
) -> bool:
    """Keep a built view; `pipeline` writes go with the session's work, a page's best effort."""
    body = view.model_dump_json()
    return keep_view(session, kind, subject_id, version, body, with_session=pipeline)


def stored_story_view(
    session: Session, story_id: int, settings: Settings, now: datetime
) -> StoryView:
    """A story's view as kept (built and kept first if missing or stale), with its thread
    and the articles' relative times as of `now`; NotFound when there is no such story."""
    story = session.get(Story, story_id)
    if story is None:
        raise NotFound(f"There is no story {story_id}.")
    version = story_version(story, settings)
    view = _kept_or_built(
        session,
        STORY,
        story_id,
        version,
        StoryView,
        lambda: build_story_view(session, story_id, settings),
    )
    return view.model_copy(
        update={
            # Read fresh: other stories join its thread without this one changing.
            "thread_id": story.thread_id,
            "thread": thread_stories(session, story.thread_id),
            "articles": [
                a.model_copy(update={"relative_time": relative_time(a.published, now)})
                for a in view.articles
            ],
        }
    )


def stored_article_page(
    session: Session, article_id: int, settings: Settings, now: datetime
) -> ArticlePage:
    """An article's page as kept (built and kept first if missing or stale), with relative
    times as of `now`; NotFound when there is no such article."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    version = article_version(session, article, settings)
    page = _kept_or_built(
        session,
        ARTICLE,
        article_id,
        version,
        ArticlePage,
        lambda: build_article_page(session, article_id, settings),
    )
    return page.model_copy(update={"related": _as_of(page.related, now)})


def stored_entity_view(session: Session, entity_id: int, settings: Settings) -> EntityView:
    """An entity's page as kept (built and kept first if missing or stale), with its latest
    stories read fresh; NotFound when there is no such entity."""
    version = entity_versions(session, [entity_id], settings).get(entity_id)
    if version is None:
        raise NotFound(f"There is no entity {entity_id}.")
    view = _kept_or_built(
        session,
        ENTITY,
        entity_id,
        version,
        EntityView,
        lambda: build_entity_view(session, entity_id, settings),
    )
    # Read fresh: a story naming it moves up when an article joins it that does not name
    # it, and keeping every such entity's page current would rebuild hundreds a story.
    fresh = {
        "stories": entity_stories(session, entity_id),
        "story_count": story_count(session, entity_id),
    }
    return view.model_copy(update=fresh)


def stored_related(
    session: Session, article_id: int, settings: Settings, now: datetime, *, limit: int
) -> list[RelatedArticle]:
    """The articles related to one, from its kept page when it keeps enough of them."""
    if limit > RELATED_KEPT:
        return related_articles(session, article_id, now, limit=limit, reading=settings.reading)
    return stored_article_page(session, article_id, settings, now).related[:limit]


def _as_of(related: list[RelatedArticle], now: datetime) -> list[RelatedArticle]:
    return [
        r.model_copy(update={"relative_time": relative_time(r.published, now)}) for r in related
    ]


V = TypeVar("V", bound=Record)


class _Flight:
    """One view being built: readers wanting it wait on the lock, then take the view."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.view: Record | None = None


_flights: dict[tuple[str, int, str], _Flight] = {}
_flights_lock = threading.Lock()


def _kept_or_built(
    session: Session,
    kind: str,
    subject_id: int,
    version: str,
    shape: type[V],
    build: Callable[[], V],
) -> V:
    found = _read_kept(session, kind, subject_id, version, shape)
    if found is not None:
        return found
    key = (kind, subject_id, version)
    with _flights_lock:
        flight = _flights.setdefault(key, _Flight())
    # Single-flight: readers missing the same view at once wait for the one building it.
    with flight.lock:
        if isinstance(flight.view, shape):
            return flight.view
        try:
            # Kept meanwhile by another process (a pipeline step, another server worker).
            with session.get_bind().connect() as fresh:
                found = _read_kept(fresh, kind, subject_id, version, shape)
            if found is None:
                found = build()
                keep_built(session, kind, subject_id, version, found, pipeline=False)
            flight.view = found
            return found
        finally:
            with _flights_lock:
                if _flights.get(key) is flight:
                    del _flights[key]


def _read_kept(
    reader: Session | Connection, kind: str, subject_id: int, version: str, shape: type[V]
) -> V | None:
    kept = kept_view(reader, kind, subject_id)
    if kept is None or kept[0] != version:
        return None
    try:
        return shape.model_validate_json(kept[1])
    except ValidationError:
        return None  # kept by another release: built again
