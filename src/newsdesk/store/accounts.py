"""Reader accounts: registration, passwords (argon2), browser sessions and API tokens.

Tokens are random and shown once; the store keeps only their SHA-256, so a copy of the
database gives no one a way in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.errors import AccountError
from newsdesk.store.models import Account, ApiToken, WebSession, utcnow
from newsdesk.types import ROLES

SESSION_LIFETIME = timedelta(days=30)
MIN_PASSWORD = 8
MAX_PASSWORD = 200
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,39}")
_HASHER = PasswordHasher()


def hash_token(token: str) -> str:
    """The SHA-256 a token is stored and looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def check_new_account(name: str, password: str) -> None:
    """Refuse a name or password an account cannot have, saying why (AccountError)."""
    if not _NAME.fullmatch(name):
        raise AccountError(
            "a name is 3 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters long")


def create_account(session: Session, name: str, password: str, role: str = "reader") -> Account:
    """A new account with an argon2 password hash; AccountError if the name is taken or bad."""
    check_new_account(name, password)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if find_account(session, name) is not None:
        raise AccountError(f"the name {name!r} is taken")
    account = Account(
        name=name, name_key=name.lower(), password_hash=_HASHER.hash(password), role=role
    )
    session.add(account)
    try:
        session.flush()
    except IntegrityError:
        raise AccountError(f"the name {name!r} is taken") from None
    return account


def find_account(session: Session, name: str) -> Account | None:
    """The account of this name, in any case."""
    return session.scalar(select(Account).where(Account.name_key == name.strip().lower()))


def set_role(session: Session, name: str, role: str) -> Account:
    """Give an account a role; AccountError for an unknown account or role."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    account = find_account(session, name)
    if account is None:
        raise AccountError(f"no account named {name!r}")
    account.role = role
    return account


def authenticate(session: Session, name: str, password: str) -> Account | None:
    """The account when the password is right, else None (the same for an unknown name)."""
    account = find_account(session, name)
    if account is None:
        # Hash anyway so a wrong name takes as long as a wrong password.
        _HASHER.hash(password[:MAX_PASSWORD])
        return None
    try:
        _HASHER.verify(account.password_hash, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    if _HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = _HASHER.hash(password)
    return account


def start_session(session: Session, account: Account, now: datetime | None = None) -> str:
    """A new browser session for the account: the cookie token (kept only hashed)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=hash_token(token),
            account_id=account.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return token


def session_account(session: Session, token: str, now: datetime | None = None) -> Account | None:
    """The account a session cookie token belongs to, unless it expired or was ended."""
    found = session.scalar(select(WebSession).where(WebSession.token_hash == hash_token(token)))
    if found is None or found.expires_at <= (now or utcnow()):
        return None
    return found.account


def end_session(session: Session, token: str) -> None:
    """Forget a session (logging out): its cookie token no longer opens anything."""
    session.execute(delete(WebSession).where(WebSession.token_hash == hash_token(token)))


def create_api_token(session: Session, account: Account, label: str = "") -> str:
    """A new API token acting as the account; the token is returned once, stored hashed."""
    token = "nd_" + secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=hash_token(token), account_id=account.id, label=label[:100]))
    return token


def token_account(session: Session, token: str) -> Account | None:
    """The account an API token acts as, or None."""
    found = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    return found.account if found else None
