"""Follows, last visits and private feed tokens in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from newsdesk.errors import NotFound
from newsdesk.store.accounts import create_account, hash_token
from newsdesk.store.db import MIGRATIONS
from newsdesk.store.follows import (
    feed_token_account,
    feed_token_on,
    follow,
    follows_of,
    is_following,
    last_visit,
    mark_visit,
    new_feed_token,
    revoke_feed_token,
    unfollow,
)
from newsdesk.store.models import Entity, Follow, FollowState, Story, utcnow


def test_follow_and_unfollow_stories_and_entities(store) -> None:
    with store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        bob = create_account(session, "bob", "correct horse")
        story = Story(title="Flood in the valley")
        entity = Entity(name="Ann Smith", label="PERSON")
        session.add_all([story, entity])
        session.flush()
        first = follow(session, ann, "story", story.id)
        assert follow(session, ann, "story", story.id).id == first.id
        follow(session, ann, "entity", entity.id)
        assert [(f.story_id, f.entity_id) for f in follows_of(session, ann)] == [
            (story.id, None),
            (None, entity.id),
        ]
        assert is_following(session, ann, "story", story.id)
        assert not is_following(session, bob, "story", story.id)
        assert not is_following(session, ann, "story", entity.id + story.id + 99)
        with pytest.raises(NotFound):
            follow(session, ann, "story", story.id + 1000)
        with pytest.raises(NotFound):
            follow(session, ann, "outlet", story.id)
        assert unfollow(session, ann, "story", story.id)
        assert not unfollow(session, ann, "story", story.id)
        assert [f.entity_id for f in follows_of(session, ann)] == [entity.id]


def test_last_visit_is_recorded_and_returns_the_one_before(store) -> None:
    with store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        assert last_visit(session, ann) is None
        then = utcnow() - timedelta(hours=2)
        assert mark_visit(session, ann, now=then) is None
        assert mark_visit(session, ann) == then
        assert last_visit(session, ann) > then


def test_feed_tokens_are_hashed_replaced_and_revoked(store) -> None:
    with store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        assert not feed_token_on(session, ann)
        token = new_feed_token(session, ann)
        assert feed_token_on(session, ann)
        assert session.get(FollowState, ann.id).feed_token_hash == hash_token(token)
        assert token not in (session.get(FollowState, ann.id).feed_token_hash or "")
        assert feed_token_account(session, token).id == ann.id
        second = new_feed_token(session, ann)
        assert feed_token_account(session, token) is None
        assert feed_token_account(session, second).id == ann.id
        revoke_feed_token(session, ann)
        assert feed_token_account(session, second) is None
        assert not feed_token_on(session, ann)
        assert feed_token_account(session, "") is None


def test_a_reader_follows_a_story_or_an_entity_once(store, monkeypatch) -> None:
    from newsdesk.store import follows

    with store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        story = Story(title="Flood in the valley")
        entity = Entity(name="Ann Smith", label="PERSON")
        session.add_all([story, entity])
        session.flush()
        first = follow(session, ann, "story", story.id)
        assert follow(session, ann, "story", story.id).id == first.id
        follow(session, ann, "entity", entity.id)
        # A second request that looked before the first one wrote: the index refuses its
        # row, and it answers with the follow the first one made.
        find, looked = follows._find, []

        def late(*args):
            looked.append(args)
            return None if len(looked) == 1 else find(*args)

        monkeypatch.setattr(follows, "_find", late)
        assert follow(session, ann, "story", story.id).id == first.id
        assert len(looked) == 2
        monkeypatch.undo()
        ids = (ann.id, story.id, entity.id)
    # The index itself refuses a second row, whatever path tries to write it.
    for target in ({"story_id": ids[1]}, {"entity_id": ids[2]}):
        with pytest.raises(IntegrityError), store.session() as session:
            session.add(Follow(account_id=ids[0], **target))
            session.flush()
    with store.session() as session:
        assert len(follows_of(session, session.get_one(type(ann), ids[0]))) == 2


def _migrate_to(connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def test_migration_keeps_the_earliest_of_duplicate_follows_and_anchors_them(settings) -> None:
    engine = create_engine(settings.resolved_database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    now = utcnow()
    with engine.begin() as connection:
        _migrate_to(connection, "0016")
        connection.execute(
            text(
                "INSERT INTO accounts (id, name, name_key, password_hash, role, created_at) "
                "VALUES (1, 'ann', 'ann', 'x', 'reader', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO stories (id, title, size, state, created_at, updated_at) "
                "VALUES (7, 'Flood', 2, '{}', :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO documents (id, sha256, origin, content_type, size, hints, "
                "received_at, status) VALUES (1, :sha, 'x', 'text/plain', 0, '{}', :now, 'done')"
            ),
            {"now": now, "sha": "0" * 64},
        )
        for article_id, stub in ((5, True), (6, False), (9, False)):
            connection.execute(
                text(
                    "INSERT INTO articles (id, document_id, ordinal, title, text, is_stub, "
                    "story_id, created_at, updated_at) "
                    "VALUES (:id, 1, :id, 't', 't', :stub, 7, :now, :now)"
                ),
                {"id": article_id, "stub": stub, "now": now},
            )
        connection.execute(
            text(
                "INSERT INTO entities (id, name, label, context, created_at) "
                "VALUES (3, 'Ann Smith', 'PERSON', '{}', :now)"
            ),
            {"now": now},
        )
        duplicates = ((1, 7, None), (2, 7, None), (3, None, 3), (4, None, 3))
        for follow_id, story_id, entity_id in duplicates:
            connection.execute(
                text(
                    "INSERT INTO follows (id, account_id, story_id, entity_id, created_at) "
                    "VALUES (:id, 1, :story, :entity, :now)"
                ),
                {"id": follow_id, "story": story_id, "entity": entity_id, "now": now},
            )
        _migrate_to(connection, "head")
        rows = connection.execute(
            text("SELECT id, story_id, entity_id, anchor_article_id FROM follows ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, 7, None, 6), (3, None, 3, None)]
