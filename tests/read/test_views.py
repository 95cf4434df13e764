"""Story, article, entity and front pages are read as kept; one missing or stale is built
once and kept, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select, update

from newsdesk.errors import NotFound
from newsdesk.read import views
from newsdesk.read.articles import latest_articles
from newsdesk.read.entities import entity_view
from newsdesk.read.front import front_page
from newsdesk.read.views import (
    article_version,
    build_article_page,
    build_entity_view,
    build_front_view,
    build_story_view,
    entity_versions,
    front_version,
    stored_article_page,
    stored_entity_view,
    stored_front_view,
    stored_story_view,
    story_version,
)
from newsdesk.store.models import Article, Mention, PageView, Story
from newsdesk.store.views import ARTICLE, ENTITY, FRONT, STORY, kept_view

NOW = datetime(2026, 12, 2, tzinfo=UTC)


def _counting(monkeypatch, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(views, name)

    def counted(session, subject_id, settings):
        calls.append(subject_id)
        return real(session, subject_id, settings)

    monkeypatch.setattr(views, name, counted)
    return calls


def test_a_kept_story_view_reads_as_built(demo_store, demo_settings) -> None:
    with demo_store.session() as session:
        story_id = session.scalars(select(Story.id).order_by(Story.size.desc())).first()
        kept = stored_story_view(session, story_id, demo_settings, NOW)
        built = build_story_view(session, story_id, demo_settings)
    fresh = {"articles", "thread"}
    assert kept.model_dump(exclude=fresh) == built.model_dump(exclude=fresh)
    assert [a.id for a in kept.articles] == [a.id for a in built.articles]


def test_a_missing_or_stale_view_is_built_once_and_kept(
    demo_store, demo_settings, monkeypatch
) -> None:
    with demo_store.session() as session:
        story_id = session.scalar(select(Story.id).order_by(Story.id))
        article_id = session.scalar(
            select(Article.id).where(Article.story_id == story_id).order_by(Article.id)
        )
        session.execute(delete(PageView).where(PageView.kind == STORY))
        session.execute(
            update(PageView)
            .where(PageView.kind == ARTICLE, PageView.subject_id == article_id)
            .values(version="built from other inputs")
        )
    stories = _counting(monkeypatch, "build_story_view")
    articles = _counting(monkeypatch, "build_article_page")
    for _ in range(2):
        with demo_store.session() as session:
            stored_story_view(session, story_id, demo_settings, NOW)
            page = stored_article_page(session, article_id, demo_settings, NOW)
    assert stories == [story_id] and articles == [article_id]
    assert page.article.id == article_id and page.article.summary
    with demo_store.session() as session:
        story = session.get_one(Story, story_id)
        assert kept_view(session, STORY, story_id)[0] == story_version(story, demo_settings)
        article = session.get_one(Article, article_id)
        assert kept_view(session, ARTICLE, article_id)[0] == article_version(
            session, article, demo_settings
        )
        rebuilt = build_article_page(session, article_id, demo_settings).related
        assert [r.id for r in rebuilt] == [r.id for r in page.related]


def test_a_kept_front_page_is_the_computed_one(demo_store, demo_settings) -> None:
    with demo_store.session() as session:
        assert kept_view(session, FRONT, 1)[0] == front_version(session, demo_settings)
        for page in (1, 2):
            kept = stored_front_view(session, page, demo_settings)
            computed = front_page(session, page=page, reading=demo_settings.reading)
            assert kept.front == computed, f"front page {page} as kept"
            latest = latest_articles(session, limit=10) if page == 1 else []
            assert kept.latest == latest
        assert stored_front_view(session, 1, demo_settings).front.stories, "page 1 has stories"


def test_a_stale_front_page_is_built_once_for_many_readers(
    demo_store, demo_settings, monkeypatch
) -> None:
    with demo_store.session() as session:
        session.execute(
            update(PageView)
            .where(PageView.kind == FRONT, PageView.subject_id == 1)
            .values(version="built from other inputs")
        )
    calls: list[int] = []
    started = threading.Event()

    def slow_build(session, page, settings):
        calls.append(page)
        started.wait(timeout=5)  # the other readers ask while this one builds
        return build_front_view(session, page, settings)

    monkeypatch.setattr(views, "build_front_view", slow_build)
    seen = []

    def read() -> None:
        with demo_store.session() as session:
            seen.append(stored_front_view(session, 1, demo_settings))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    started.set()
    for thread in readers:
        thread.join()
    assert calls == [1] and len(seen) == 4
    assert all(view == seen[0] for view in seen)
    with demo_store.session() as session:
        assert kept_view(session, FRONT, 1)[0] == front_version(session, demo_settings)
        stored_front_view(session, 1, demo_settings)
    assert calls == [1], "read as kept afterwards"


def _most_named(session) -> int:
    return session.scalars(
        select(Mention.entity_id)
        .where(Mention.entity_id.is_not(None))
        .group_by(Mention.entity_id)
        .order_by(func.count(Mention.id).desc(), Mention.entity_id)
    ).first()


def test_a_kept_entity_page_is_the_computed_one(demo_store, demo_settings) -> None:
    with demo_store.session() as session:
        entity_id = _most_named(session)
        version = entity_versions(session, [entity_id], demo_settings)[entity_id]
        assert kept_view(session, ENTITY, entity_id)[0] == version, "kept by ingest"
        kept = stored_entity_view(session, entity_id, demo_settings)
        computed = entity_view(session, entity_id, reading=demo_settings.reading)
    assert kept == computed
    assert kept.stories and kept.volume.buckets, "a much-named entity's page has content"


def test_an_entity_page_reads_its_stories_fresh(demo_store, demo_settings) -> None:
    with demo_store.session() as session:
        entity_id = _most_named(session)
        before = stored_entity_view(session, entity_id, demo_settings).stories
        last = before[-1]
        # Another article joined the story without naming the entity: the story moves up.
        session.execute(
            update(Story)
            .where(Story.id == last.id)
            .values(last_seen=datetime(2030, 1, 1, tzinfo=UTC))
        )
    with demo_store.session() as session:
        after = stored_entity_view(session, entity_id, demo_settings).stories
    assert len(before) > 1 and after[0].id == last.id
    assert {s.id for s in after} == {s.id for s in before}


def test_a_stale_entity_page_is_built_once_for_many_readers(
    demo_store, demo_settings, monkeypatch
) -> None:
    with demo_store.session() as session:
        entity_id = _most_named(session)
        session.execute(
            update(PageView)
            .where(PageView.kind == ENTITY, PageView.subject_id == entity_id)
            .values(version="built from other inputs")
        )
    calls: list[int] = []
    started = threading.Event()

    def slow_build(session, subject_id, settings):
        calls.append(subject_id)
        started.wait(timeout=5)  # the other readers ask while this one builds
        return build_entity_view(session, subject_id, settings)

    monkeypatch.setattr(views, "build_entity_view", slow_build)
    seen = []

    def read() -> None:
        with demo_store.session() as session:
            seen.append(stored_entity_view(session, entity_id, demo_settings))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    started.set()
    for thread in readers:
        thread.join()
    assert calls == [entity_id] and len(seen) == 4
    assert all(view == seen[0] for view in seen)
    with demo_store.session() as session:
        version = entity_versions(session, [entity_id], demo_settings)[entity_id]
        assert kept_view(session, ENTITY, entity_id)[0] == version
        stored_entity_view(session, entity_id, demo_settings)
    assert calls == [entity_id], "read as kept afterwards"


def test_an_unknown_entity_is_not_found(demo_store, demo_settings) -> None:
    with demo_store.session() as session, pytest.raises(NotFound):
        stored_entity_view(session, 2**31 - 1, demo_settings)
