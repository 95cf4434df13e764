"""An entity as its page describes it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.read.entities import describe, entity_view, other_names
from newsdesk.read.views import stored_entity_view
from newsdesk.store.db import Store
from newsdesk.store.models import (
    Article,
    Document,
    Entity,
    EntityRole,
    Mention,
    Quote,
    Story,
)


def _role(role: str, day: int | None) -> EntityRole:
    seen = datetime(2025, 7, day, tzinfo=UTC) if day else None
    return EntityRole(role=role, first_seen=seen, last_seen=seen)


def test_the_role_seen_last_describes_them_in_its_fullest_form() -> None:
    roles = [_role("North Korean leader", 3), _role("General Secretary", 1), _role("leader", 9)]
    assert describe(roles) == "North Korean leader"
    assert describe([_role("Governor", 2), _role("Deputy Governor", 1)]) == "Governor"
    assert describe([_role("Prime Minister", None)]) == "Prime Minister"
    assert describe([]) is None


def test_also_written_as_leaves_out_the_name_in_any_case_or_spacing() -> None:
    aliases = ["Kim Jong Un", "KIM  JONG UN", " kim jong un", "Kim Jong-un", "Kim Jong-Un", "Kim"]
    assert other_names("Kim Jong Un", aliases) == ["Kim Jong-un", "Kim"]
    assert other_names("Kim Jong Un", ["Kim Jong Un"]) == []


def _named_in_stories(store: Store, stories: int) -> int:
    """An entity named in one article of each of `stories` stories, in a second article
    of the first, and in an article no story holds yet; its id."""
    with store.session() as session:
        entity = Entity(name="Kaja Kallas", label="PERSON")
        held = [Story(title=f"Story {n}") for n in range(stories)]
        session.add_all([entity, *held])
        session.flush()
        for n, story_id in enumerate([s.id for s in held] + [held[0].id, None]):
            document = Document(
                sha256=f"{n:064d}",
                origin=f"{n}.txt",
                content_type="text/plain",
                size=1,
                status="extracted",
            )
            article = Article(
                document=document, ordinal=0, title=f"Kallas {n}", text="Kallas spoke."
            )
            article.story_id = story_id
            session.add(article)
            session.flush()
            session.add(
                Mention(
                    article_id=article.id,
                    entity_id=entity.id,
                    text="Kallas",
                    label="PERSON",
                    start=0,
                    end=6,
                    sentence=0,
                )
            )
        return entity.id


def test_the_page_counts_every_story_naming_the_entity_and_lists_the_latest(
    store: Store, settings: Settings
) -> None:
    entity_id = _named_in_stories(store, 23)
    with store.session() as session:
        built = entity_view(session, entity_id, reading=settings.reading)
        kept = stored_entity_view(session, entity_id, settings)
    assert len(built.stories) == 20, "the list stays the latest 20"
    assert built.story_count == 23
    assert kept.story_count == 23 and len(kept.stories) == 20


def test_the_page_counts_every_quote_they_said_and_lists_the_latest(
    store: Store, settings: Settings
) -> None:
    entity_id = _named_in_stories(store, 23)
    with store.session() as session:
        articles = session.scalars(select(Mention.article_id).where(Mention.entity_id == entity_id))
        for n, article_id in enumerate(articles):
            # Every article but one quotes them surely; that one below the reading floor.
            sure = n != 0
            session.add(
                Quote(
                    article_id=article_id,
                    speaker_id=entity_id,
                    kind="direct",
                    text=f"Quote {n}",
                    start=0,
                    end=5,
                    sentence=0,
                    confidence=1.0 if sure else 0.1,
                )
            )
        session.flush()
        built = entity_view(session, entity_id, reading=settings.reading)
        kept = stored_entity_view(session, entity_id, settings)
    assert len(built.quotes) == 20, "the list stays the latest 20"
    assert built.quote_count == 24, "25 articles quote them, one too unsurely to show"
    assert kept.quote_count == 24
