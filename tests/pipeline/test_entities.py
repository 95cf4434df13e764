"""Entity resolution against the store: one stored entity under every script and spelling."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.pipeline.entities import forget_story_names, join_story_names, resolve_entities
from newsdesk.read.entities import find_entities
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Document, Entity, EntityAlias, Mention, Story
from newsdesk.types import LocalEntity, enrichment_text


def person(name: str) -> LocalEntity:
    return LocalEntity(name, "PERSON", (0,), (name,), ())


def test_stored_entities_meet_across_scripts_and_namesakes_stay_apart(store: Store) -> None:
    articles = [
        [person("Choe Son Hui"), person("Kim Jong Un")],
        [person("최선희"), person("김정은")],
        [person("Цой Сон Хи"), person("Ким Чен Ын")],
        [person("Choi So-hee"), person("Ким Чен Ир")],
    ]
    ids = []
    for entities in articles:
        # One session an article, as the pipeline stores them.
        with store.session() as session:
            ids.append(resolve_entities(session, entities, None))
    choe, kim = ids[0]
    assert [row[0] for row in ids] == [choe] * 4
    assert [row[1] for row in ids[:3]] == [kim] * 3 and ids[3][1] != kim
    with store.session() as session:
        stored = session.get(Entity, choe)
        assert stored is not None
        assert {"최선희", "Цой Сон Хи", "Choi So-hee"} <= {a.alias for a in stored.aliases}
        assert len(session.scalars(select(Entity)).all()) == 3


def _article(session: Session, title: str, text: str, language: str, story: Story) -> Article:
    payload = f"{title}\n{text}".encode()
    document = Document(
        sha256=hashlib.sha256(payload).hexdigest(),
        origin=f"{language}.txt",
        content_type="text/plain",
        payload=payload,
        size=len(payload),
        status="extracted",
    )
    article = Article(
        document=document, ordinal=0, title=title, text=text, language=language, story_id=story.id
    )
    session.add(article)
    session.flush()
    return article


def _lavrov_story(store: Store) -> tuple[int, int, int]:
    # A story of an English article naming Sergey Lavrov and a Korean one writing him by
    # sound; the ids of the story, the Korean article and Lavrov.
    with store.session() as session:
        story = Story(title="Lavrov in Moscow")
        session.add(story)
        session.flush()
        english = _article(session, "Lavrov meets Choe", "Sergey Lavrov said.", "en", story)
        korean = _article(
            session, "회담", "세르게이 라브로프 외무장관이 말했다. 라브로프는 웃었다.", "ko", story
        )
        lavrov = Entity(name="Sergey Lavrov", label="PERSON", context=[])
        session.add(lavrov)
        session.flush()
        session.add(
            Mention(
                article_id=english.id,
                entity_id=lavrov.id,
                text="Sergey Lavrov",
                label="PERSON",
                start=19,
                end=32,
                sentence=0,
            )
        )
        return story.id, korean.id, lavrov.id


def test_a_story_s_korean_article_names_its_english_articles_people_by_sound(
    store: Store,
) -> None:
    story_id, korean_id, lavrov_id = _lavrov_story(store)
    with store.session() as session:
        assert join_story_names(session, [story_id]) == 2
    with store.session() as session:
        # Run again as the story grows: what is stored is not added twice.
        assert join_story_names(session, [story_id]) == 0
        found = session.scalars(select(Mention).where(Mention.article_id == korean_id)).all()
        assert sorted((m.text, m.entity_id, m.from_story) for m in found) == [
            ("라브로프", lavrov_id, True),
            ("세르게이 라브로프", lavrov_id, True),
        ]
        # The forms are the person's aliases: he is found by them.
        assert [e.id for e, _ in find_entities(session, "라브로프")] == [lavrov_id]
        assert [e.id for e, _ in find_entities(session, "세르게이 라브로프")] == [lavrov_id]


def test_names_joined_from_story_go_with_their_aliases_and_the_article_s_own_stay(
    store: Store,
) -> None:
    story_id, korean_id, lavrov_id = _lavrov_story(store)
    with store.session() as session:
        # The Korean article's own enrichment found the second "라브로프".
        korean = session.get_one(Article, korean_id)
        start = enrichment_text(korean.title, korean.text).rindex("라브로프")
        session.add(
            Mention(
                article_id=korean_id,
                entity_id=lavrov_id,
                text="라브로프",
                label="PERSON",
                start=start,
                end=start + 4,
                sentence=1,
            )
        )
        session.add(EntityAlias(entity_id=lavrov_id, alias="라브로프"))
    with store.session() as session:
        assert join_story_names(session, [story_id]) == 1
    with store.session() as session:
        assert forget_story_names(session) == 1
    with store.session() as session:
        left = session.scalars(select(Mention).where(Mention.article_id == korean_id)).all()
        assert [(m.text, m.from_story) for m in left] == [("라브로프", False)]
        aliases = session.scalars(
            select(EntityAlias.alias).where(EntityAlias.entity_id == lavrov_id)
        ).all()
        assert aliases == ["라브로프"]
        assert find_entities(session, "세르게이 라브로프") == []
        assert forget_story_names(session) == 0
