"""One URL fetched and ingested (the web reader's "add this article"): charsets, safety."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.errors import UnsafeURLError
from newsdesk.fetch.url import fetch_url_document, ingest_url
from newsdesk.store.db import Store
from newsdesk.store.models import Article
from tests.fetch.feeds import fixture
from tests.fetch.servers import LocalSite, Reply

TITLE = "Паводок отступил от Волжска"


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


def test_fetch_url_document_refuses_the_servers_own_network() -> None:
    with pytest.raises(UnsafeURLError, match="NEWSDESK_ALLOW_PRIVATE_NETWORKS"):
        fetch_url_document("http://169.254.169.254/latest/meta-data/", Settings())
