"""Feeds out: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the front page, each story, each
entity and each search. XML is built with ElementTree, so every value is escaped."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Literal
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from newsdesk.errors import NotFound
from newsdesk.read.articles import feed_items
from newsdesk.read.following import following
from newsdesk.read.records import FeedArticle
from newsdesk.read.search import search
from newsdesk.read.views import stored_front_view
from newsdesk.store.follows import feed_token_account, last_visit
from newsdesk.store.models import Entity, Story
from newsdesk.web.context import reader
from newsdesk.web.pages import MAX_ID, Id

router = APIRouter(include_in_schema=False)

Format = Annotated[Literal["rss", "atom", "json"], Path()]
MEDIA_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
# XML 1.0 cannot carry these characters at all; text from the wild sometimes has them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, with absolute links."""

    id: str
    title: str
    link: str
    summary: str
    published: datetime | None
    author: str | None


@dataclass(frozen=True)
class Feed:
    """A feed: its title, the page it follows, its own address, and entries."""

    title: str
    home: str
    self_url: str
    description: str
    items: list[FeedItem]


def _clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def updated_of(feed: Feed) -> datetime:
    """When the feed last changed: its newest entry (the epoch for an empty feed)."""
    return max(
        (i.published for i in feed.items if i.published), default=datetime(1970, 1, 1, tzinfo=UTC)
    )


def to_rss(feed: Feed) -> bytes:
    """The feed as RSS 2.0."""
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = _clean(feed.title)
    ET.SubElement(channel, "link").text = feed.home
    ET.SubElement(channel, "description").text = _clean(feed.description)
    ET.SubElement(
        channel, "atom:link", {"href": feed.self_url, "rel": "self", "type": "application/rss+xml"}
    )
    ET.SubElement(channel, "lastBuildDate").text = format_datetime(updated_of(feed))
    for item in feed.items:
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = _clean(item.title)
        ET.SubElement(entry, "link").text = item.link
        ET.SubElement(entry, "guid", {"isPermaLink": "true"}).text = item.id
        # RSS readers render <description> as HTML: plain text is HTML-escaped before the
        # XML escaping, so "<script>" in an article reaches the reader as text, not markup.
        ET.SubElement(entry, "description").text = html.escape(_clean(item.summary))
        if item.published:
            ET.SubElement(entry, "pubDate").text = format_datetime(item.published)
        if item.author:
            # RSS's <author> wants an e-mail address; the outlet goes in the Dublin Core-free
            # <category> instead, which every reader shows.
            ET.SubElement(entry, "category").text = _clean(item.author)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="utf-8")


def to_atom(feed: Feed) -> bytes:
    """The feed as Atom 1.0."""
    root = ET.Element("feed", {"xmlns": ATOM})
    ET.SubElement(root, "id").text = feed.self_url
    ET.SubElement(root, "title").text = _clean(feed.title)
    ET.SubElement(root, "subtitle").text = _clean(feed.description)
    ET.SubElement(root, "updated").text = updated_of(feed).isoformat()
    ET.SubElement(root, "link", {"rel": "self", "href": feed.self_url})
    ET.SubElement(root, "link", {"rel": "alternate", "href": feed.home})
    ET.SubElement(ET.SubElement(root, "author"), "name").text = "newsdesk"
    for item in feed.items:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = item.id
        ET.SubElement(entry, "title").text = _clean(item.title)
        ET.SubElement(entry, "link", {"rel": "alternate", "href": item.link})
        moment = (item.published or updated_of(feed)).isoformat()
        ET.SubElement(entry, "updated").text = moment
        if item.published:
            ET.SubElement(entry, "published").text = moment
        if item.author:
            ET.SubElement(ET.SubElement(entry, "author"), "name").text = _clean(item.author)
        ET.SubElement(entry, "summary").text = _clean(item.summary)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def to_json_feed(feed: Feed) -> bytes:
    """The feed as JSON Feed 1.1."""
    items = []
    for item in feed.items:
        entry: dict[str, object] = {
            "id": item.id,
            "url": item.link,
            "title": item.title,
            "content_text": item.summary or item.title,
        }
        if item.summary:
            entry["summary"] = item.summary
        if item.published:
            entry["date_published"] = item.published.isoformat()
        if item.author:
            entry["authors"] = [{"name": item.author}]
        items.append(entry)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.self_url,
        "description": feed.description,
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


RENDERERS = {"rss": to_rss, "atom": to_atom, "json": to_json_feed}


def _respond(feed: Feed, fmt: str) -> Response:
    return Response(RENDERERS[fmt](feed), media_type=MEDIA_TYPES[fmt])


def _base(request: Request) -> str:
    # The configured public address, never the request's Host header: a forged Host must
    # not put links to another site into feeds that readers and caches keep.
    return reader(request).settings.public_url.rstrip("/")


