"""Accounts and comments in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.errors import AccountError, CommentError, NotAllowed, RateLimited
from newsdesk.pipeline import ingest_paths
from newsdesk.store.accounts import (
    authenticate,
    create_account,
    create_api_token,
    end_session,
    hash_token,
    session_account,
    start_session,
    token_account,
)
from newsdesk.store.comments import RATE_COUNT, comment_counts, comments_on, post_comment
from newsdesk.store.models import Account, ApiToken, Article, utcnow
from newsdesk.types import IngestHints


def test_passwords_are_hashed_and_checked(store) -> None:
    with store.session() as session:
        account = create_account(session, "Ann_1", "correct horse")
        assert account.password_hash.startswith("$argon2id$")
        assert "correct horse" not in account.password_hash
        assert authenticate(session, "ann_1", "correct horse").id == account.id
        assert authenticate(session, "ann_1", "wrong horse") is None
        assert authenticate(session, "nobody", "correct horse") is None
        with pytest.raises(AccountError, match="taken"):
            create_account(session, "ANN_1", "another password")
        with pytest.raises(AccountError, match="name is 3 to 40"):
            create_account(session, "<b>", "correct horse")


def test_sessions_and_tokens_are_stored_hashed(store) -> None:
    with store.session() as session:
        account = create_account(session, "bob", "correct horse", role="admin")
        cookie = start_session(session, account)
        token = create_api_token(session, account, "ingest")
        session.flush()
        assert session.query(ApiToken).one().token_hash == hash_token(token)
        assert session_account(session, cookie).name == "bob"
        assert token_account(session, token).role == "admin"
        assert session_account(session, cookie, now=utcnow() + timedelta(days=31)) is None
        end_session(session, cookie)
        assert session_account(session, cookie) is None
        assert token_account(session, "nd_forged") is None


def test_comments_rate_limit_and_counts(store, settings, tmp_path) -> None:
    (tmp_path / "a.txt").write_text("A headline\n\nSome body text for the article.\n")
    ingest_paths(store, [tmp_path], IngestHints(), settings, enrich=False)
    with store.session() as session:
        article_id = session.query(Article.id).scalar()
        reader = create_account(session, "carol", "correct horse")
        moderator = create_account(session, "dave", "correct horse", role="moderator")
        now = utcnow()
        for n in range(RATE_COUNT):
            post_comment(session, reader, f"note {n}", article_id=article_id, now=now)
        with pytest.raises(RateLimited) as limited:
            post_comment(session, reader, "one more", article_id=article_id, now=now)
        assert 0 < limited.value.retry_after <= 61
        post_comment(
            session, reader, "later", article_id=article_id, now=now + timedelta(minutes=2)
        )
        for n in range(RATE_COUNT + 1):
            post_comment(session, moderator, f"mod {n}", article_id=article_id, now=now)
        with pytest.raises(CommentError, match="one article or one story"):
            post_comment(session, reader, "both", article_id=article_id, story_id=1)
        assert comment_counts(session, article_ids=[article_id]) == {article_id: 2 * RATE_COUNT + 2}
        assert len(comments_on(session, article_id=article_id)) == 2 * RATE_COUNT + 2
        from newsdesk.store.comments import delete_comment, hide_comment

        first = comments_on(session, article_id=article_id)[0]
        with pytest.raises(NotAllowed):
            hide_comment(session, reader, first.id, True)
        hide_comment(session, moderator, first.id, True)
        assert comment_counts(session, article_ids=[article_id]) == {article_id: 2 * RATE_COUNT + 1}
        delete_comment(session, moderator, first.id)
        assert session.get(Account, reader.id) is not None


def test_concurrent_comments_keep_to_the_rate_limit(store, settings, tmp_path) -> None:
    import threading

    from newsdesk.store.models import Account

    (tmp_path / "a.txt").write_text("A headline\n\nSome body text for the article.\n")
    ingest_paths(store, [tmp_path], IngestHints(), settings, enrich=False)
    with store.session() as session:
        article_id = session.query(Article.id).scalar()
        account_id = create_account(session, "eve", "correct horse").id
    posters = 4 * RATE_COUNT
    start = threading.Barrier(posters)
    outcomes: list[str] = []

    def post(n: int) -> None:
        start.wait()
        try:
            with store.session() as session:
                account = session.get_one(Account, account_id)
                post_comment(session, account, f"at once {n}", article_id=article_id)
            outcomes.append("stored")
        except RateLimited:
            outcomes.append("limited")

    threads = [threading.Thread(target=post, args=(n,)) for n in range(posters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("stored") == RATE_COUNT
    assert outcomes.count("limited") == posters - RATE_COUNT
    with store.session() as session:
        assert comment_counts(session, article_ids=[article_id]) == {article_id: RATE_COUNT}
