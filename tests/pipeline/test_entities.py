"""Entity resolution against the store: one stored entity under every script and spelling."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.pipeline.entities import join_sound_names, resolve_entities
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Document, Entity, Mention, Story
from newsdesk.types import LocalEntity


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


def test_a_story_s_korean_article_names_its_english_articles_people_by_sound(
    store: Store,
) -> None:
    with store.session() as session:
        story = Story(title="Lavrov in Moscow")
        session.add(story)
        session.flush()
        english = _article(session, "Lavrov meets Choe", "Sergey Lavrov said.", "en", story)
        korean = _article(session, "회담", "세르게이 라브로프 외무장관이 말했다.", "ko", story)
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
        ids = (story.id, korean.id, lavrov.id)
    story_id, korean_id, lavrov_id = ids
    with store.session() as session:
        assert join_sound_names(session, [story_id]) == 1
    with store.session() as session:
        # Run again as the story grows: what is stored is not added twice.
        assert join_sound_names(session, [story_id]) == 0
        found = session.scalars(select(Mention).where(Mention.article_id == korean_id)).all()
        assert [(m.text, m.entity_id) for m in found] == [("세르게이 라브로프", lavrov_id)]
