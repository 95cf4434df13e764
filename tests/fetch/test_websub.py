"""WebSub's HTTP half against a local hub: the subscription form, a refusal, signatures."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from urllib.parse import parse_qs

import pytest

from newsdesk.errors import FetchError
from newsdesk.fetch.client import Fetcher
from newsdesk.fetch.websub import WEBSUB_LEASE_SECONDS, callback_url, signature_matches, subscribe
from newsdesk.testing.servers import LocalSite, Reply
from tests.fetch.conftest import LOCAL_FETCH


def _subscribe(hub: str) -> None:
    async def run() -> None:
        async with Fetcher(LOCAL_FETCH, 1_000_000) as fetcher:
            await subscribe(
                fetcher,
                hub,
                topic="https://outlet.example/news.rss",
                callback=callback_url("https://desk.example/", 7),
                secret="s3cret",
            )

    asyncio.run(run())


def test_subscribing_posts_the_form_and_a_refusal_says_why(site: LocalSite) -> None:
    site.route("/hub", [Reply(202), Reply(400, b"unknown topic")])
    _subscribe(site.url("/hub"))
    [request] = site.hits("/hub")
    form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    assert form == {
        "hub.mode": "subscribe",
        "hub.topic": "https://outlet.example/news.rss",
        "hub.callback": "https://desk.example/websub/7",
        "hub.secret": "s3cret",
        "hub.lease_seconds": str(WEBSUB_LEASE_SECONDS),
    }
    with pytest.raises(FetchError, match="the hub answered 400: unknown topic"):
        _subscribe(site.url("/hub"))


def test_signatures() -> None:
    body = b"<rss/>"
    good = "sha1=" + hmac.new(b"s3cret", body, hashlib.sha1).hexdigest()
    assert signature_matches("s3cret", body, good)
    assert not signature_matches("other", body, good)
    assert not signature_matches("s3cret", body, None)
    assert not signature_matches("s3cret", body, "md5=abc")
