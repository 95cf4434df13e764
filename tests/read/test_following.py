"""The Following read model on the demo store: follows listed with their articles, and
articles after the last visit marked new."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from newsdesk.read.following import following
from newsdesk.store.accounts import create_account
from newsdesk.store.follows import follow
from newsdesk.store.models import Article, Story


def test_following_lists_follows_and_marks_what_is_new(demo_store) -> None:
    with demo_store.session() as session:
        ann = create_account(session, "ann", "correct horse")
        story = session.scalars(select(Story).order_by(Story.size.desc())).first()
        follow(session, ann, "story", story.id)
        assert following(session, ann, since=None).follows[0].new_count == 0
        newest = session.scalar(
            select(func.max(Article.published_at)).where(Article.story_id == story.id)
        )
        page = following(session, ann, since=newest - timedelta(seconds=1))
        [followed] = page.follows
        assert (followed.kind, followed.id, followed.href) == (
            "story",
            story.id,
            f"/stories/{story.id}",
        )
        assert followed.articles, "a followed story lists its articles"
        assert followed.new_count >= 1
        assert all(a.new == (a.article.published > page.since) for a in followed.articles)
        assert following(session, ann, since=newest).follows[0].new_count == 0
