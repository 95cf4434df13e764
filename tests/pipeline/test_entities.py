"""Entity resolution against the store: one stored entity under every script and spelling."""

from __future__ import annotations

from sqlalchemy import select

from newsdesk.pipeline.entities import resolve_entities
from newsdesk.store.db import Store
from newsdesk.store.models import Entity
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
