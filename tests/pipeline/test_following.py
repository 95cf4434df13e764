"""Adding sources: feeds, sites whose feed is discovered, sitemaps; OPML in and out."""

from __future__ import annotations

import pytest

from newsdesk.config import Settings
from newsdesk.errors import SourceError, UnsafeURLError
from newsdesk.extract.opml import parse_opml
from newsdesk.pipeline.following import add_source, export_opml, import_opml
from newsdesk.store.db import Store
from newsdesk.store.sources import list_feeds
from newsdesk.testing.servers import LocalSite, Reply
from tests.fetch.feeds import HTML_TYPE, fixture, serve


def test_a_feed_url_is_followed_as_a_feed(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/news.rss", "news.rss")
    record = add_source(
        store, fetch_settings, site.url("/news.rss"), category="News/World"
    ).model_dump()
    assert (record["kind"], record["url"], record["category"]) == (
        "feed",
        site.url("/news.rss"),
        "News/World",
    )
    assert record["outlet"] == "Harbour Post" and record["health"] == "new"


def test_a_site_url_finds_its_feed_by_link_rel_alternate(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/", "site.html", HTML_TYPE)
    serve(site, "/news.rss", "news.rss")
    record = add_source(store, fetch_settings, site.url("/")).model_dump()
    assert record["url"] == site.url("/news.rss") and record["kind"] == "feed"


def test_a_page_without_a_feed_is_refused_with_why(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/plain", "bridge-reopens.html", HTML_TYPE)
    with pytest.raises(SourceError, match="no feed found"):
        add_source(store, fetch_settings, site.url("/plain"))
    with store.session() as session:
        assert list_feeds(session) == []


def test_a_sitemap_is_followed_as_a_sitemap(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/news-sitemap.xml", "news-sitemap.xml", "application/xml")
    record = add_source(store, fetch_settings, site.url("/news-sitemap.xml")).model_dump()
    assert record["kind"] == "sitemap" and record["outlet"] == "Valley Courier"


def test_the_same_source_twice_is_refused(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/news.rss", "news.rss")
    add_source(store, fetch_settings, site.url("/news.rss"))
    with pytest.raises(SourceError, match="already following"):
        add_source(store, fetch_settings, site.url("/news.rss"))


def test_a_loopback_url_is_refused_naming_the_setting(store: Store, settings: Settings) -> None:
    with LocalSite() as site:
        site.route("/news.rss", Reply(200, fixture("news.rss")))
        with pytest.raises(UnsafeURLError, match="NEWSDESK_ALLOW_PRIVATE_NETWORKS=1"):
            add_source(store, settings, site.url("/news.rss"))
        assert site.requests == []


def test_opml_import_keeps_categories_and_round_trips(store: Store, settings: Settings) -> None:
    report = import_opml(store, settings, fixture("subscriptions.opml"))
    assert (report.added, report.known) == (3, 0)
    assert report.refused and "10.0.0.7" in report.refused[0]
    with store.session() as session:
        categories = {f.url: f.category for f in list_feeds(session)}
    assert categories == {
        "https://harbour.example/news.rss": "News/World",
        "https://valley.example/feed.xml": "News",
        "https://blog.example/atom.xml": "Tech/Blogs",
    }
    exported = export_opml(store)
    again = {s.url: (s.category, s.title) for s in parse_opml(exported)}
    assert again["https://harbour.example/news.rss"] == ("News/World", "Harbour Post")
    assert {url: c for url, (c, _) in again.items()} == categories
    assert import_opml(store, settings, exported).known == 3


def test_a_json_feed_with_wrong_typed_fields_is_followed(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    # Issue 14: a numeric feed title and hubs used to crash `source add` with a traceback.
    body = (
        b'{"items": [{"id": "1", "title": "Harbour reopens", "content_text": "Words."}],'
        b' "title": 5, "hubs": 3, "home_page_url": 7,'
        b' "version": "https://jsonfeed.org/version/1.1"}'
    )
    site.route("/feed.json", Reply(200, body, {"Content-Type": "application/feed+json"}))
    record = add_source(store, fetch_settings, site.url("/feed.json")).model_dump()
    assert (record["kind"], record["title"], record["site_url"]) == ("feed", None, None)


def test_json_that_is_no_feed_is_refused_with_a_json_reason(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    body = b'{"status": "ok", "results": []}'
    site.route("/api", Reply(200, body, {"Content-Type": "application/json"}))
    with pytest.raises(SourceError, match="JSON, but not a JSON Feed"):
        add_source(store, fetch_settings, site.url("/api"))
