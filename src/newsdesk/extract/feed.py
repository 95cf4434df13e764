"""Feeds (RSS and Atom with feedparser, JSON Feed by its spec) to entries, and entries to
article drafts: the one feed parser behind ingested files, fetched sources and WebSub pushes."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import feedparser

from newsdesk.errors import FormatError, IngestError
from newsdesk.extract.dates import from_struct_time, parse_datetime
from newsdesk.extract.markup import html_fragment_to_text
from newsdesk.types import ArticleDraft

_SECTION_SEPARATOR = re.compile(r"\s+[—–|:]\s+|\s+-\s+")
# Entries without a title (microblog-style items) are named by their opening words.
TITLE_WORDS = 12
# A content element shorter than this (in words) is a teaser, not the full article.
FULL_CONTENT_WORDS = 40


@dataclass(frozen=True)
class Entry:
    """One feed entry: its identity, link, title, content and date.

    `content` is the entry as the feed gave it (HTML; plain text for a JSON Feed item
    with only `content_text`) and `text` the same as plain paragraphs; `position` is its
    place in the feed, counting the items that were skipped.
    """

    key: str
    guid: str | None
    url: str | None
    title: str
    content: str
    text: str
    published: datetime | None
    author: str | None
    has_full_content: bool
    position: int = 0

    @property
    def digest(self) -> str:
        """The SHA-256 of the entry's title and content: when it changes, the entry was updated."""
        identity = f"{self.title}\0{self.content}"
        return hashlib.sha256(identity.encode("utf-8", "replace")).hexdigest()


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


def is_json_feed(payload: bytes) -> bool:
    """True when the payload is a JSON object naming a jsonfeed.org version."""
    head = payload[:2048].lstrip()
    return head.startswith(b"{") and b"jsonfeed.org/version" in head


def entry_key(guid: str | None, url: str | None, title: str) -> str:
    """The SHA-256 that identifies an entry within its feed: of its id, else link, else title."""
    identity = guid or url or title
    return hashlib.sha256(identity.encode("utf-8", "replace")).hexdigest()


def parse_feed(payload: bytes) -> ParsedFeed:
    """The entries of an RSS, Atom or JSON Feed; FormatError says what the bytes are instead.

    A well-formed feed without entries is an empty ParsedFeed, not an error: a followed
    feed may be empty today.
    """
    if is_json_feed(payload):
        return _parse_json_feed(payload)
    parsed = feedparser.parse(payload)
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        if b"<html" in payload[:4096].lower():
            raise FormatError(
                "not a readable feed: this is an HTML page, not RSS, Atom or JSON Feed"
            )
        why = f"malformed ({problem})" if problem else "no RSS, Atom or JSON Feed found"
        raise FormatError(f"not a readable feed: {why}")
    # Entries with neither a title nor a summary have nothing to show; both copies agreed.
    entries = [
        _entry(e, position)
        for position, e in enumerate(parsed.entries)
        if e.get("title") or e.get("summary")
    ]
    # A broken feed that yields no entry is an error, not an empty feed (the fetcher's
    # rule; the files' copy said "no entries" here).
    if parsed.bozo and not entries:
        raise FormatError(f"not a readable feed: malformed ({problem})")
    warnings = []
    if parsed.bozo:
        warnings.append(f"malformed feed ({problem}); {len(entries)} entries recovered")
    meta = parsed.feed
    links = {link.get("rel"): link.get("href") for link in meta.get("links", [])}
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


def extract_feed(payload: bytes, origin: str) -> list[ArticleDraft]:
    """One draft per feed entry, with the entry's full content where the feed carries it;
    IngestError (naming `origin`) when the bytes are not a feed or it has no entries."""
    try:
        parsed = parse_feed(payload)
    except FormatError as error:
        raise IngestError(origin, str(error)) from None
    if not parsed.entries:
        empty = "the JSON Feed has no items" if is_json_feed(payload) else "the feed has no entries"
        raise IngestError(origin, empty)
    drafts = [
        ArticleDraft(
            title=entry.title,
            text=entry.text,
            ordinal=entry.position,
            outlet=parsed.outlet,
            url=entry.url,
            author=entry.author,
            published_at=entry.published,
        )
        for entry in parsed.entries
    ]
    drafts[0].warnings.extend(parsed.warnings)
    return drafts


