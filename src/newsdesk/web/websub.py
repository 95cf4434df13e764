"""The WebSub callback: hubs confirm our subscriptions with a GET and push new content
with a signed POST to `/websub/{feed_id}`."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from newsdesk.config import Settings
from newsdesk.errors import NotFound
from newsdesk.fetch.websub import signature_matches
from newsdesk.pipeline.websub import confirm_subscription, ingest_pushed, push_secret
from newsdesk.store.db import Store

# A pushed feed larger than this is refused (413) before it is read as a feed.
PUSH_MAX_BYTES = 5 * 1024 * 1024


def websub_router(store: Store, settings: Settings) -> APIRouter:
    """The WebSub callback endpoints (verification GET, content POST) over `store`."""
    router = APIRouter()

    @router.get("/websub/{feed_id}")
    def verify(feed_id: int, request: Request) -> Response:
        params = request.query_params
        mode = params.get("hub.mode", "")
        lease = params.get("hub.lease_seconds", "")
        try:
            confirm_subscription(
                store,
                feed_id,
                mode=mode,
                topic=params.get("hub.topic"),
                lease_seconds=int(lease) if lease.isdigit() else None,
            )
        except NotFound as error:
            # Answered here in plain text: the hub, not a reader, reads it.
            return Response(str(error), status_code=404)
        if mode == "denied":
            return Response("", status_code=200)
        return Response(params.get("hub.challenge", ""), media_type="text/plain")

    @router.post("/websub/{feed_id}")
    async def receive(feed_id: int, request: Request) -> Response:
        body = await request.body()
        if len(body) > PUSH_MAX_BYTES:
            return Response("too large", status_code=413)
        secret = push_secret(store, feed_id)
        if secret is None:
            return Response("unknown subscription", status_code=404)
        # The spec: a bad signature is acknowledged (2xx) but its content ignored.
        if not signature_matches(secret, body, request.headers.get("x-hub-signature")):
            return Response("", status_code=202)
        ingest_pushed(store, feed_id, body, settings)
        return Response("", status_code=202)

    return router
