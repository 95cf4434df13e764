"""Follows: a reader follows stories and entities, the Following page's last visit, and
the private feed token (stored as a SHA-256, revocable)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.errors import NotFound
from newsdesk.store.accounts import hash_token
from newsdesk.store.anchors import story_anchor
from newsdesk.store.models import Account, Entity, Follow, FollowState, Story, utcnow

KINDS = ("story", "entity")


def _target(kind: str, target_id: int) -> dict[str, int | None]:
    if kind == "story":
        return {"story_id": target_id, "entity_id": None}
    if kind == "entity":
        return {"story_id": None, "entity_id": target_id}
    raise NotFound(f"nothing to follow of kind {kind!r}")


def _find(session: Session, account: Account, kind: str, target_id: int) -> Follow | None:
    cols = _target(kind, target_id)
    return session.scalars(
        select(Follow).where(
            Follow.account_id == account.id,
            Follow.story_id.is_(None) if cols["story_id"] is None else Follow.story_id == target_id,
            Follow.entity_id.is_(None)
            if cols["entity_id"] is None
            else Follow.entity_id == target_id,
        )
    ).first()


def follow(session: Session, account: Account, kind: str, target_id: int) -> Follow:
    """Follow a story or an entity; following twice keeps the first follow."""
    model = Story if kind == "story" else Entity
    _target(kind, target_id)
    if session.get(model, target_id) is None:
        raise NotFound(f"no {kind} {target_id}")
    existing = _find(session, account, kind, target_id)
    if existing is not None:
        return existing
    anchor = story_anchor(session, target_id) if kind == "story" else None
    row = Follow(account_id=account.id, anchor_article_id=anchor, **_target(kind, target_id))
    try:
        # Two requests following at once: the unique index lets one in, the other finds it.
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = _find(session, account, kind, target_id)
        if found is None:
            raise
        return found
    return row


def unfollow(session: Session, account: Account, kind: str, target_id: int) -> bool:
    """Stop following; True when there was a follow to remove."""
    existing = _find(session, account, kind, target_id)
    if existing is None:
        return False
    session.delete(existing)
    session.flush()
    return True


def is_following(session: Session, account: Account, kind: str, target_id: int) -> bool:
    """True when the account follows this story or entity."""
    return _find(session, account, kind, target_id) is not None


def follows_of(session: Session, account: Account) -> list[Follow]:
    """The account's follows, oldest first."""
    return list(
        session.scalars(select(Follow).where(Follow.account_id == account.id).order_by(Follow.id))
    )


def _state(session: Session, account: Account) -> FollowState:
    state = session.get(FollowState, account.id)
    if state is None:
        state = FollowState(account_id=account.id)
        session.add(state)
        session.flush()
    return state


def last_visit(session: Session, account: Account) -> datetime | None:
    """When the account last opened the Following page (None: never)."""
    state = session.get(FollowState, account.id)
    return state.last_visit if state is not None else None


def mark_visit(session: Session, account: Account, now: datetime | None = None) -> datetime | None:
    """Record a visit to the Following page now; returns the visit before it."""
    state = _state(session, account)
    before = state.last_visit
    state.last_visit = now or utcnow()
    session.flush()
    return before


def new_feed_token(session: Session, account: Account) -> str:
    """A fresh private feed token for the account; the previous one stops working."""
    token = "ndf_" + secrets.token_urlsafe(32)
    _state(session, account).feed_token_hash = hash_token(token)
    session.flush()
    return token


def feed_token_on(session: Session, account: Account) -> bool:
    """True when the account has a private feed token that opens its feed."""
    state = session.get(FollowState, account.id)
    return state is not None and state.feed_token_hash is not None


def revoke_feed_token(session: Session, account: Account) -> None:
    """Turn the account's private feed off until a new token is made."""
    state = session.get(FollowState, account.id)
    if state is not None:
        state.feed_token_hash = None
        session.flush()


def feed_token_account(session: Session, token: str) -> Account | None:
    """The enabled account whose private feed this token opens, or None."""
    if not token:
        return None
    state = session.scalars(
        select(FollowState).where(FollowState.feed_token_hash == hash_token(token))
    ).first()
    if state is None:
        return None
    account = session.get(Account, state.account_id)
    if account is None or account.disabled_at is not None:
        return None
    return account
