"""WebSub against a local hub on 127.0.0.1: a fetched feed naming a hub is subscribed, the
hub's verification answered, and pushed entries ingested (new ones and updates)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qs

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.pipeline.fetching import fetch_once
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Feed, FetchLog
from newsdesk.store.sources import add_feed
from newsdesk.testing.servers import LocalSite, Reply, Seen
from newsdesk.testing.web import free_port, serving_app
from newsdesk.web.websub import websub_router
from tests.fetch.feeds import RSS, fixture


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
    # The callback URL goes into the settings the router is built with: pick the port first.
    port = free_port()
    settings = replace(
        fetch_settings,
        fetch=replace(fetch_settings.fetch, websub_callback_url=f"http://127.0.0.1:{port}"),
    )
    app = FastAPI()
    app.include_router(websub_router(store, settings))
    with serving_app(app, port) as base:
        yield base, settings


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


def test_pushed_content_in_a_legacy_charset_named_by_its_content_type_is_decoded(
    store: Store, settings: Settings
) -> None:
    from newsdesk.pipeline.websub import ingest_pushed

    title = "Паводок отступил от Волжска"
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Волжская правда</title>'
        f'<item><guid isPermaLink="false">p1</guid><title>{title}</title>'
        "<description>Жители вернулись в свои дома.</description></item></channel></rss>"
    )
    with store.session() as session:
        feed_id = add_feed(session, "https://volga.example/feed.rss", kind="feed").id
    report = ingest_pushed(store, feed_id, rss.encode("koi8_r"), settings, charset="koi8-r")
    assert report.new == 1
    with store.session() as session:
        assert list(session.scalars(select(Article.title))) == [title]
