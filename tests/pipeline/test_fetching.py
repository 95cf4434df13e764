"""Fetching followed sources (and single URLs) into real stores, against real local servers:
each case ends with the right article count or a clear error on the source, and nothing
stored is lost."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from newsdesk.config import Settings
from newsdesk.pipeline import fetching
from newsdesk.pipeline.fetching import fetch_once, ingest_url
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Document, Feed, FetchLog, utcnow
from newsdesk.store.sources import add_feed
from newsdesk.testing.servers import LocalSite, Reply, big_stream, gzip_bomb
from tests.fetch.feeds import HTML_TYPE, RSS, fixture, serve

TITLE = "Паводок отступил от Волжска"


def follow(store: Store, url: str, kind: str = "feed", **kwargs: Any) -> int:
    with store.session() as session:
        return add_feed(session, url, kind=kind, **kwargs).id


def make_due(store: Store) -> None:
    with store.session() as session:
        session.execute(update(Feed).values(next_fetch_at=utcnow() - timedelta(seconds=1)))


def feed(store: Store, feed_id: int) -> Feed:
    with store.session() as session:
        return session.get_one(Feed, feed_id)


def counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        documents = session.scalar(select(func.count(Document.id)))
        articles = session.scalar(select(func.count(Article.id)))
    return documents or 0, articles or 0


def log(store: Store, feed_id: int) -> list[FetchLog]:
    with store.session() as session:
        return list(
            session.scalars(
                select(FetchLog).where(FetchLog.feed_id == feed_id).order_by(FetchLog.id)
            )
        )


def test_entries_become_articles_and_a_refetch_is_a_304(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    body = fixture("news.rss", site)

    def answer(seen: Any) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304, headers={"ETag": '"v1"'})
        return Reply(200, body, {"Content-Type": RSS, "ETag": '"v1"'})

    site.route("/news.rss", answer)
    feed_id = follow(store, site.url("/news.rss"))
    first = fetch_once(store, fetch_settings, enrich=False)
    assert [f.outcome for f in first.feeds] == ["ok"]
    assert counts(store) == (3, 3)
    with store.session() as session:
        articles = list(session.scalars(select(Article).order_by(Article.published_at)))
        assert {a.outlet.name for a in articles} == {"Harbour Post"}
        assert articles[0].title == "Harbour reopens after a week of storms"
        assert articles[0].url == site.url("/2024/01/harbour-reopens.html")
        assert "first cargo vessel" in articles[0].text
    state = feed(store, feed_id)
    assert state.etag == '"v1"' and state.title == "Harbour Post — Top Stories"
    # RSS <ttl>60</ttl>: not due again for at least an hour.
    assert state.next_fetch_at - utcnow() >= timedelta(minutes=59)

    make_due(store)
    second = fetch_once(store, fetch_settings, enrich=False)
    assert [f.outcome for f in second.feeds] == ["not_modified"]
    assert counts(store) == (3, 3)
    assert [row.outcome for row in log(store, feed_id)] == ["ok", "not_modified"]
    assert log(store, feed_id)[0].bytes == len(body) and log(store, feed_id)[0].status == 200


def test_only_new_entries_are_ingested(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/news.rss", "news.rss")
    follow(store, site.url("/news.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    extra = (
        b"<item><title>Ferry timetable changes in February</title><guid>harbour-post-0004</guid>"
        b"<link>" + site.url("/2024/02/ferry.html").encode() + b"</link>"
        b"<pubDate>Thu, 01 Feb 2024 09:00:00 GMT</pubDate><description><![CDATA["
        + b"<p>The ferry company will change its winter timetable. " * 12
        + b"]]></description></item></channel>"
    )
    body = fixture("news.rss", site).replace(b"</channel>", extra)
    site.route("/news.rss", Reply(200, body, {"Content-Type": RSS}))
    make_due(store)
    report = fetch_once(store, fetch_settings, enrich=False)
    assert report.feeds[0].new_documents == 1
    assert counts(store) == (4, 4)


def test_an_updated_entry_becomes_the_new_version_of_its_article(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/news.rss", "news.rss")
    follow(store, site.url("/news.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    with store.session() as session:
        before = {a.title: a.id for a in session.scalars(select(Article))}
    # The same entry (guid, link) sent again with a correction; the others unchanged.
    body = fixture("news.rss", site).replace(
        b"the first cargo vessel unloaded before dusk", b"two cargo vessels unloaded by dusk"
    )
    site.route("/news.rss", Reply(200, body, {"Content-Type": RSS}))
    make_due(store)
    report = fetch_once(store, fetch_settings, enrich=False)
    assert report.feeds[0].new_documents == 1
    assert counts(store) == (4, 3)
    with store.session() as session:
        articles = {a.title: a for a in session.scalars(select(Article))}
        assert {title: a.id for title, a in articles.items()} == before
        harbour = articles["Harbour reopens after a week of storms"]
        assert "two cargo vessels" in harbour.text
        assert ["first cargo vessel" in r.text for r in harbour.revisions] == [True]
        assert all(not a.revisions for t, a in articles.items() if a is not harbour)
    # Sent once more unchanged: nothing is taken again.
    make_due(store)
    assert fetch_once(store, fetch_settings, enrich=False).feeds[0].new_documents == 0
    assert counts(store) == (4, 3)


def test_a_summary_only_feed_gets_each_full_article_from_its_page(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/valley.rss", "summaries.rss")
    serve(site, "/articles/bridge-reopens.html", "bridge-reopens.html", HTML_TYPE)
    serve(site, "/articles/choir-wins.html", "choir-wins.html", HTML_TYPE)
    follow(store, site.url("/valley.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    with store.session() as session:
        articles = {a.title: a for a in session.scalars(select(Article))}
        bridge = articles["Bridge over the river reopens to traffic"]
        assert "stone bridge" in bridge.text and "weight limits" in bridge.text
        assert bridge.url == site.url("/articles/bridge-reopens.html")
        assert bridge.document.content_type == "text/html"
        assert bridge.outlet.name == "Valley Courier"
        assert bridge.published_at is not None and bridge.published_at.day == 18
    assert counts(store) == (2, 2)


def test_a_page_that_fails_leaves_the_summary(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/valley.rss", "summaries.rss")
    serve(site, "/articles/bridge-reopens.html", "bridge-reopens.html", HTML_TYPE)
    feed_id = follow(store, site.url("/valley.rss"))
    report = fetch_once(store, fetch_settings, enrich=False)
    assert counts(store) == (2, 2)
    assert "choir-wins.html not fetched: HTTP 404" in (report.feeds[0].error or "")
    assert "not fetched" in (log(store, feed_id)[0].error or "")


def test_410_marks_the_source_gone(store: Store, fetch_settings: Settings, site: LocalSite) -> None:
    site.route("/gone.rss", Reply(410, b"gone"))
    feed_id = follow(store, site.url("/gone.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    state = feed(store, feed_id)
    assert state.status == "gone" and state.next_fetch_at is None
    assert "410 Gone" in (state.last_error or "")
    make_due(store)
    assert fetch_once(store, fetch_settings, enrich=False).feeds == []


def test_429_backs_off_as_long_as_retry_after_asks(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    site.route("/busy.rss", Reply(429, headers={"Retry-After": "7200"}))
    feed_id = follow(store, site.url("/busy.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    state = feed(store, feed_id)
    assert state.failures == 1 and "429" in (state.last_error or "")
    assert state.next_fetch_at - utcnow() >= timedelta(seconds=7100)
    assert len(site.hits("/busy.rss")) == 1


def test_500_then_success(store: Store, fetch_settings: Settings, site: LocalSite) -> None:
    site.route(
        "/flaky.rss", [Reply(500), Reply(200, fixture("news.rss", site), {"Content-Type": RSS})]
    )
    feed_id = follow(store, site.url("/flaky.rss"))
    report = fetch_once(store, fetch_settings, enrich=False)
    assert report.feeds[0].outcome == "ok" and counts(store) == (3, 3)
    assert feed(store, feed_id).failures == 0


def test_a_source_failing_repeatedly_backs_off_further_and_says_why(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    site.route("/down.rss", Reply(503))
    feed_id = follow(store, site.url("/down.rss"))
    waits = []
    for _ in range(3):
        make_due(store)
        fetch_once(store, fetch_settings, enrich=False)
        state = feed(store, feed_id)
        waits.append((state.next_fetch_at - utcnow()).total_seconds())
    assert state.failures == 3 and state.last_error == "HTTP 503"
    assert waits[0] < waits[1] < waits[2]


BAD = {
    "404": (Reply(404, b"nope"), "HTTP 404"),
    "stall": (Reply(200, b"<rss/>", stall=3.0), "timed out"),
    "truncated": (Reply(200, b"<rss>" + b"x" * 5000, truncate_to=200), "cut short"),
    "gzip bomb": (
        Reply(200, gzip_bomb(100 * 1024 * 1024), {"Content-Encoding": "gzip"}),
        "compression bomb",
    ),
    "50 MB page": (Reply(200, stream=None), "too large"),
    "malformed XML": (Reply(200, fixture("malformed.xml"), {"Content-Type": RSS}), "malformed"),
    "HTML instead of a feed": (
        Reply(200, fixture("site.html"), {"Content-Type": HTML_TYPE}),
        "HTML page",
    ),
    "redirect loop": (Reply(302, headers={"Location": "/news.rss"}), "redirect loop"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_fetch_leaves_a_clear_error_and_stored_articles_intact(
    store: Store, fetch_settings: Settings, site: LocalSite, case: str
) -> None:
    serve(site, "/news.rss", "news.rss")
    feed_id = follow(store, site.url("/news.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    assert counts(store) == (3, 3)
    reply, message = BAD[case]
    if case == "50 MB page":
        reply = Reply(200, stream=big_stream(50 * 1024 * 1024))
    site.route("/news.rss", reply)
    make_due(store)
    settings = replace(fetch_settings, fetch=replace(fetch_settings.fetch, timeout_seconds=0.5))
    report = fetch_once(store, settings, enrich=False)
    assert report.feeds[0].outcome == "error"
    state = feed(store, feed_id)
    assert message in (state.last_error or ""), state.last_error
    assert state.failures == 1 and state.status == "active"
    assert state.etag is None or state.etag == feed(store, feed_id).etag
    assert log(store, feed_id)[-1].outcome == "error"
    assert message in (log(store, feed_id)[-1].error or "")
    assert counts(store) == (3, 3)


def test_a_permanent_redirect_moves_the_source(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    site.route("/old.rss", Reply(301, headers={"Location": "/older.rss"}))
    site.route("/older.rss", Reply(301, headers={"Location": site.url("/news.rss")}))
    serve(site, "/news.rss", "news.rss")
    feed_id = follow(store, site.url("/old.rss"))
    fetch_once(store, fetch_settings, enrich=False)
    assert feed(store, feed_id).url == site.url("/news.rss")
    assert counts(store) == (3, 3)


def test_a_news_sitemap_index_brings_its_pages(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/sitemap.xml", "sitemap-index.xml", "application/xml")
    serve(site, "/news-sitemap.xml", "news-sitemap.xml", "application/xml")
    serve(site, "/articles/bridge-reopens.html", "bridge-reopens.html", HTML_TYPE)
    serve(site, "/articles/choir-wins.html", "choir-wins.html", HTML_TYPE)
    follow(store, site.url("/sitemap.xml"), kind="sitemap")
    fetch_once(store, fetch_settings, enrich=False)
    with store.session() as session:
        articles = list(session.scalars(select(Article).order_by(Article.published_at)))
        assert [a.title for a in articles] == [
            "Bridge over the river reopens to traffic",
            "School choir wins regional contest",
        ]
        assert {a.outlet.name for a in articles} == {"Valley Courier"}
    make_due(store)
    fetch_once(store, fetch_settings, enrich=False)
    assert counts(store) == (2, 2)
    assert len(site.hits("/articles/choir-wins.html")) == 1


def test_fetched_articles_are_enriched_and_grouped(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    serve(site, "/news.rss", "news.rss")
    follow(store, site.url("/news.rss"))
    report = fetch_once(store, fetch_settings)
    assert report.ingest.enriched == 3
    with store.session() as session:
        assert session.scalar(select(func.count()).where(Article.grouped_at.is_(None))) == 0


# One URL fetched and ingested (the web reader's "add this article"): charsets, duplicates.


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [("cp1251", "text/html; charset=utf-8"), ("utf-8", "text/html; charset=iso-8859-1")],
)
def test_a_page_with_a_wrong_charset_is_read_right(
    store: Store, fetch_settings: Settings, site: LocalSite, encoding: str, declared: str
) -> None:
    body = fixture("russian-article.html").decode("utf-8").encode(encoding)
    site.route("/flood.html", Reply(200, body, {"Content-Type": declared}))
    report = ingest_url(store, site.url("/flood.html"), fetch_settings, enrich=False)
    assert (report.new, report.failed) == (1, 0)
    with store.session() as session:
        [article] = session.scalars(select(Article))
        assert article.title == TITLE
        assert "спасатели" in article.text
        assert article.url == site.url("/flood.html")


def test_the_same_page_twice_is_one_document(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    site.route(
        "/page.html", Reply(200, fixture("bridge-reopens.html"), {"Content-Type": "text/html"})
    )
    assert ingest_url(store, site.url("/page.html"), fetch_settings, enrich=False).new == 1
    assert ingest_url(store, site.url("/page.html"), fetch_settings, enrich=False).duplicate == 1


def test_a_feed_in_koi8_r_declared_by_http_is_stored_readable(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    lead = "Паводок отступил, и жители вернулись в свои дома на окраине города."
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Волжская правда</title>'
        f'<item><guid isPermaLink="false">a1</guid><title>{TITLE}</title>'
        f"<description>{lead}</description></item>"
        "</channel></rss>"
    )
    site.route(
        "/koi8.rss", Reply(200, rss.encode("koi8_r"), {"Content-Type": f"{RSS}; charset=KOI8-R"})
    )
    follow(store, site.url("/koi8.rss"))
    report = fetch_once(store, fetch_settings, enrich=False)
    assert [f.outcome for f in report.feeds] == ["ok"]
    with store.session() as session:
        [article] = session.scalars(select(Article))
        assert (article.title, article.text, article.outlet.name) == (
            TITLE, lead, "Волжская правда"
        )  # fmt: skip


def test_a_json_feed_with_wrong_typed_fields_is_fetched_and_odd_items_named(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    items = [
        {"id": "1", "title": 3, "content_text": 4},
        {"id": "2", "title": "Harbour reopens", "content_text": "The harbour reopened.",
         "authors": 5, "date_published": 1_700_000_000},
    ]  # fmt: skip
    body = json.dumps({"title": 5, "hubs": 3, "items": items, "version": "1"}).encode()
    site.route("/feed.json", Reply(200, body, {"Content-Type": "application/feed+json"}))
    feed_id = follow(store, site.url("/feed.json"))
    report = fetch_once(store, fetch_settings, enrich=False)
    assert [(f.outcome, f.entries, f.new_documents) for f in report.feeds] == [("ok", 1, 1)]
    assert "item 0 skipped" in (report.feeds[0].error or "")
    assert feed(store, feed_id).last_error is None
    assert counts(store) == (1, 1)


def test_an_unforeseen_error_reading_a_feed_is_recorded_on_the_source(
    store: Store, fetch_settings: Settings, site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve(site, "/news.rss", "news.rss")
    serve(site, "/other.rss", "news.rss")
    broken = follow(store, site.url("/news.rss"))
    working = follow(store, site.url("/other.rss"))
    real_harvest = fetching.harvest_feed

    async def harvest(fetcher: Any, state: Any, known: Any, settings: Settings) -> Any:
        if state.id == broken:
            raise TypeError("'int' object is not iterable")
        return await real_harvest(fetcher, state, known, settings)

    monkeypatch.setattr(fetching, "harvest_feed", harvest)
    report = fetch_once(store, fetch_settings, enrich=False)
    outcomes = {f.feed_id: (f.outcome, f.error) for f in report.feeds}
    assert outcomes[working][0] == "ok"
    assert outcomes[broken][0] == "error"
    assert "TypeError: 'int' object is not iterable" in (feed(store, broken).last_error or "")
    assert feed(store, broken).failures == 1


def test_a_fetched_link_only_entry_is_kept_as_a_stub(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Harbour Wire</title><item><guid>f1</guid><title>Ferries return</title>"
        f"<link>{site.url('/ferries')}</link></item></channel></rss>"
    )
    site.route("/wire.rss", Reply(200, rss.encode(), {"Content-Type": RSS}))
    follow(store, site.url("/wire.rss"), full_text="never")
    report = fetch_once(store, fetch_settings, enrich=False)
    assert (report.ingest.failed, report.ingest.stubs) == (0, 1)
    with store.session() as session:
        [stub] = session.scalars(select(Article))
        assert (stub.title, stub.url, stub.is_stub, stub.outlet.name) == (
            "Ferries return", site.url("/ferries"), True, "Harbour Wire"
        )  # fmt: skip
