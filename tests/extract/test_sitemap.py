"""Sitemaps: a news sitemap's pages with their outlet, title and date; an index's children;
anything else refused as not a sitemap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.errors import FormatError
from newsdesk.extract.sitemap import parse_sitemap
from tests.fetch.feeds import fixture

BASE = "https://valley.example"


def _fixture(name: str) -> bytes:
    return fixture(name).replace(b"{base}", BASE.encode())


def test_a_news_sitemap_lists_its_pages_with_what_it_says_of_them() -> None:
    sitemap = parse_sitemap(_fixture("news-sitemap.xml"), BASE + "/news-sitemap.xml")
    assert sitemap.sitemaps == []
    first = sitemap.pages[0]
    assert first.url == BASE + "/articles/bridge-reopens.html"
    assert (first.outlet, first.title) == (
        "Valley Courier",
        "Bridge over the river reopens to traffic",
    )
    assert first.published == datetime(2024, 1, 18, 8, tzinfo=UTC)
    assert len(sitemap.pages) == 2


def test_a_sitemap_index_lists_its_children() -> None:
    index = parse_sitemap(_fixture("sitemap-index.xml"), BASE + "/sitemap.xml")
    assert index.pages == []
    [child] = index.sitemaps
    assert child.url == BASE + "/news-sitemap.xml" and child.modified is not None


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "not a sitemap: the root"),
        (b"", "malformed sitemap XML"),
    ],
)
def test_anything_else_is_not_a_sitemap(body: bytes, why: str) -> None:
    with pytest.raises(FormatError, match=why):
        parse_sitemap(body, BASE)
