"""One URL fetched safely as a raw document: what the web reader's "add this article" calls."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from newsdesk.config import Settings
from newsdesk.extract.discovery import FEED, PAGE, sniff_kind
from newsdesk.fetch.client import PAGE_ACCEPT, Fetcher
from newsdesk.fetch.safety import Resolver, check_scheme, check_url
from newsdesk.types import FEED as FEED_TYPE
from newsdesk.types import HTML, TEXT, IngestHints, RawDocument


async def fetch_url_document_async(
    url: str, settings: Settings, *, resolver: Resolver | None = None
) -> RawDocument:
    """Fetch `url` through the SSRF guard, robots.txt and the size limit, as a raw document.

    Raises UnsafeURLError (a private or local address, with the setting that allows
    it), RobotsDisallowedError, HTTPStatusError or FetchError.
    """
    check_scheme(url)
    async with Fetcher(settings.fetch, settings.max_input_bytes, resolver=resolver) as fetcher:
        response = await fetcher.get(url, accept=PAGE_ACCEPT)
    kind = sniff_kind(response.mime, response.body)
    if kind == FEED:
        content_type = FEED_TYPE
    elif kind == PAGE and response.mime.startswith("text/plain"):
        content_type = TEXT
    else:
        content_type = HTML
    hints = IngestHints(url=response.final_url, captured_at=datetime.now(UTC))
    return RawDocument(response.body, response.final_url, content_type, hints)


def fetch_url_document(url: str, settings: Settings) -> RawDocument:
    """`fetch_url_document_async` for synchronous callers (not from inside an event loop)."""
    check_url(url, settings)
    return asyncio.run(fetch_url_document_async(url, settings))
