"""Sign-in safety in the store: guessing stops, weak passwords are refused, registrations
from one address are limited, and an account can be disabled, logged out and its tokens
revoked; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.config import AccountSettings
from newsdesk.errors import AccountError, RateLimited
from newsdesk.store.accounts import (
    allow_registration,
    authenticate,
    create_account,
    create_api_token,
    end_all_sessions,
    revoke_tokens,
    session_account,
    set_disabled,
    start_session,
    token_account,
)
from newsdesk.store.models import utcnow

LIMITS = AccountSettings(failed_logins=5, failed_logins_per_address=8, window_minutes=15)


def test_guessing_stops_even_at_the_right_password(store) -> None:
    now = utcnow()
    with store.session() as session:
        create_account(session, "frank", "correct horse")
    with store.session() as session:
        for _ in range(LIMITS.failed_logins):
            assert (
                authenticate(session, "frank", "wrong", address="1.2.3.4", limits=LIMITS, now=now)
                is None
            )
    with store.session() as session, pytest.raises(RateLimited) as limited:
        authenticate(session, "Frank", "correct horse", address="5.6.7.8", limits=LIMITS, now=now)
    assert 0 < limited.value.retry_after <= 15 * 60 + 1
    later = now + timedelta(minutes=16)
    with store.session() as session:
        account = authenticate(session, "frank", "correct horse", limits=LIMITS, now=later)
        assert account is not None


def test_one_address_guessing_many_names_is_stopped(store) -> None:
    now = utcnow()
    with store.session() as session:
        create_account(session, "grace", "correct horse")
    with store.session() as session:
        for n in range(LIMITS.failed_logins_per_address):
            authenticate(session, f"name{n}", "wrong", address="9.9.9.9", limits=LIMITS, now=now)
    with store.session() as session, pytest.raises(RateLimited):
        authenticate(session, "grace", "correct horse", address="9.9.9.9", limits=LIMITS, now=now)
    with store.session() as session:
        assert authenticate(
            session, "grace", "correct horse", address="7.7.7.7", limits=LIMITS, now=now
        )


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", "        ", "aaaaaaaa", "Password1", "abababab", "heidiklum"],
)
def test_weak_passwords_are_refused(store, password: str) -> None:
    with store.session() as session, pytest.raises(AccountError):
        create_account(session, "HeidiKlum", password)
    with store.session() as session:
        assert create_account(session, "HeidiKlum", "correct horse").id


def test_registrations_from_one_address_are_limited(store) -> None:
    limits = AccountSettings(registrations_per_address=3)
    now = utcnow()
    with store.session() as session:
        for _ in range(3):
            allow_registration(session, "4.4.4.4", limits, now)
    with store.session() as session, pytest.raises(RateLimited):
        allow_registration(session, "4.4.4.4", limits, now)
    with store.session() as session:
        allow_registration(session, "4.4.4.5", limits, now)
        allow_registration(session, "4.4.4.4", limits, now + timedelta(hours=2))


def test_disable_logout_and_revoke(store) -> None:
    with store.session() as session:
        account = create_account(session, "ivan", "correct horse")
        cookie = start_session(session, account)
        kept, dropped = (
            create_api_token(session, account, "kept"),
            create_api_token(session, account, "ci"),
        )
    with store.session() as session:
        account = session_account(session, cookie)
        assert account is not None
        assert revoke_tokens(session, account, "ci") == 1
        assert token_account(session, dropped) is None and token_account(session, kept) is not None
        assert end_all_sessions(session, account) == 1
        assert session_account(session, cookie) is None
        cookie = start_session(session, account)
    with store.session() as session:
        set_disabled(session, "ivan", True)
    with store.session() as session:
        assert session_account(session, cookie) is None
        assert token_account(session, kept) is None
        assert authenticate(session, "ivan", "correct horse") is None
        set_disabled(session, "ivan", False)
    with store.session() as session:
        assert token_account(session, kept) is not None
        assert authenticate(session, "ivan", "correct horse") is not None
