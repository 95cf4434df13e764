"""Story comments and follows find their story again through their anchor article when
every story is rebuilt, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from newsdesk.store.accounts import create_account
from newsdesk.store.anchors import detach_from_stories, reattach_to_stories
from newsdesk.store.comments import post_comment
from newsdesk.store.follows import follow
from newsdesk.store.models import Article, Comment, Document, Follow, Story
from newsdesk.store.stories import clear_stories


def _article(session, title: str, story: Story) -> Article:
    payload = title.encode()
    document = Document(
        sha256=hashlib.sha256(payload).hexdigest(),
        origin=f"{title}.txt",
        content_type="text/plain",
        payload=payload,
        size=len(payload),
        status="extracted",
    )
    article = Article(document=document, ordinal=0, title=title, text=title, story_id=story.id)
    session.add(article)
    session.flush()
    return article


def test_follows_and_comments_move_to_the_new_story_of_their_anchor(store) -> None:
    with store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        flood, rain, gone = Story(title="Flood"), Story(title="Rain"), Story(title="Gone")
        session.add_all([flood, rain, gone])
        session.flush()
        flood_first, rain_first, lonely = (
            _article(session, "flood", flood),
            _article(session, "rain", rain),
            _article(session, "lonely", gone),
        )
        follows = [follow(session, ann, "story", s.id).id for s in (flood, rain, gone)]
        comment = post_comment(session, ann, "Good.", story_id=rain.id).id
        assert [session.get(Follow, f).anchor_article_id for f in follows] == [
            flood_first.id,
            rain_first.id,
            lonely.id,
        ]
        ids = (flood_first.id, rain_first.id, lonely.id)
    # A rebuild that puts the flood and the rain in one story and the lonely article in none.
    with store.session() as session:
        assert detach_from_stories(session) == 4
        clear_stories(session)
    with store.session() as session:
        merged = Story(title="Flood and rain")
        session.add(merged)
        session.flush()
        for article_id in ids[:2]:
            session.get_one(Article, article_id).story_id = merged.id
        session.flush()
        assert reattach_to_stories(session) == 2
        kept = list(session.scalars(select(Follow)))
        # The earliest of the two follows now on one story stays; the one with no story goes.
        assert [(f.id, f.story_id) for f in kept] == [(follows[0], merged.id)]
        assert session.get_one(Comment, comment).story_id == merged.id
