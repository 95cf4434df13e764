"""Feed files (RSS, Atom with feedparser; JSON Feed by its spec) to one article per entry."""

from __future__ import annotations

import json
import re
from typing import Any

import feedparser

from newsdesk.errors import IngestError
from newsdesk.extract.dates import from_struct_time, parse_datetime
from newsdesk.extract.markup import html_fragment_to_text
from newsdesk.types import ArticleDraft

_SECTION_SEPARATOR = re.compile(r"\s+[—–|:]\s+|\s+-\s+")


def is_json_feed(payload: bytes) -> bool:
    """True when the payload is a JSON object naming a jsonfeed.org version."""
    head = payload[:2048].lstrip()
    return head.startswith(b"{") and b"jsonfeed.org/version" in head


def extract_feed(payload: bytes, origin: str) -> list[ArticleDraft]:
    """One draft per feed entry, with the entry's full content where the feed carries it."""
    if is_json_feed(payload):
        return _extract_json_feed(payload, origin)
    parsed = feedparser.parse(payload)
    if not parsed.entries:
        raise IngestError(origin, _why_no_entries(parsed, payload))
    outlet = outlet_from_feed_title(parsed.feed.get("title"))
    drafts = [
        _entry_draft(entry, index, outlet)
        for index, entry in enumerate(parsed.entries)
        if entry.get("title") or entry.get("summary")
    ]
    if parsed.bozo and drafts:
        reason = parsed.get("bozo_exception")
        drafts[0].warnings.append(f"malformed feed ({reason}); {len(drafts)} entries recovered")
    return drafts


def outlet_from_feed_title(title: str | None) -> str | None:
    """The outlet a feed title names: "Pacific Courier — Top Stories" is Pacific Courier."""
    if not title or not title.strip():
        return None
    # Feeds are titled "Outlet — Section" (or with |, –, : or a spaced hyphen);
    # the articles belong to the outlet, not to the section.
    outlet = _SECTION_SEPARATOR.split(title.strip(), maxsplit=1)[0].strip()
    return outlet or title.strip()


def _why_no_entries(parsed: Any, payload: bytes) -> str:
    if parsed.get("version"):
        return "the feed has no entries"
    if b"<html" in payload[:4096].lower():
        return "not a readable feed: this is an HTML page, not RSS, Atom or JSON Feed"
    problem = parsed.get("bozo_exception")
    return f"not a readable feed: {problem or 'no RSS, Atom or JSON Feed found'}"


def _entry_draft(entry: Any, index: int, outlet: str | None) -> ArticleDraft:
    contents = entry.get("content") or []
    body_html = max((c.get("value", "") for c in contents), key=len, default="")
    body = html_fragment_to_text(body_html or entry.get("summary", ""))
    title = html_fragment_to_text(entry.get("title", "")) or _first_words(body)
    published = from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
    return ArticleDraft(
        title=title,
        text=body,
        ordinal=index,
        outlet=outlet,
        url=entry.get("link"),
        author=entry.get("author"),
        published_at=published,
    )


def _extract_json_feed(payload: bytes, origin: str) -> list[ArticleDraft]:
    try:
        feed = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise IngestError(origin, f"malformed JSON Feed: {error}") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list) or not items:
        raise IngestError(origin, "the JSON Feed has no items")
    outlet = outlet_from_feed_title(feed.get("title"))
    feed_authors = feed.get("authors") or ([feed["author"]] if feed.get("author") else [])
    drafts = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        body = item.get("content_text") or html_fragment_to_text(
            item.get("content_html") or item.get("summary") or ""
        )
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        names = [a.get("name") for a in (authors or feed_authors) if isinstance(a, dict)]
        drafts.append(
            ArticleDraft(
                title=item.get("title") or _first_words(body),
                text=body.strip(),
                ordinal=index,
                outlet=outlet,
                url=item.get("url") or item.get("external_url"),
                author=", ".join(n for n in names if n) or None,
                published_at=parse_datetime(
                    item.get("date_published") or item.get("date_modified")
                ),
            )
        )
    return drafts


def _first_words(text: str, count: int = 12) -> str:
    # Entries without a title (microblog-style items) are named by their opening words.
    return " ".join(text.split()[:count])
