"""The views step after grouping keeps every story's, article's, entity's and front page's view
current, in process for the CLI and as a queued job for workers, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.pipeline import ingest_paths
from newsdesk.pipeline.tasks import make_celery
from newsdesk.read.records import EntityView
from newsdesk.read.views import article_version, entity_versions, front_version, story_version
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Mention, Story
from newsdesk.store.views import ARTICLE, ENTITY, FRONT, STORY, kept_versions, kept_view
from newsdesk.types import IngestHints

PATRIOTS = ARTICLES_DIR / "txt" / "trump-patriots-ukraine.txt"


def _stale_stories(session, settings: Settings) -> list[int]:
    stories = list(session.scalars(select(Story)))
    kept = kept_versions(session, STORY, [s.id for s in stories])
    return [s.id for s in stories if kept.get(s.id) != story_version(s, settings)]


def _stale_articles(session, settings: Settings) -> list[int]:
    articles = list(
        session.scalars(
            select(Article).where(Article.is_stub.is_(False), Article.story_id.is_not(None))
        )
    )
    kept = kept_versions(session, ARTICLE, [a.id for a in articles])
    return [a.id for a in articles if kept.get(a.id) != article_version(session, a, settings)]


def _named_in(session, *where) -> list[int]:
    return sorted(
        session.scalars(
            select(Mention.entity_id)
            .join(Article, Article.id == Mention.article_id)
            .where(Mention.entity_id.is_not(None), *where)
            .distinct()
        )
    )


def _stale_entities(session, settings: Settings) -> list[int]:
    named = _named_in(session, Article.story_id.is_not(None))
    current = entity_versions(session, named, settings)
    kept = kept_versions(session, ENTITY, current)
    return sorted(i for i, version in current.items() if kept.get(i) != version)


def _stale_fronts(session, settings: Settings) -> list[int]:
    pages = range(1, settings.reading.front_pages_kept + 1)
    kept = kept_versions(session, FRONT, pages)
    return [page for page in pages if kept.get(page) != front_version(session, settings)]


def test_ingest_keeps_every_story_and_article_view_current(
    demo_store: Store, demo_settings: Settings
) -> None:
    with demo_store.session() as session:
        assert session.scalar(select(Story.id)) is not None
        assert _stale_stories(session, demo_settings) == []
        assert _stale_articles(session, demo_settings) == []
        assert _stale_entities(session, demo_settings) == []
        assert _stale_fronts(session, demo_settings) == []


def _copy_of_patriots(folder: Path) -> tuple[Path, IngestHints]:
    # The same wire story carried by another outlet an hour later, with a line of its own:
    # a syndicated copy, which joins the original's story.
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "patriots-port-gazette.txt"
    copy.write_text(PATRIOTS.read_text() + "\nThe Port Gazette's desk contributed.\n")
    hints = demo_hints(PATRIOTS)
    published = hints.published + timedelta(hours=1) if hints.published else None
    return copy, IngestHints(source="Port Gazette", published=published)


def _story_of_patriots(session) -> Story:
    title = PATRIOTS.read_text().splitlines()[0].strip()
    article = session.scalars(
        select(Article).where(Article.title == title, Article.is_stub.is_(False))
    ).first()
    assert article is not None and article.story_id is not None
    return session.get_one(Story, article.story_id)


def test_a_story_that_gains_an_article_gets_its_view_rebuilt(
    demo_store: Store, demo_settings: Settings, tmp_path: Path
) -> None:
    with demo_store.session() as session:
        story = _story_of_patriots(session)
        story_id, before = story.id, kept_view(session, STORY, story.id)
        kept_entities = {
            i: EntityView.model_validate_json(kept_view(session, ENTITY, i)[1])
            for i in _named_in(session, Article.story_id == story_id)
        }
    copy, hints = _copy_of_patriots(tmp_path / "in")
    report = ingest_paths(demo_store, [copy], hints, demo_settings)
    assert report.articles == 1 and story_id in report.grown
    with demo_store.session() as session:
        story = session.get_one(Story, story_id)
        kept = kept_view(session, STORY, story_id)
        added = session.scalar(select(Article.id).where(Article.id.in_(report.added)))
        assert kept is not None and before is not None and kept != before
        assert kept[0] == story_version(story, demo_settings)
        assert f'"id":{added},' in kept[1], "the new article is on its story's kept page"
        named = _named_in(session, Article.id == added)
        assert set(named) & set(kept_entities), "the copy names the story's people"
        for entity_id in named:
            page = EntityView.model_validate_json(kept_view(session, ENTITY, entity_id)[1])
            was = kept_entities.get(entity_id)  # its own outlet's name is new
            assert page.articles == (was.articles if was else 0) + 1, page.name
        assert _stale_stories(session, demo_settings) == []
        assert _stale_articles(session, demo_settings) == []
        assert _stale_entities(session, demo_settings) == []
        assert _stale_fronts(session, demo_settings) == []


def test_the_worker_group_job_queues_the_views_step_for_what_it_grouped(
    demo_store: Store, demo_settings: Settings, tmp_path: Path, monkeypatch
) -> None:
    copy, hints = _copy_of_patriots(tmp_path / "in")
    ingest_paths(demo_store, [copy], hints, demo_settings, group=False)
    app = make_celery(replace(demo_settings, broker_url="memory://"))
    sent: list[tuple[str, list]] = []
    monkeypatch.setattr(app, "send_task", lambda name, args=(), **_: sent.append((name, args)))
    assert app.tasks["newsdesk.group"].apply().get() == "grouped"
    with demo_store.session() as session:
        story_id = _story_of_patriots(session).id
        assert _stale_stories(session, demo_settings) == [story_id], "grouped, not yet built"
        assert _stale_fronts(session, demo_settings) == [1, 2, 3, 4, 5]
        copy_id = session.scalar(select(func.max(Article.id)))
        named = _named_in(session, Article.id == copy_id)
        assert named and _stale_entities(session, demo_settings) == named
    assert [name for name, _ in sent] == ["newsdesk.build_views"]
    assert sent[0][1] == [[story_id]]
    assert app.tasks["newsdesk.build_views"].apply(args=sent[0][1]).get() > 1
    with demo_store.session() as session:
        assert _stale_stories(session, demo_settings) == []
        assert _stale_articles(session, demo_settings) == []
        assert _stale_entities(session, demo_settings) == []
        assert _stale_fronts(session, demo_settings) == []
