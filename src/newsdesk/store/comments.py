"""Comments on articles and stories: post, edit and delete one's own, moderators hide or
delete any, counts, and a per-account rate limit kept in the database (so every server
process sees the same count)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from newsdesk.errors import CommentError, NotAllowed, NotFound, RateLimited, wait_in_words
from newsdesk.store.anchors import story_anchor
from newsdesk.store.models import Account, Article, Comment, Story, utcnow

MAX_BODY_CHARS = 5000
# A reader may post this many comments in this long; moderators are not limited.
RATE_COUNT = 5
RATE_WINDOW = timedelta(minutes=1)
MODERATOR_ROLES = ("moderator", "admin")


def is_moderator(account: Account | None) -> bool:
    """True for accounts that may hide and delete any comment."""
    return account is not None and account.role in MODERATOR_ROLES


def clean_body(body: str) -> str:
    """The body as stored: trimmed, line ends unified; CommentError when empty or too long."""
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise CommentError("a comment needs some text")
    if len(text) > MAX_BODY_CHARS:
        raise CommentError(
            f"a comment is at most {MAX_BODY_CHARS} characters; this one has {len(text)}"
        )
    return text


def _serialise_writes_of(session: Session, account: Account) -> None:
    # Counting recent comments and adding one must be one step for an account, or twenty
    # posts at once all count four and all get in. A write to the account's row first takes
    # PostgreSQL's row lock and SQLite's write lock, so the next post counts after this one.
    session.execute(update(Account).where(Account.id == account.id).values(role=Account.role))


def check_rate(session: Session, account: Account, now: datetime) -> None:
    """Raise RateLimited when the account posted RATE_COUNT comments within RATE_WINDOW."""
    if is_moderator(account):
        return
    recent = list(
        session.scalars(
            select(Comment.created_at)
            .where(Comment.account_id == account.id, Comment.created_at > now - RATE_WINDOW)
            .order_by(Comment.created_at)
        )
    )
    if len(recent) >= RATE_COUNT:
        wait = int((recent[-RATE_COUNT] + RATE_WINDOW - now).total_seconds()) + 1
        raise RateLimited(
            f"You can post {RATE_COUNT} comments a minute. Please wait {wait_in_words(wait)} "
            "and post again.",
            retry_after=wait,
        )


def post_comment(
    session: Session,
    account: Account,
    body: str,
    *,
    article_id: int | None = None,
    story_id: int | None = None,
    now: datetime | None = None,
) -> Comment:
    """Store a comment on exactly one article or story; CommentError (or RateLimited) if refused."""
    now = now or utcnow()
    if (article_id is None) == (story_id is None):
        raise CommentError("a comment is on one article or one story")
    if article_id is not None and session.get(Article, article_id) is None:
        raise CommentError(f"no article {article_id}")
    if story_id is not None and session.get(Story, story_id) is None:
        raise CommentError(f"no story {story_id}")
    text = clean_body(body)
    _serialise_writes_of(session, account)
    check_rate(session, account, now)
    comment = Comment(
        account_id=account.id,
        article_id=article_id,
        story_id=story_id,
        anchor_article_id=story_anchor(session, story_id) if story_id is not None else None,
        body=text,
        created_at=now,
        hidden=False,
    )
    session.add(comment)
    session.flush()
    return comment


def edit_comment(session: Session, account: Account, comment_id: int, body: str) -> Comment:
    """Change the text of one's own comment; NotAllowed for anyone else's."""
    comment = _get(session, comment_id)
    if comment.account_id != account.id:
        raise NotAllowed("only its author can edit a comment")
    comment.body = clean_body(body)
    comment.edited_at = utcnow()
    return comment


def delete_comment(session: Session, account: Account, comment_id: int) -> Comment:
    """Delete one's own comment, or any comment as a moderator; gives back what was deleted."""
    comment = _get(session, comment_id)
    if comment.account_id != account.id and not is_moderator(account):
        raise NotAllowed("only its author or a moderator can delete a comment")
    session.delete(comment)
    return comment


def hide_comment(session: Session, account: Account, comment_id: int, hidden: bool) -> Comment:
    """Hide a comment from readers (or show it again); moderators only."""
    if not is_moderator(account):
        raise NotAllowed("only moderators can hide comments")
    comment = _get(session, comment_id)
    comment.hidden = hidden
    return comment


def find_comment(session: Session, comment_id: int) -> Comment | None:
    """The comment with this id, or None."""
    return session.get(Comment, comment_id)


def comments_on(
    session: Session,
    *,
    article_id: int | None = None,
    story_id: int | None = None,
    include_hidden: bool = False,
) -> list[Comment]:
    """The comments on an article or a story, oldest first; hidden ones only when asked."""
    query = select(Comment).order_by(Comment.created_at, Comment.id)
    if article_id is not None:
        query = query.where(Comment.article_id == article_id)
    else:
        query = query.where(Comment.story_id == story_id)
    if not include_hidden:
        query = query.where(Comment.hidden.is_(False))
    return list(session.scalars(query))


def comment_counts(
    session: Session, *, article_ids: list[int] | None = None, story_ids: list[int] | None = None
) -> dict[int, int]:
    """Visible comment counts by article id (or by story id, when story_ids are given)."""
    column = Comment.article_id if article_ids is not None else Comment.story_id
    ids = article_ids if article_ids is not None else story_ids or []
    if not ids:
        return {}
    rows = session.execute(
        select(column, func.count(Comment.id))
        .where(column.in_(ids), Comment.hidden.is_(False))
        .group_by(column)
    )
    return {key: count for key, count in rows}


def _get(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"no comment {comment_id}")
    return comment
