"""Feed discovery: what fetched bytes are (feed, sitemap, page) and the feeds a page links."""

from __future__ import annotations

import pytest

from newsdesk.extract.discovery import FEED, PAGE, SITEMAP, FeedLink, feed_links, sniff_kind
from tests.fetch.feeds import fixture


@pytest.mark.parametrize(
    ("mime", "name", "kind"),
    [
        ("application/rss+xml", "news.rss", FEED),
        # The bytes win over a wrong media type.
        ("text/html", "news.rss", FEED),
        ("application/xml", "news-sitemap.xml", SITEMAP),
        ("text/xml", "sitemap-index.xml", SITEMAP),
        ("application/xml", "site.html", PAGE),
    ],
)
def test_the_kind_comes_from_the_bytes_first(mime: str, name: str, kind: str) -> None:
    assert sniff_kind(mime, fixture(name)) == kind


def test_a_json_feed_and_bare_xml_by_media_type() -> None:
    json_feed = b'{"version": "https://jsonfeed.org/version/1.1", "items": []}'
    assert sniff_kind("application/json", json_feed) == FEED
    assert sniff_kind("application/atom+xml", b"<?xml version='1.0'?><x/>") == FEED
    assert sniff_kind("text/plain", b"just words") == PAGE


def test_a_page_advertises_its_feed_relative_to_itself() -> None:
    links = feed_links(fixture("site.html"), "https://harbour.example/about/")
    assert links == [
        FeedLink(
            "https://harbour.example/news.rss", "Harbour Post — Top Stories", "application/rss+xml"
        )
    ]
    assert feed_links(b"<html><body>no feeds</body></html>", "https://x.example/") == []
