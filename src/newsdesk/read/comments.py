"""Comments as the API shows them."""

from __future__ import annotations

from newsdesk.read.records import CommentRecord
from newsdesk.store.models import Comment


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
