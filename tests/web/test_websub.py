"""The WebSub callback in the web app: verifications we asked for are confirmed with the
challenge, others refused; pushes are refused when unknown or too large, and a bad
signature is acknowledged but ignored."""

from __future__ import annotations

import hashlib
import hmac

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Feed, FetchLog, utcnow
from newsdesk.store.sources import add_feed
from newsdesk.web.app import create_app
from newsdesk.web.websub import PUSH_MAX_BYTES

TOPIC = "https://outlet.example/news.rss"


def _pending_feed(store: Store) -> int:
    with store.session() as session:
        feed = add_feed(session, TOPIC, kind="feed")
        feed.topic_url, feed.websub_secret, feed.websub_state = TOPIC, "s3cret", "pending"
        session.flush()
        return feed.id


def _verify(client: TestClient, feed_id: int, mode: str, topic: str = TOPIC) -> object:
    params = {"hub.mode": mode, "hub.topic": topic, "hub.challenge": "c-123"}
    return client.get(f"/websub/{feed_id}", params={**params, "hub.lease_seconds": "3600"})


def test_a_verification_we_asked_for_is_confirmed_with_the_challenge(
    store: Store, settings: Settings
) -> None:
    feed_id = _pending_feed(store)
    client = TestClient(create_app(settings))
    answer = _verify(client, feed_id, "subscribe")
    assert (answer.status_code, answer.text) == (200, "c-123")
    with store.session() as session:
        feed = session.get_one(Feed, feed_id)
        assert feed.websub_state == "subscribed"
        left = (feed.websub_expires_at - utcnow()).total_seconds()
        assert 3000 < left <= 3600


def test_verifications_we_did_not_ask_for_are_refused(store: Store, settings: Settings) -> None:
    feed_id = _pending_feed(store)
    client = TestClient(create_app(settings))
    unknown = _verify(client, 999, "subscribe")
    assert (unknown.status_code, unknown.text) == (404, "unknown subscription")
    other_topic = _verify(client, feed_id, "subscribe", topic="https://else.example/feed")
    assert other_topic.status_code == 404
    unexpected = _verify(client, feed_id, "unsubscribe")
    assert (unexpected.status_code, unexpected.text) == (404, "not expecting that")
    with store.session() as session:
        assert session.get_one(Feed, feed_id).websub_state == "pending"


def test_pushes_unknown_too_large_or_badly_signed_store_nothing(
    store: Store, settings: Settings
) -> None:
    feed_id = _pending_feed(store)
    client = TestClient(create_app(settings))
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        b"<title>Ferry back</title><guid>f-1</guid><description>The ferry is back.</description>"
        b"</item></channel></rss>"
    )
    assert client.post("/websub/999", content=body).status_code == 404
    assert client.post(f"/websub/{feed_id}", content=b"x" * (PUSH_MAX_BYTES + 1)).status_code == 413
    wrong = "sha256=" + hmac.new(b"not-it", body, hashlib.sha256).hexdigest()
    answer = client.post(f"/websub/{feed_id}", content=body, headers={"X-Hub-Signature": wrong})
    assert answer.status_code == 202
    with store.session() as session:
        assert session.scalar(select(func.count(Article.id))) == 0
        assert session.scalar(select(func.count(FetchLog.id))) == 0  # not even read


def test_hostile_verifications_neither_crash_nor_end_a_subscription(
    store: Store, settings: Settings
) -> None:
    feed_id = _pending_feed(store)
    client = TestClient(create_app(settings))
    for lease in ("-999999", "abc", "99999999999999999999", ""):
        params = {"hub.mode": "subscribe", "hub.topic": TOPIC, "hub.challenge": "c"}
        answer = client.get(f"/websub/{feed_id}", params={**params, "hub.lease_seconds": lease})
        assert answer.status_code == 200, lease
        with store.session() as session:
            feed = session.get_one(Feed, feed_id)
            left = (feed.websub_expires_at - utcnow()).total_seconds()
            assert feed.websub_state == "subscribed" and 0 < left <= 366 * 24 * 3600, lease
    # Anyone may send "denied": it must not end a subscription that works.
    denied = _verify(client, feed_id, "denied")
    assert denied.status_code == 404
    with store.session() as session:
        assert session.get_one(Feed, feed_id).websub_state == "subscribed"
    for path in ("/websub/99999999999999999999", "/websub/0", "/websub/abc"):
        assert client.get(path, params={"hub.mode": "subscribe"}).status_code == 404
        assert client.post(path, content=b"<rss/>").status_code == 404
