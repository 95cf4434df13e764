"""WebSub over HTTP: asking a feed's hub to push to us, and checking what it pushes is signed.

Hubs confirm subscriptions with a GET and push new content with a signed POST to
`{NEWSDESK_WEBSUB_CALLBACK_URL}/websub/{feed_id}` (`newsdesk.web.websub`); what they
push is ingested by `newsdesk.pipeline.websub`.
"""

from __future__ import annotations

import hmac

from newsdesk.errors import FetchError
from newsdesk.fetch.client import Fetcher

WEBSUB_LEASE_SECONDS = 7 * 24 * 60 * 60


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
