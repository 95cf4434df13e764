"""Follows, last visits and private feed tokens in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.errors import NotFound
from newsdesk.store.accounts import create_account, hash_token
from newsdesk.store.follows import (
    feed_token_account,
    follow,
    follows_of,
    is_following,
    last_visit,
    mark_visit,
    new_feed_token,
    revoke_feed_token,
    unfollow,
)
from newsdesk.store.models import Entity, FollowState, Story, utcnow


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
        token = new_feed_token(session, ann)
        assert session.get(FollowState, ann.id).feed_token_hash == hash_token(token)
        assert token not in (session.get(FollowState, ann.id).feed_token_hash or "")
        assert feed_token_account(session, token).id == ann.id
        second = new_feed_token(session, ann)
        assert feed_token_account(session, token) is None
        assert feed_token_account(session, second).id == ann.id
        revoke_feed_token(session, ann)
        assert feed_token_account(session, second) is None
        assert feed_token_account(session, "") is None
