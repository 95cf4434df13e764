"""The WebSub callback: hubs confirm our subscriptions with a GET and push new content
with a signed POST to `/websub/{feed_id}`. With a broker configured a push is queued for a
worker and acknowledged at once; without one it is ingested here, off the event loop."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from newsdesk.config import Settings
from newsdesk.errors import NotFound
from newsdesk.extract.charset import content_type_charset
from newsdesk.fetch.websub import signature_matches
from newsdesk.pipeline.images import fetch_images
from newsdesk.pipeline.websub import confirm_subscription, ingest_pushed, push_secret
from newsdesk.store.db import Store

# A pushed feed larger than this is refused (413) before it is read as a feed.
PUSH_MAX_BYTES = 5 * 1024 * 1024
# Feed ids are 32-bit on PostgreSQL: a larger number names nothing (404, not a crash).
FeedId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def websub_router(store: Store, settings: Settings) -> APIRouter:
    """The WebSub callback endpoints (verification GET, content POST) over `store`."""
    router = APIRouter()

    @cache
    def broker() -> Any:
        # Made on the first push, once per process: a reader-only deployment never loads Celery.
        from newsdesk.pipeline.tasks import make_celery

        return make_celery(settings)

    @router.get("/websub/{feed_id}")
    def verify(feed_id: FeedId, request: Request) -> Response:
        params = request.query_params
        mode = params.get("hub.mode", "")
        lease = params.get("hub.lease_seconds", "").strip()
        try:
            confirm_subscription(
                store,
                feed_id,
                mode=mode,
                topic=params.get("hub.topic"),
                lease_seconds=int(lease) if lease.isdigit() and len(lease) < 12 else None,
            )
        except NotFound as error:
            # Answered here in plain text: the hub, not a reader, reads it.
            return Response(str(error), status_code=404)
        if mode == "denied":
            return Response("", status_code=200)
        return Response(params.get("hub.challenge", ""), media_type="text/plain")

    @router.post("/websub/{feed_id}")
    async def receive(feed_id: FeedId, request: Request) -> Response:
        body = await request.body()
        if len(body) > PUSH_MAX_BYTES:
            return Response("too large", status_code=413)
        secret = await run_in_threadpool(push_secret, store, feed_id)
        if secret is None:
            return Response("unknown subscription", status_code=404)
        # The spec: a bad signature is acknowledged (2xx) but its content ignored.
        if not signature_matches(secret, body, request.headers.get("x-hub-signature")):
            return Response("", status_code=202)
        charset = content_type_charset(request.headers.get("content-type"))
        if settings.broker_url:
            from newsdesk.pipeline.tasks import send_push

            await run_in_threadpool(send_push, broker(), settings, feed_id, body, charset)
            return Response("", status_code=202)
        # Ingest writes the store and parses the feed: off the event loop, so that one big
        # push does not stall every other request of this worker.
        report = await run_in_threadpool(
            ingest_pushed, store, feed_id, body, settings, charset=charset
        )
        # The hub has its answer first; the entries' lead images are fetched after it.
        later = (
            BackgroundTask(fetch_images, store, settings, report.added) if report.added else None
        )
        return Response("", status_code=202, background=later)

    return router
