"""Feeds out: RSS 2.0, Atom and JSON Feed for the front page, a story, an entity and a
search, each parsed by feedparser without a bozo error."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsdesk.config import DEFAULT_PUBLIC_URL as PUBLIC
from newsdesk.extract import extract_document
from newsdesk.types import FEED, RawDocument
from newsdesk.web.app import create_app
from newsdesk.web.feeds_out import Feed, FeedItem, to_atom, to_json_feed, to_rss
from tests.web.conftest import first_id


def _paths(client) -> list[str]:
    front = client.get("/").text
    story = first_id(front, "stories")
    entity = first_id(client.get(f"/stories/{story}").text, "entities")
    return ["/feed", f"/stories/{story}/feed", f"/entities/{entity}/feed", "/search/feed"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_xml_feeds_parse_cleanly(client, fmt) -> None:
    for path in _paths(client):
        params = {"q": "Lavrov"} if path.startswith("/search") else None
        answer = client.get(f"{path}.{fmt}", params=params)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"].startswith(f"application/{fmt}+xml")
        parsed = feedparser.parse(answer.content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
        assert parsed.entries, path
        entry = parsed.entries[0]
        assert entry.title and entry.link.startswith(PUBLIC + "/")
        assert entry.get("published_parsed") or entry.get("updated_parsed")


def test_json_feeds_have_the_jsonfeed_structure(client) -> None:
    for path in _paths(client):
        params = {"q": "Lavrov"} if path.startswith("/search") else None
        answer = client.get(f"{path}.json", params=params)
        assert answer.headers["content-type"].startswith("application/feed+json")
        feed = answer.json()
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["feed_url"].startswith(PUBLIC + "/")
        assert feed["items"]
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["url"].startswith(PUBLIC + "/")
            assert item.get("content_text") or item.get("content_html")
            if "date_published" in item:
                datetime.fromisoformat(item["date_published"])
        # feedparser 6.0 reads no JSON Feed; newsdesk's own feed reader does.
        drafts = extract_document(RawDocument(answer.content, path, FEED))
        assert [d.title for d in drafts] == [i["title"] for i in feed["items"]]


def test_feed_errors(client) -> None:
    assert client.get("/stories/999999/feed.rss").status_code == 404
    assert client.get("/feed.xml").status_code == 404
    assert client.get("/search/feed.rss").status_code == 400


def test_rss_descriptions_carry_article_text_as_text_never_markup() -> None:
    hostile = 'Read <script>alert(1)</script> and <iframe src="javascript:alert(2)"></iframe>'
    item = FeedItem(
        id="http://x/articles/1",
        title="A title",
        link="http://x/articles/1",
        summary=hostile,
        published=None,
        author=None,
    )
    rss = to_rss(Feed("t", "http://x/", "http://x/feed.rss", "d", [item]))
    # A reader takes <description> as HTML: once XML is decoded, what it renders must be
    # the text itself, with no element in it.
    description = ET.fromstring(rss).find("channel/item/description").text
    assert "<script" not in description and "<iframe" not in description
    assert html.unescape(description) == hostile


def test_feed_links_use_the_public_address_not_the_host_header(demo_settings) -> None:
    app = create_app(replace(demo_settings, public_url="https://news.example"))
    client = TestClient(app)
    for path in ("/feed.rss", "/feed.atom", "/feed.json"):
        answer = client.get(path, headers={"Host": "evil.example"})
        assert answer.status_code == 200
        assert b"evil.example" not in answer.content
        assert b"https://news.example/" in answer.content
    app.state.reader.store.close()


def test_feeds_escape_and_drop_characters_xml_cannot_carry() -> None:
    item = FeedItem(
        id="http://x/articles/1",
        title="<b>Tom & Jerry</b>\x0b",
        link="http://x/articles/1",
        summary="a < b \x00 and ]]> too",
        published=datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
        author="Outlet & Co",
    )
    feed = Feed("t & t", "http://x/", "http://x/feed.rss", "d", [item])
    for render in (to_rss, to_atom):
        parsed = feedparser.parse(render(feed))
        assert not parsed.bozo
        assert parsed.entries[0].title == "<b>Tom & Jerry</b>"
    document = json.loads(to_json_feed(feed))
    assert document["items"][0]["title"] == "<b>Tom & Jerry</b>\x0b"