def _article_items(base: str, rows: list[FeedArticle]) -> list[FeedItem]:
    return [
        FeedItem(
            id=f"{base}/articles/{row.id}",
            title=row.title,
            link=f"{base}/articles/{row.id}",
            summary=row.summary,
            published=row.published,
            author=row.outlet,
        )
        for row in rows
    ]


@router.get("/feed.{fmt}")
def front_feed(request: Request, fmt: Format) -> Response:
    """The front page's top stories as a feed."""
    base = _base(request)
    with reader(request).store.session() as session:
        stories = stored_front_view(session, 1, reader(request).settings).front.stories
    items = [
        FeedItem(
            id=f"{base}/stories/{s.id}",
            title=s.title,
            link=f"{base}/stories/{s.id}",
            summary=s.lead.text if s.lead else "",
            published=s.last_seen,
            author=", ".join(s.outlets) or None,
        )
        for s in stories
    ]
    feed = Feed(
        "newsdesk: top stories",
        f"{base}/",
        f"{base}/feed.{fmt}",
        "Top stories by freshness and breadth of coverage.",
        items,
    )
    return _respond(feed, fmt)


@router.get("/stories/{story_id}/feed.{fmt}")
def story_feed(request: Request, story_id: Id, fmt: Format) -> Response:
    """A story's articles, newest first."""
    base = _base(request)
    with reader(request).store.session() as session:
        story = session.get(Story, story_id)
        if story is None:
            raise NotFound(f"There is no story {story_id}.")
        rows = feed_items(session, story_id=story_id)
        title = story.title
    feed = Feed(
        f"newsdesk: {title}",
        f"{base}/stories/{story_id}",
        f"{base}/stories/{story_id}/feed.{fmt}",
        f"Every article of the story: {title}",
        _article_items(base, rows),
    )
    return _respond(feed, fmt)


@router.get("/entities/{entity_id}/feed.{fmt}")
def entity_feed(request: Request, entity_id: Id, fmt: Format) -> Response:
    """The newest articles naming an entity."""
    base = _base(request)
    with reader(request).store.session() as session:
        entity = session.get(Entity, entity_id)
        if entity is None:
            raise NotFound(f"There is no entity {entity_id}.")
        rows = feed_items(session, entity_id=entity_id)
        name = entity.name
    feed = Feed(
        f"newsdesk: {name}",
        f"{base}/entities/{entity_id}",
        f"{base}/entities/{entity_id}/feed.{fmt}",
        f"Articles naming {name}",
        _article_items(base, rows),
    )
    return _respond(feed, fmt)


@router.get("/search/feed.{fmt}")
def search_feed(
    request: Request,
    fmt: Format,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    entity: Annotated[str | None, Query(max_length=300)] = None,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """A search's matches as a feed, latest first, so that a new match reaches the feed."""
    base = _base(request)
    state = reader(request)
    with state.store.session() as session:
        results = search(
            session,
            q,
            outlet=outlet,
            entity=entity,
            story=story,
            limit=30,
            sort="date",
            tuning=state.settings.search,
        )
    items = [
        FeedItem(
            id=f"{base}/articles/{hit.id}",
            title=hit.title,
            link=f"{base}/articles/{hit.id}",
            summary=hit.snippet,
            published=hit.published_at,
            author=hit.outlet,
        )
        for hit in results.hits
    ]
    query = str(request.url.query)
    feed = Feed(
        f"newsdesk search: {q}",
        f"{base}/search?{query}",
        f"{base}/search/feed.{fmt}?{query}",
        f"Articles matching {q}",
        items,
    )
    return _respond(feed, fmt)


@router.get("/following/feed.{fmt}")
def following_feed(
    request: Request, fmt: Format, token: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    """A reader's private feed of what they follow, opened by the feed token in the URL
    (feed readers cannot log in); the token never appears in the feed itself."""
    base = _base(request)
    with reader(request).store.session() as session:
        account = feed_token_account(session, token)
        if account is None:
            raise NotFound("There is no feed at this address (the token may have been revoked).")
        page = following(session, account, since=last_visit(session, account))
    seen: dict[int, FeedArticle] = {}
    for followed in page.follows:
        for item in followed.articles:
            seen.setdefault(item.article.id, item.article)
    rows = sorted(
        seen.values(),
        key=lambda a: (a.published is not None, a.published or datetime.min.replace(tzinfo=UTC)),
        reverse=True,
    )
    feed = Feed(
        "newsdesk: following",
        f"{base}/following",
        f"{base}/following/feed.{fmt}",
        "The newest articles of the stories and entities you follow.",
        _article_items(base, rows),
    )
    return _respond(feed, fmt)
