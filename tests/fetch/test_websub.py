"""WebSub against a local hub on 127.0.0.1: subscribe, verify, and pushed entries ingested."""

from __future__ import annotations

import hashlib
import hmac
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qs

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.fetch.run import fetch_once
from newsdesk.fetch.websub import signature_matches, websub_router
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Feed, FetchLog
from newsdesk.store.sources import add_feed
from tests.fetch.feeds import RSS, fixture
from tests.fetch.servers import LocalSite, Reply, Seen


class LocalHub:
    """A minimal WebSub hub: verifies each subscription at once, then pushes when told."""

    def __init__(self, site: LocalSite) -> None:
        self.subscriptions: dict[str, tuple[str, str]] = {}  # topic -> (callback, secret)
        site.route("/hub", self._subscribe)

    def _subscribe(self, seen: Seen) -> Reply:
        form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
        challenge = "challenge-" + form["hub.topic"][-8:]
        verify = httpx.get(
            form["hub.callback"],
            params={
                "hub.mode": form["hub.mode"],
                "hub.topic": form["hub.topic"],
                "hub.challenge": challenge,
                "hub.lease_seconds": "86400",
            },
        )
        if verify.status_code != 200 or verify.text != challenge:
            return Reply(202)  # accepted, but the subscriber did not confirm: no subscription
        self.subscriptions[form["hub.topic"]] = (form["hub.callback"], form["hub.secret"])
        return Reply(202)

    def publish(self, topic: str, body: bytes, *, secret: str | None = None) -> int:
        callback, real_secret = self.subscriptions[topic]
        signature = hmac.new((secret or real_secret).encode(), body, hashlib.sha256).hexdigest()
        response = httpx.post(
            callback,
            content=body,
            headers={"Content-Type": RSS, "X-Hub-Signature": f"sha256={signature}"},
        )
        return response.status_code


@pytest.fixture
def callback_server(store: Store, fetch_settings: Settings) -> Iterator[tuple[str, Settings]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    settings = replace(
        fetch_settings, fetch=replace(fetch_settings.fetch, websub_callback_url=base)
    )
    app = FastAPI()
    app.include_router(websub_router(store, settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield base, settings
    server.should_exit = True
    thread.join(timeout=5)


def _articles(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(Article.id))) or 0


def test_a_feed_with_a_hub_is_subscribed_and_pushed_entries_are_ingested(
    store: Store, site: LocalSite, callback_server: tuple[str, Settings]
) -> None:
    _base, settings = callback_server
    hub = LocalHub(site)
    hub_link = f'<atom:link rel="hub" href="{site.url("/hub")}"/>'.encode()
    body = fixture("news.rss", site).replace(b"<ttl>", hub_link + b"<ttl>")
    site.route("/news.rss", Reply(200, body, {"Content-Type": RSS}))
    with store.session() as session:
        feed_id = add_feed(session, site.url("/news.rss"), kind="feed").id
    fetch_once(store, settings, enrich=False)
    assert _articles(store) == 3
    topic = site.url("/news.rss")
    assert topic in hub.subscriptions
    with store.session() as session:
        feed = session.get_one(Feed, feed_id)
        assert (feed.websub_state, feed.hub_url) == ("subscribed", site.url("/hub"))
        assert feed.websub_expires_at is not None

    pushed_entry = (
        b"<item><title>Harbour crane repairs finished early</title><guid>harbour-post-0009</guid>"
        b"<link>" + site.url("/2024/01/crane.html").encode() + b"</link>"
        b"<pubDate>Fri, 19 Jan 2024 10:00:00 GMT</pubDate><content:encoded><![CDATA[<p>"
        + b"Engineers finished repairing the storm-damaged harbour cranes two days early. " * 8
        + b"</p>]]></content:encoded></item></channel>"
    )
    pushed = body.replace(b"</channel>", pushed_entry)
    assert hub.publish(topic, pushed, secret="not-the-secret") == 202
    assert _articles(store) == 3  # a bad signature is acknowledged and ignored
    assert hub.publish(topic, pushed) == 202
    assert _articles(store) == 4
    with store.session() as session:
        outcomes = list(
            session.scalars(select(FetchLog.outcome).where(FetchLog.feed_id == feed_id))
        )
        titles = set(session.scalars(select(Article.title)))
    assert outcomes == ["ok", "pushed"]
    assert "Harbour crane repairs finished early" in titles

    # A pushed update of an entry already taken is the new version of its article.
    corrected = pushed.replace(b"two days early", b"three days early")
    assert hub.publish(topic, corrected) == 202
    assert _articles(store) == 4
    with store.session() as session:
        crane = session.scalars(
            select(Article).where(Article.title == "Harbour crane repairs finished early")
        ).one()
        assert "three days early" in crane.text
        assert ["two days early" in r.text for r in crane.revisions] == [True]


def test_verification_of_an_unknown_subscription_is_refused(
    store: Store, callback_server: tuple[str, Settings]
) -> None:
    base, _ = callback_server
    answer = httpx.get(
        f"{base}/websub/999",
        params={"hub.mode": "subscribe", "hub.topic": "x", "hub.challenge": "c"},
    )
    assert answer.status_code == 404


def test_signatures() -> None:
    body = b"<rss/>"
    good = "sha1=" + hmac.new(b"s3cret", body, hashlib.sha1).hexdigest()
    assert signature_matches("s3cret", body, good)
    assert not signature_matches("other", body, good)
    assert not signature_matches("s3cret", body, None)
    assert not signature_matches("s3cret", body, "md5=abc")
