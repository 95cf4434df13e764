"""Feed entries and fetched pages to raw documents.

A feed is fetched again and again and changes each time, so it is not stored whole:
each new entry becomes a document of its own (the entry as the feed gave it, as a
JSON record; or the article page itself when the feed carries only a summary), so
the same entry seen twice is the same bytes and ingest finds it a duplicate.
"""

from __future__ import annotations

import json
from datetime import datetime

from newsdesk.extract.feed import Entry
from newsdesk.types import HTML, JSONL_RECORD, IngestHints, RawDocument

# Fewer words than this and no full content element: the feed carries a summary only.
SUMMARY_WORDS = 150


def entry_document(entry: Entry, outlet: str | None, feed_url: str) -> RawDocument:
    """The entry as a JSON record document: the same entry always gives the same bytes."""
    record = {
        "id": entry.guid,
        "title": entry.title,
        "text": entry.text,
        # The content as the feed gave it, under the key it always had: the bytes of an
        # entry taken before stay the bytes of the same entry now.
        "html": entry.content,
        "url": entry.url,
        "published": entry.published.isoformat() if entry.published else None,
        "source": outlet,
        "author": entry.author,
        # A headline and a link without a word of text is a teaser: kept as a stub.
        "stub": not entry.text,
        # Only entries that name an image carry the key, so the bytes of the others stay
        # those they always had.
        "image": entry.image_url,
    }
    payload = json.dumps(
        {k: v for k, v in record.items() if v}, sort_keys=True, ensure_ascii=False
    ).encode()
    origin = entry.url or f"{feed_url}#{entry.guid or entry.key[:12]}"
    hints = IngestHints(source=outlet, published=entry.published, url=entry.url)
    return RawDocument(payload, origin, JSONL_RECORD, hints)


def page_document(
    body: bytes,
    url: str,
    *,
    outlet: str | None,
    published: datetime | None,
    fetched_at: datetime,
) -> RawDocument:
    """A fetched article page as an HTML document, with what its feed or sitemap said."""
    hints = IngestHints(source=outlet, published=published, captured_at=fetched_at, url=url)
    return RawDocument(body, url, HTML, hints)


def needs_page(entry: Entry, full_text: str) -> bool:
    """Whether to fetch the entry's page for its full text ("auto": only for summaries)."""
    if not entry.url or full_text == "never":
        return False
    if full_text == "always":
        return True
    return not entry.has_full_content and len(entry.text.split()) < SUMMARY_WORDS
