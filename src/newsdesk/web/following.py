"""The Following page and its forms: follow and unfollow stories and entities, and make
or revoke the private feed token. Forms post with the CSRF token and redirect back."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi import Path as FastPath
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from newsdesk.read.following import following
from newsdesk.store.follows import (
    feed_token_on,
    follow,
    mark_visit,
    new_feed_token,
    revoke_feed_token,
    unfollow,
)
from newsdesk.store.models import Account
from newsdesk.web.accounts import require_csrf
from newsdesk.web.context import reader, render, viewer
from newsdesk.web.pages import Id

router = APIRouter(include_in_schema=False)

Token = Annotated[str, Form(max_length=200)]
Kind = Annotated[Literal["story", "entity"], FastPath()]


def _account(request: Request, session: Session) -> Account:
    user = viewer(request, session)
    account = session.get(Account, user.id) if user is not None else None
    if account is None:
        raise HTTPException(401, "Log in to follow stories and entities: /login")
    return account


def _page(request: Request, feed_token: str | None = None) -> Response:
    with reader(request).store.session() as session:
        user = viewer(request, session)
        account = _account(request, session)
        # What is newer than the visit before this one is new; this visit counts from now.
        since = mark_visit(session, account)
        page = following(session, account, since=since)
        feed_on = feed_token_on(session, account)
    base = reader(request).settings.public_url.rstrip("/")
    return render(
        request,
        "following.html",
        {"page": page, "feed_token": feed_token, "feed_on": feed_on, "base": base},
        user=user,
    )


@router.get("/following")
def following_page(request: Request) -> Response:
    """What the reader follows, newest articles first, those since the last visit marked."""
    return _page(request)


@router.post("/following/feed-token")
def make_feed_token(request: Request, csrf_token: Token = "") -> Response:
    """Make a new private feed address (the old one stops working); shown once."""
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        token = new_feed_token(session, _account(request, session))
    return _page(request, feed_token=token)


@router.post("/following/feed-token/revoke")
def revoke_token(request: Request, csrf_token: Token = "") -> Response:
    """Turn the private feed off."""
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        revoke_feed_token(session, _account(request, session))
    return RedirectResponse("/following", status_code=303)


@router.post("/following/{kind}/{target_id}")
def follow_form(request: Request, kind: Kind, target_id: Id, csrf_token: Token = "") -> Response:
    """Follow a story or an entity, then go back to its page."""
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        follow(session, _account(request, session), kind, target_id)
    return RedirectResponse(_target_page(kind, target_id), status_code=303)


@router.post("/following/{kind}/{target_id}/unfollow")
def unfollow_form(
    request: Request,
    kind: Kind,
    target_id: Id,
    csrf_token: Token = "",
    back: Annotated[Literal["following", "page"], Form()] = "following",
) -> Response:
    """Stop following a story or an entity, then go back to the Following page (or, from
    the story's or entity's own page, to that page)."""
    require_csrf(request, csrf_token)
    with reader(request).store.session() as session:
        unfollow(session, _account(request, session), kind, target_id)
    return RedirectResponse(
        _target_page(kind, target_id) if back == "page" else "/following", status_code=303
    )


def _target_page(kind: str, target_id: int) -> str:
    return f"/{'stories' if kind == 'story' else 'entities'}/{target_id}"
