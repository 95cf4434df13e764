"""Story anchors: a comment on a story and a follow of one also name the story's first
article, so that when `recluster` rebuilds every story under new ids they find their new
story through that article instead of going with the old one."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect

from newsdesk.store.models import Article, Comment, Follow


def story_anchor(session: Session, story_id: int) -> int | None:
    """The story's first full article: the anchor of what is said about or kept of it."""
    return session.scalar(
        select(func.min(Article.id)).where(Article.story_id == story_id, Article.is_stub.is_(False))
    )


def detach_from_stories(session: Session) -> int:
    """Unhook story comments and story follows from their stories before every story is
    forgotten (they keep their anchor article); returns how many."""
    detached = 0
    for model in (Comment, Follow):
        done = session.execute(
            update(model).where(model.story_id.is_not(None)).values(story_id=None)
        )
        detached += int(done.rowcount or 0)
    return detached


def _story_of_anchor(model: type[Comment] | type[Follow]) -> ScalarSelect[int | None]:
    return select(Article.story_id).where(Article.id == model.anchor_article_id).scalar_subquery()


def reattach_to_stories(session: Session) -> int:
    """Hook detached story comments and follows onto the story their anchor article now
    belongs to; returns how many. Two follows of one reader whose stories were grouped
    into one become one follow (the earliest); a follow whose anchor is in no story is
    dropped, as there is nothing left to follow."""
    reattached = session.execute(
        update(Comment)
        .where(
            Comment.story_id.is_(None),
            Comment.article_id.is_(None),
            Comment.anchor_article_id.is_not(None),
        )
        .values(story_id=_story_of_anchor(Comment))
    )
    count = int(reattached.rowcount or 0)
    detached = session.execute(
        select(Follow.id, Follow.account_id, _story_of_anchor(Follow))
        .where(Follow.story_id.is_(None), Follow.entity_id.is_(None))
        .order_by(Follow.id)
    ).all()
    kept: set[tuple[int, int]] = set()
    dropped: list[int] = []
    for follow_id, account_id, story_id in detached:
        if story_id is None or (account_id, story_id) in kept:
            dropped.append(follow_id)
            continue
        kept.add((account_id, story_id))
        session.execute(update(Follow).where(Follow.id == follow_id).values(story_id=story_id))
        count += 1
    if dropped:
        session.execute(delete(Follow).where(Follow.id.in_(dropped)))
    return count
