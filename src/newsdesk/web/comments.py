"""Comment forms: post on an article or story, edit or delete one's own, moderators hide,
show or delete any. Each answers with a redirect back to the page, or an error page
(400 empty or too long, 401 not logged in, 403 not allowed, 429 rate limited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from newsdesk.errors import CommentError, RateLimited
from newsdesk.store.comments import (
    delete_comment,
    edit_comment,
    hide_comment,
    post_comment,
)
from newsdesk.store.models import Account, Comment
from newsdesk.web.accounts import require_csrf
from newsdesk.web.context import Viewer, reader, render, viewer
from newsdesk.web.handlers import TITLES
from newsdesk.web.pages import Id

router = APIRouter(include_in_schema=False)

# The store's limit is 5,000 characters; the form field allows for line ends sent as CRLF.
Body = Annotated[str, Form(max_length=12_000)]
Token = Annotated[str, Form(max_length=200)]


def logged_in(user: Viewer | None) -> Viewer:
    """The viewer, or 401 when nobody is logged in."""
    if user is None:
        raise HTTPException(401, "Log in to comment: /login")
    return user


def back_to(comment: Comment, anchor: str = "comments") -> str:
    """The page a comment is shown on."""
    if comment.article_id is not None:
        return f"/articles/{comment.article_id}#{anchor}"
    return f"/stories/{comment.story_id}#{anchor}"


@router.post("/articles/{article_id}/comments")
def comment_on_article(
    request: Request, article_id: Id, body: Body, csrf_token: Token = ""
) -> Response:
    """Post a comment on an article."""
    return _post(request, body, csrf_token, article_id=article_id)


@router.post("/stories/{story_id}/comments")
def comment_on_story(
    request: Request, story_id: Id, body: Body, csrf_token: Token = ""
) -> Response:
    """Post a comment on a story."""
    return _post(request, body, csrf_token, story_id=story_id)


def _post(
    request: Request,
    body: str,
    csrf_token: str,
    *,
    article_id: int | None = None,
    story_id: int | None = None,
) -> Response:
    require_csrf(request, csrf_token)
    try:
        with reader(request).store.session() as session:
            account = _account(request, session)
            comment = post_comment(session, account, body, article_id=article_id, story_id=story_id)
            target = back_to(comment, f"comment-{comment.id}")
    except (RateLimited, CommentError) as error:
        return _refused(request, error, body, article_id=article_id, story_id=story_id)
    return RedirectResponse(target, status_code=303)


def _refused(
    request: Request,
    error: RateLimited | CommentError,
    body: str,
    *,
    article_id: int | None,
    story_id: int | None,
) -> Response:
    """The error page with the draft kept in a form, to send again once allowed."""
    page_path = f"/articles/{article_id}" if article_id is not None else f"/stories/{story_id}"
    status = 429 if isinstance(error, RateLimited) else 400
    with reader(request).store.session() as session:
        user = viewer(request, session)
    page = render(
        request,
        "error.html",
        {
            "title": TITLES[status],
            "message": str(error),
            "draft": {"body": body, "action": f"{page_path}/comments", "back": page_path},
        },
        user=user,
        status_code=status,
    )
    if isinstance(error, RateLimited):
        page.headers["Retry-After"] = str(error.retry_after)
    return page


@router.post("/comments/{comment_id}/edit")
def edit(request: Request, comment_id: Id, body: Body, csrf_token: Token = "") -> Response:
    """Change the text of one's own comment."""
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        account = _account(request, session)
        comment = edit_comment(session, account, comment_id, body)
        target = back_to(comment, f"comment-{comment.id}")
    return RedirectResponse(target, status_code=303)


@router.post("/comments/{comment_id}/delete")
def delete(request: Request, comment_id: Id, csrf_token: Token = "") -> Response:
    """Delete one's own comment, or any as a moderator."""
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        account = _account(request, session)
        comment = delete_comment(session, account, comment_id)
        target = back_to(comment)
    return RedirectResponse(target, status_code=303)


@router.post("/comments/{comment_id}/hide")
def hide(request: Request, comment_id: Id, csrf_token: Token = "") -> Response:
    """Hide a comment from readers (moderators)."""
    return _set_hidden(request, comment_id, csrf_token, hidden=True)


@router.post("/comments/{comment_id}/show")
def show(request: Request, comment_id: Id, csrf_token: Token = "") -> Response:
    """Show a hidden comment again (moderators)."""
    return _set_hidden(request, comment_id, csrf_token, hidden=False)


def _set_hidden(request: Request, comment_id: int, csrf_token: str, *, hidden: bool) -> Response:
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        account = _account(request, session)
        comment = hide_comment(session, account, comment_id, hidden)
        target = back_to(comment, f"comment-{comment.id}")
    return RedirectResponse(target, status_code=303)


def _account(request: Request, session: Session) -> Account:
    user = logged_in(viewer(request, session))
    account = session.get(Account, user.id)
    if account is None:
        raise HTTPException(401, "Log in to comment: /login")
    return account
