"""A fetched feed taken apart into entries, and each entry made into a raw document.

A feed is fetched again and again and changes each time, so it is not stored whole:
each new entry becomes a document of its own (the entry as the feed gave it, as a
JSON record; or the article page itself when the feed carries only a summary), so
the same entry seen twice is the same bytes and ingest finds it a duplicate.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import feedparser

from newsdesk.extract.dates import from_struct_time, parse_datetime
from newsdesk.extract.feed import is_json_feed, outlet_from_feed_title
from newsdesk.extract.markup import html_fragment_to_text
from newsdesk.types import HTML, JSONL_RECORD, IngestHints, RawDocument

# Fewer words than this and no full content element: the feed carries a summary only.
SUMMARY_WORDS = 150


@dataclass(frozen=True)
class Entry:
    """One feed entry: its identity, link, title, content and date."""

    key: str
    guid: str | None
    url: str | None
    title: str
    html: str
    published: datetime | None
    author: str | None
    has_full_content: bool

    @property
    def text(self) -> str:
        """The entry's content as plain paragraphs."""
        return html_fragment_to_text(self.html)

    @property
    def digest(self) -> str:
        """The SHA-256 of the entry's title and content: when it changes, the entry was updated."""
        return hashlib.sha256(f"{self.title}\0{self.html}".encode("utf-8", "replace")).hexdigest()


@dataclass
class ParsedFeed:
    """A feed's title, outlet, links, cache hints and entries."""

    title: str | None
    outlet: str | None
    site_url: str | None
    ttl_minutes: int | None
    hub_url: str | None
    self_url: str | None
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)


class NotAFeed(ValueError):
    """The body is not a readable feed; the message says what it is instead."""


def entry_key(guid: str | None, url: str | None, title: str) -> str:
    """The SHA-256 that identifies an entry within its feed: of its id, else link, else title."""
    identity = guid or url or title
    return hashlib.sha256(identity.encode("utf-8", "replace")).hexdigest()


def parse_feed(body: bytes) -> ParsedFeed:
    """The entries of an RSS, Atom or JSON Feed body; NotAFeed says why when it is none."""
    if is_json_feed(body):
        return _parse_json_feed(body)
    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        if b"<html" in body[:4096].lower():
            raise NotAFeed("an HTML page, not RSS, Atom or JSON Feed")
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"malformed feed: {problem or 'no RSS, Atom or JSON Feed found'}")
    meta = parsed.feed
    links = {link.get("rel"): link.get("href") for link in meta.get("links", [])}
    entries = [_entry(e) for e in parsed.entries if e.get("title") or e.get("summary")]
    warnings = []
    if parsed.bozo and entries:
        warnings.append(f"malformed feed ({parsed.get('bozo_exception')}); entries recovered")
    if parsed.bozo and not entries:
        raise NotAFeed(f"malformed feed: {parsed.get('bozo_exception')}")
    return ParsedFeed(
        title=meta.get("title"),
        outlet=outlet_from_feed_title(meta.get("title")),
        site_url=meta.get("link"),
        ttl_minutes=_int(meta.get("ttl")),
        hub_url=links.get("hub"),
        self_url=links.get("self"),
        entries=entries,
        warnings=warnings,
    )


def entry_document(entry: Entry, outlet: str | None, feed_url: str) -> RawDocument:
    """The entry as a JSON record document: the same entry always gives the same bytes."""
    record = {
        "id": entry.guid,
        "title": entry.title,
        "text": entry.text,
        "html": entry.html,
        "url": entry.url,
        "published": entry.published.isoformat() if entry.published else None,
        "source": outlet,
        "author": entry.author,
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


def _entry(entry: Any) -> Entry:
    contents = entry.get("content") or []
    content = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "")
    html = content or summary
    title = html_fragment_to_text(entry.get("title", "")) or " ".join(
        html_fragment_to_text(html).split()[:12]
    )
    guid = entry.get("id") or None
    url = entry.get("link") or None
    return Entry(
        key=entry_key(guid, url, title),
        guid=guid,
        url=url,
        title=title,
        html=html,
        published=from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=entry.get("author"),
        has_full_content=bool(content) and len(html_fragment_to_text(content).split()) >= 40,
    )


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        feed = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise NotAFeed(f"malformed JSON Feed: {error}") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise NotAFeed("the JSON Feed has no items list")
    hubs = feed.get("hubs") or []
    hub = next((h.get("url") for h in hubs if isinstance(h, dict) and h.get("url")), None)
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        content = item.get("content_html") or item.get("content_text") or ""
        html = content or item.get("summary") or ""
        title = item.get("title") or " ".join(html_fragment_to_text(html).split()[:12])
        if not title:
            continue
        guid = str(item["id"]) if item.get("id") is not None else None
        url = item.get("url") or item.get("external_url")
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        names = [a.get("name") for a in authors if isinstance(a, dict) and a.get("name")]
        entries.append(
            Entry(
                key=entry_key(guid, url, title),
                guid=guid,
                url=url,
                title=title,
                html=html,
                published=parse_datetime(item.get("date_published") or item.get("date_modified")),
                author=", ".join(names) or None,
                has_full_content=len(html_fragment_to_text(content).split()) >= 40,
            )
        )
    return ParsedFeed(
        title=feed.get("title"),
        outlet=outlet_from_feed_title(feed.get("title")),
        site_url=feed.get("home_page_url"),
        ttl_minutes=None,
        hub_url=hub,
        self_url=feed.get("feed_url"),
        entries=entries,
    )


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
