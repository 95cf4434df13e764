"""Reader accounts: registration, passwords (argon2), browser sessions and API tokens.

Tokens are random and shown once; the store keeps only their SHA-256, so a copy of the
database gives no one a way in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.config import AccountSettings
from newsdesk.errors import AccountError, RateLimited, wait_in_words
from newsdesk.store.models import Account, ApiToken, SignInAttempt, WebSession, utcnow
from newsdesk.types import ROLES

SESSION_LIFETIME = timedelta(days=30)
MIN_PASSWORD = 8
MAX_PASSWORD = 200
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{2,39}")
_HASHER = PasswordHasher()
# Passwords people pick first, refused whatever their length (one a line, lower case).
_COMMON = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "common_passwords.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
# A password of fewer different characters than this is a pattern, not a secret.
MIN_DISTINCT = 5
# Digits alone are guessed fast: a number is a password only from this length.
MIN_DIGITS_ONLY = 12
FAILED_LOGIN = "login"
DEFAULT_LIMITS = AccountSettings()
REGISTRATION = "register"


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
    check_password(name, password)


def check_password(name: str, password: str) -> None:
    """Refuse a password anyone would guess (AccountError): a common one, the account's own
    name, a short number, or too few different characters (spaces, "aaaaaaaa")."""
    folded = password.strip().lower()
    if len(set(folded) - {" "}) < MIN_DISTINCT:
        raise AccountError(f"a password needs at least {MIN_DISTINCT} different characters")
    if folded in _COMMON or folded == name.strip().lower():
        raise AccountError("that password is among the first ones guessed; choose another")
    if folded.isdigit() and len(folded) < MIN_DIGITS_ONLY:
        raise AccountError(f"a password of digits alone needs at least {MIN_DIGITS_ONLY}")


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


def authenticate(
    session: Session,
    name: str,
    password: str,
    *,
    address: str = "",
    limits: AccountSettings = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> Account | None:
    """The account when the password is right, else None (the same for an unknown name or
    a disabled account). RateLimited, before any password is checked, once the name or the
    client `address` has failed too often in the window: guessing stops, right or wrong."""
    now = now or utcnow()
    key = name.strip().lower()[:100]
    window = timedelta(minutes=limits.window_minutes)
    _refuse_when_over(session, FAILED_LOGIN, f"name:{key}", limits.failed_logins, window, now)
    if address:
        over = limits.failed_logins_per_address
        _refuse_when_over(session, FAILED_LOGIN, f"address:{address}", over, window, now)
    account = find_account(session, name)
    if account is None:
        # Hash anyway so a wrong name takes as long as a wrong password.
        _HASHER.hash(password[:MAX_PASSWORD])
    else:
        try:
            _HASHER.verify(account.password_hash, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            account = None
    if account is None or account.disabled_at is not None:
        _attempted(session, FAILED_LOGIN, [f"name:{key}", f"address:{address}"], now, window)
        return None
    session.execute(
        delete(SignInAttempt).where(
            SignInAttempt.kind == FAILED_LOGIN, SignInAttempt.key == f"name:{key}"
        )
    )
    if _HASHER.check_needs_rehash(account.password_hash):
        account.password_hash = _HASHER.hash(password)
    return account


def allow_registration(
    session: Session,
    address: str,
    limits: AccountSettings = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> None:
    """Count a registration from `address`; RateLimited when it made too many in an hour."""
    now = now or utcnow()
    hour = timedelta(hours=1)
    key = f"address:{address}"
    _refuse_when_over(session, REGISTRATION, key, limits.registrations_per_address, hour, now)
    _attempted(session, REGISTRATION, [key], now, hour)


def _refuse_when_over(
    session: Session, kind: str, key: str, limit: int, window: timedelta, now: datetime
) -> None:
    since = now - window
    times = sorted(
        session.scalars(
            select(SignInAttempt.at).where(
                SignInAttempt.kind == kind, SignInAttempt.key == key, SignInAttempt.at > since
            )
        )
    )
    if len(times) >= limit:
        wait = max(1, int((times[-limit] + window - now).total_seconds()) + 1)
        what = "failed logins" if kind == FAILED_LOGIN else "registrations"
        raise RateLimited(f"Too many {what}: try again in {wait_in_words(wait)}.", retry_after=wait)


def _attempted(
    session: Session, kind: str, keys: list[str], now: datetime, window: timedelta
) -> None:
    # Old attempts are dropped as new ones come: the table holds one window at most.
    session.execute(
        delete(SignInAttempt).where(SignInAttempt.kind == kind, SignInAttempt.at < now - window)
    )
    session.add_all(
        SignInAttempt(kind=kind, key=key[:200], at=now) for key in keys if not key.endswith(":")
    )
    session.flush()


def set_disabled(session: Session, name: str, disabled: bool) -> Account:
    """Disable an account (its sessions end, its tokens stop working) or enable it again."""
    account = find_account(session, name)
    if account is None:
        raise AccountError(f"no account named {name!r}")
    account.disabled_at = utcnow() if disabled else None
    if disabled:
        end_all_sessions(session, account)
    return account


def end_all_sessions(session: Session, account: Account) -> int:
    """End every browser session of the account (a stolen cookie included); how many."""
    ended = session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    return int(ended.rowcount or 0)


def revoke_tokens(session: Session, account: Account, label: str | None = None) -> int:
    """Revoke the account's API tokens (those with `label` only, if given); how many."""
    query = delete(ApiToken).where(ApiToken.account_id == account.id)
    if label is not None:
        query = query.where(ApiToken.label == label)
    return int(session.execute(query).rowcount or 0)


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
    return found.account if found.account.disabled_at is None else None


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
    return found.account if found and found.account.disabled_at is None else None
