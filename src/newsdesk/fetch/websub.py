"""WebSub: subscribing to a feed's hub, and the callback the hub calls (a FastAPI router).

The lead includes `websub_router(store, settings)` in the web app; hubs then confirm
subscriptions with a GET and push new content with a signed POST to
`{NEWSDESK_WEBSUB_CALLBACK_URL}/websub/{feed_id}`.
"""

from __future__ import annotations

import hmac
from datetime import timedelta

from fastapi import APIRouter, Request, Response

from newsdesk.config import Settings
from newsdesk.errors import FetchError
from newsdesk.fetch.client import Fetcher
from newsdesk.fetch.entries import NotAFeed, entry_document, needs_page, parse_feed
from newsdesk.ingest.files import InputItem
from newsdesk.pipeline import IngestReport, ingest_item
from newsdesk.store.db import Store
from newsdesk.store.models import Feed, utcnow
from newsdesk.store.sources import (
    TakenEntry,
    known_article_urls,
    known_entry_keys,
    log_fetch,
    remember_entries,
)

WEBSUB_LEASE_SECONDS = 7 * 24 * 60 * 60
PUSH_MAX_BYTES = 5 * 1024 * 1024


def callback_url(base: str, feed_id: int) -> str:
    """The callback URL for one feed under the web app's public base URL."""
    return f"{base.rstrip('/')}/websub/{feed_id}"


async def subscribe(
    fetcher: Fetcher,
    hub: str,
    *,
    topic: str,
    callback: str,
    secret: str,
    mode: str = "subscribe",
) -> None:
    """Ask a hub to push `topic` to `callback`, signed with `secret`; FetchError if it refuses."""
    status, body = await fetcher.post_form(
        hub,
        {
            "hub.mode": mode,
            "hub.topic": topic,
            "hub.callback": callback,
            "hub.secret": secret,
            "hub.lease_seconds": str(WEBSUB_LEASE_SECONDS),
        },
    )
    if not 200 <= status < 300:
        detail = body[:200].decode("utf-8", "replace").strip()
        raise FetchError(hub, f"the hub answered {status}" + (f": {detail}" if detail else ""))


def signature_matches(secret: str, body: bytes, header: str | None) -> bool:
    """Whether X-Hub-Signature ("sha256=...", "sha1=...", ...) signs `body` with `secret`."""
    if not header or "=" not in header:
        return False
    method, _, given = header.partition("=")
    if method.lower() not in ("sha1", "sha256", "sha384", "sha512"):
        return False
    expected = hmac.new(secret.encode(), body, method.lower()).hexdigest()
    return hmac.compare_digest(expected, given.strip().lower())


def websub_router(store: Store, settings: Settings) -> APIRouter:
    """The WebSub callback endpoints (verification GET, content POST) over `store`."""
    router = APIRouter()

    @router.get("/websub/{feed_id}")
    def verify(feed_id: int, request: Request) -> Response:
        params = request.query_params
        mode = params.get("hub.mode", "")
        with store.session() as session:
            feed = session.get(Feed, feed_id)
            if feed is None or params.get("hub.topic") != feed.topic_url:
                return Response("unknown subscription", status_code=404)
            if mode == "denied":
                feed.websub_state = "denied"
                return Response("", status_code=200)
            if mode == "subscribe" and feed.websub_state in ("pending", "subscribed"):
                lease = int(params.get("hub.lease_seconds") or WEBSUB_LEASE_SECONDS)
                feed.websub_state = "subscribed"
                feed.websub_expires_at = utcnow() + timedelta(seconds=lease)
            elif mode == "unsubscribe" and feed.websub_state == "unsubscribing":
                feed.websub_state = None
            else:
                return Response("not expecting that", status_code=404)
        return Response(params.get("hub.challenge", ""), media_type="text/plain")

    @router.post("/websub/{feed_id}")
    async def receive(feed_id: int, request: Request) -> Response:
        body = await request.body()
        if len(body) > PUSH_MAX_BYTES:
            return Response("too large", status_code=413)
        with store.session() as session:
            feed = session.get(Feed, feed_id)
            secret = feed.websub_secret if feed else None
        if feed is None or secret is None:
            return Response("unknown subscription", status_code=404)
        # The spec: a bad signature is acknowledged (2xx) but its content ignored.
        if not signature_matches(secret, body, request.headers.get("x-hub-signature")):
            return Response("", status_code=202)
        ingest_pushed(store, feed_id, body, settings)
        return Response("", status_code=202)

    return router


def ingest_pushed(store: Store, feed_id: int, body: bytes, settings: Settings) -> IngestReport:
    """Ingest the new entries of pushed feed content; summary-only entries make the feed
    due at once, so the fetcher gets their full text."""
    report = IngestReport()
    started = utcnow()
    try:
        parsed = parse_feed(body)
    except NotAFeed as error:
        with store.session() as session:
            log_fetch(
                session, feed_id, started_at=started, duration_ms=0, outcome="pushed",
                size=len(body), error=f"pushed content unreadable: {error}",
            )  # fmt: skip
        return report
    with store.session() as session:
        feed = session.get_one(Feed, feed_id)
        outlet = feed.source.name if feed.source else parsed.outlet
        full_text, url = feed.full_text, feed.url
        keys = known_entry_keys(session, feed_id, [e.key for e in parsed.entries])
        urls = known_article_urls(session, [e.url for e in parsed.entries if e.url])
    # An update (same entry, new content) is taken again, as by the fetcher.
    updated = {e.key for e in parsed.entries if keys.get(e.key, e.digest) not in (None, e.digest)}
    fresh = [
        e for e in parsed.entries if (e.key not in keys and e.url not in urls) or e.key in updated
    ]
    ready = [e for e in fresh if not needs_page(e, full_text)]
    for entry in ready:
        document = entry_document(entry, outlet, url)
        ingest_item(store, InputItem(document.origin, document), report, lambda _: None)
    with store.session() as session:
        remember_entries(
            session, feed_id, [TakenEntry(e.key, e.url, e.published, e.digest) for e in ready]
        )
        if len(ready) < len(fresh):
            session.get_one(Feed, feed_id).next_fetch_at = utcnow()
        log_fetch(
            session, feed_id, started_at=started, duration_ms=0, outcome="pushed",
            size=len(body), entries=len(parsed.entries), new_documents=report.new,
        )  # fmt: skip
    return report