def outlet_from_feed_title(title: str | None) -> str | None:
    """The outlet a feed title names: "Pacific Courier — Top Stories" is Pacific Courier."""
    if not title or not title.strip():
        return None
    # Feeds are titled "Outlet — Section" (or with |, –, : or a spaced hyphen);
    # the articles belong to the outlet, not to the section.
    outlet = _SECTION_SEPARATOR.split(title.strip(), maxsplit=1)[0].strip()
    return outlet or title.strip()


def _entry(entry: Any, position: int) -> Entry:
    # The longest content element is the article; without one, the summary stands in.
    contents = entry.get("content") or []
    full = max((c.get("value", "") for c in contents), key=len, default="")
    content = full or entry.get("summary", "")
    text = html_fragment_to_text(content)
    title = html_fragment_to_text(entry.get("title", "")) or _first_words(text)
    guid = entry.get("id") or None
    url = entry.get("link") or None
    return Entry(
        key=entry_key(guid, url, title),
        guid=guid,
        url=url,
        title=title,
        content=content,
        text=text,
        published=from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=entry.get("author") or None,
        has_full_content=bool(full) and len(text.split()) >= FULL_CONTENT_WORDS,
        position=position,
    )


def _parse_json_feed(payload: bytes) -> ParsedFeed:
    try:
        feed = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FormatError(f"not a readable feed: malformed JSON Feed ({error})") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise FormatError("not a readable feed: the JSON Feed has no items list")
    hubs = feed.get("hubs") or []
    hub = next((h.get("url") for h in hubs if isinstance(h, dict) and h.get("url")), None)
    feed_authors = _authors(feed)
    entries = []
    for position, item in enumerate(items):
        if isinstance(item, dict):
            entry = _json_entry(item, position, feed_authors)
            # An item with no title and no words to name it by has nothing to show.
            if entry.title:
                entries.append(entry)
    return ParsedFeed(
        title=feed.get("title"),
        outlet=outlet_from_feed_title(feed.get("title")),
        site_url=feed.get("home_page_url"),
        ttl_minutes=None,
        hub_url=hub,
        self_url=feed.get("feed_url"),
        entries=entries,
    )


def _json_entry(item: dict[str, Any], position: int, feed_authors: list[Any]) -> Entry:
    # content_html before content_text when an item has both (the spec lets it): the HTML
    # keeps the paragraphs, and fetched entries were always read so, which keeps their
    # digests (the files' copy took content_text first). content_text is plain text by
    # the spec, so it is not parsed as HTML; `summary` is the fallback, as in both copies.
    content_html = _string(item.get("content_html"))
    content_text = _string(item.get("content_text"))
    if content_html:
        content, text = content_html, html_fragment_to_text(content_html)
    elif content_text:
        content, text = content_text, content_text.strip()
    else:
        content = _string(item.get("summary"))
        text = html_fragment_to_text(content)
    title = _string(item.get("title")) or _first_words(text)
    guid = str(item["id"]) if item.get("id") is not None else None
    url = _string(item.get("url")) or _string(item.get("external_url")) or None
    # The feed's authors are the item's when it names none (JSON Feed 1.1; the fetcher's
    # copy ignored them).
    names = [
        a["name"]
        for a in (_authors(item) or feed_authors)
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"]
    ]
    return Entry(
        key=entry_key(guid, url, title),
        guid=guid,
        url=url,
        title=title,
        content=content,
        text=text,
        published=parse_datetime(
            _string(item.get("date_published")) or _string(item.get("date_modified"))
        ),
        author=", ".join(names) or None,
        has_full_content=bool(content_html or content_text)
        and len(text.split()) >= FULL_CONTENT_WORDS,
        position=position,
    )


def _authors(holder: dict[str, Any]) -> list[Any]:
    # JSON Feed 1.1 lists `authors`; 1.0 had one `author` object.
    authors = holder.get("authors")
    if isinstance(authors, list) and authors:
        return authors
    return [holder["author"]] if isinstance(holder.get("author"), dict) else []


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _first_words(text: str) -> str:
    return " ".join(text.split()[:TITLE_WORDS])


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
