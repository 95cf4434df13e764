"""Feeds (RSS and Atom with feedparser, JSON Feed by its spec) to entries, and entries to
article drafts: the one feed parser behind ingested files, fetched sources and WebSub pushes."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import feedparser

from newsdesk.errors import FormatError, IngestError
from newsdesk.extract.charset import decode_text
from newsdesk.extract.dates import from_struct_time, parse_datetime
from newsdesk.extract.images import feed_entry_image_url, json_item_image_url
from newsdesk.extract.markup import html_fragment_to_text, unescape_entities
from newsdesk.types import ArticleDraft

_SECTION_SEPARATOR = re.compile(r"\s+[—–|:]\s+|\s+-\s+")
# The encoding an XML declaration names, replaced by utf-8 once the text is decoded.
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*(["'])""")
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
    # The entry's lead image (media:content, media:thumbnail, an image enclosure; a JSON
    # Feed item's `image`), absolute; not part of the digest: it never makes an update.
    image_url: str | None = None

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
    """True when the payload is JSON by its content (an object or a list, after any BOM):
    it is read as a JSON Feed, whatever order its keys come in."""
    head = payload[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def entry_key(guid: str | None, url: str | None, title: str) -> str:
    """The SHA-256 that identifies an entry within its feed: of its id, else link, else title."""
    identity = guid or url or title
    return hashlib.sha256(identity.encode("utf-8", "replace")).hexdigest()


def parse_feed(payload: bytes, *, charset: str | None = None) -> ParsedFeed:
    """The entries of an RSS, Atom or JSON Feed; FormatError says what the bytes are instead.

    The bytes are decoded as pages are (BOM, then `charset` from HTTP, then the XML
    declaration, then detection). A well-formed feed without entries is an empty
    ParsedFeed, not an error: a followed feed may be empty today.
    """
    try:
        decoded = decode_text(payload, "the feed", declared=charset)
    except IngestError as error:
        raise FormatError(f"not a readable feed: {error.reason}") from None
    text = decoded.text.lstrip("\ufeff")
    try:
        is_json = text.lstrip()[:1] in ("{", "[")
        parsed = _parse_json_feed(text) if is_json else _parse_xml_feed(text)
    except FormatError:
        raise
    except Exception as error:  # a shape no rule foresaw is this feed's error
        raise FormatError(f"not a readable feed: {type(error).__name__}: {error}") from None
    if decoded.guessed:
        parsed.warnings.insert(0, f"no charset declared; decoded as {decoded.encoding}")
    return parsed


def _parse_xml_feed(text: str) -> ParsedFeed:
    # feedparser gets the decoded text as UTF-8, declared so: its own guess would read
    # an undeclared or HTTP-declared legacy charset as UTF-8 or Windows-1252.
    parsed = feedparser.parse(_XML_ENCODING.sub(r"\1utf-8\2", text, count=1).encode("utf-8"))
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        if "<html" in text[:4096].lower():
            raise FormatError(
                "not a readable feed: this is an HTML page, not RSS, Atom or JSON Feed"
            )
        why = f"malformed ({problem})" if problem else "no RSS, Atom or JSON Feed found"
        raise FormatError(f"not a readable feed: {why}")
    entries, warnings = _read_entries(parsed.entries, _entry, "entry", "no title, content or link")
    # A broken feed that yields no entry is an error, not an empty feed (the fetcher's
    # rule; the files' copy said "no entries" here).
    if parsed.bozo and not entries:
        raise FormatError(f"not a readable feed: malformed ({problem})")
    if parsed.bozo:
        warnings.insert(0, f"malformed feed ({problem}); {len(entries)} entries recovered")
    meta = parsed.feed
    links = {link.get("rel"): link.get("href") for link in meta.get("links", [])}
    title = html_fragment_to_text(meta.get("title") or "") or None
    return ParsedFeed(
        title=title,
        outlet=outlet_from_feed_title(title),
        site_url=meta.get("link") or None,
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
        if parsed.warnings:
            empty += f" it can read ({'; '.join(parsed.warnings)})"
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
            # An entry with a headline and a link but no words is a teaser, as on pages.
            is_stub=not entry.text,
            image_url=entry.image_url,
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


def _read_entries(
    items: list[Any], read: Callable[[Any, int], Entry | None], kind: str, empty: str
) -> tuple[list[Entry], list[str]]:
    """Each item read as an entry, and a warning for each one skipped: one odd item costs
    itself only."""
    entries: list[Entry] = []
    warnings: list[str] = []
    for position, item in enumerate(items):
        try:
            entry = read(item, position)
        except FormatError as error:
            warnings.append(f"{kind} {position} skipped: {error}")
            continue
        except Exception as error:
            warnings.append(f"{kind} {position} skipped: {type(error).__name__}: {error}")
            continue
        if entry is None:
            warnings.append(f"{kind} {position} skipped: {empty}")
        else:
            entries.append(entry)
    return entries, warnings


def _entry(entry: Any, position: int) -> Entry | None:
    # The longest content element is the article; without one, the summary stands in.
    contents = [c for c in entry.get("content") or [] if isinstance(c.get("value"), str)]
    full = max((c["value"] for c in contents), key=len, default="")
    content = full or entry.get("summary") or ""
    text = html_fragment_to_text(content)
    # Without a link, an enclosure (a podcast's audio, a photo) is what the entry points to.
    url = entry.get("link") or _enclosure_url(entry)
    title = html_fragment_to_text(entry.get("title") or "") or _first_words(text) or url
    if not title:
        return None
    guid = entry.get("id") or None
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
        image_url=feed_entry_image_url(entry, url),
    )


def _enclosure_url(entry: Any) -> str | None:
    links = [*entry.get("enclosures", []), *entry.get("links", [])]
    return next((link["href"] for link in links if _string(link.get("href"))), None)


def _parse_json_feed(text: str) -> ParsedFeed:
    # Read leniently, as feed readers do: a field of the wrong type is left out, an item
    # with nothing usable is skipped with its reason, and the rest of the feed is kept.
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as error:
        kind = "JSON Feed" if "jsonfeed.org" in text[:4096] else "JSON"
        where = f"{error.msg} at line {error.lineno} column {error.colno}"
        raise FormatError(f"not a readable feed: malformed {kind} ({where})") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        what = "an object" if isinstance(feed, dict) else f"a JSON {type(feed).__name__}"
        raise FormatError(
            f"not a readable feed: JSON, but not a JSON Feed ({what} with no items list)"
        )
    warnings = []
    version = feed.get("version")
    if not (isinstance(version, str) and "jsonfeed.org/version/" in version):
        warnings.append(f"no jsonfeed.org version ({version!r}); read as JSON Feed 1.1")
    hubs = _list(feed.get("hubs"))
    hub = next((h["url"] for h in hubs if isinstance(h, dict) and _string(h.get("url"))), None)
    feed_authors = _authors(feed)

    def read_item(item: object, position: int) -> Entry | None:
        if not isinstance(item, dict):
            raise FormatError("not an object")
        return _json_entry(item, position, feed_authors)

    entries, skipped = _read_entries(items, read_item, "item", "no title, text or link")
    warnings.extend(skipped)
    title = unescape_entities(_string(feed.get("title")).strip()) or None
    return ParsedFeed(
        title=title,
        outlet=outlet_from_feed_title(title),
        site_url=_string(feed.get("home_page_url")) or None,
        ttl_minutes=None,
        hub_url=hub,
        self_url=_string(feed.get("feed_url")) or None,
        entries=entries,
        warnings=warnings,
    )


def _json_entry(item: dict[str, Any], position: int, feed_authors: list[Any]) -> Entry | None:
    # content_html before content_text when an item has both (the spec lets it): the HTML
    # keeps the paragraphs, and fetched entries were always read so, which keeps their
    # digests (the files' copy took content_text first). content_text is plain text by
    # the spec, so it is not parsed as HTML; `summary` is the fallback, as in both copies.
    content_html = _string(item.get("content_html"))
    content_text = _string(item.get("content_text"))
    if content_html.strip():
        content, text = content_html, html_fragment_to_text(content_html)
    elif content_text.strip():
        content, text = content_text, unescape_entities(content_text).strip()
    else:
        content = _string(item.get("summary"))
        text = html_fragment_to_text(content)
    attachments = [a for a in _list(item.get("attachments")) if isinstance(a, dict)]
    url = (
        _string(item.get("url"))
        or _string(item.get("external_url"))
        or next((a["url"] for a in attachments if _string(a.get("url"))), "")
        or None
    )
    title = unescape_entities(_string(item.get("title")).strip()) or _first_words(text) or url
    if not title:
        return None
    # An id is a string by the spec; a number is taken as one, anything else left out.
    raw_id = item.get("id")
    guid = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
    # The feed's authors are the item's when it names none (JSON Feed 1.1; the fetcher's
    # copy ignored them).
    names = [
        a["name"].strip()
        for a in (_authors(item) or feed_authors)
        if isinstance(a, dict) and _string(a.get("name")).strip()
    ]
    return Entry(
        key=entry_key(guid or None, url, title),
        guid=guid or None,
        url=url,
        title=title,
        content=content,
        text=text,
        published=parse_datetime(
            _string(item.get("date_published")) or _string(item.get("date_modified"))
        ),
        author=", ".join(names) or None,
        has_full_content=bool(content_html.strip() or content_text.strip())
        and len(text.split()) >= FULL_CONTENT_WORDS,
        position=position,
        image_url=json_item_image_url(item, url),
    )


def _authors(holder: dict[str, Any]) -> list[Any]:
    # JSON Feed 1.1 lists `authors`; 1.0 had one `author` object.
    authors = holder.get("authors")
    if isinstance(authors, list) and authors:
        return authors
    return [holder["author"]] if isinstance(holder.get("author"), dict) else []


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _first_words(text: str) -> str:
    return " ".join(text.split()[:TITLE_WORDS])


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
