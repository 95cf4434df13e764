"""Comments as the API shows them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from newsdesk.errors import NotFound
from newsdesk.read.records import CommentRecord
from newsdesk.store.comments import comments_on
from newsdesk.store.models import Article, Comment, Story


def comment_record(comment: Comment) -> CommentRecord:
    """A comment as the API shows it: its author's name, never more of the account."""
    return CommentRecord(
        id=comment.id,
        author=comment.account.name,
        article_id=comment.article_id,
        story_id=comment.story_id,
        body=comment.body,
        hidden=comment.hidden,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


def comments_for(
    session: Session, *, article_id: int | None = None, story_id: int | None = None
) -> list[CommentRecord]:
    """The visible comments on an article or a story, oldest first; NotFound when there is
    no such article or story."""
    require_target(session, article_id=article_id, story_id=story_id)
    return [
        comment_record(c) for c in comments_on(session, article_id=article_id, story_id=story_id)
    ]


def require_target(
    session: Session, *, article_id: int | None = None, story_id: int | None = None
) -> None:
    """NotFound unless the article (or story) a comment is about exists."""
    if article_id is not None and session.get(Article, article_id) is None:
        raise NotFound(f"There is no article {article_id}.")
    if story_id is not None and session.get(Story, story_id) is None:
        raise NotFound(f"There is no story {story_id}.")
