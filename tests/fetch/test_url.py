"""One URL fetched as a raw document (the web reader's "add this article"): its kind from
its bytes and media type, and the guard against the server's own network."""

from __future__ import annotations

import pytest

from newsdesk.config import Settings
from newsdesk.errors import UnsafeURLError
from newsdesk.fetch.url import fetch_url_document
from newsdesk.testing.servers import LocalSite, Reply
from newsdesk.types import FEED, HTML, TEXT
from tests.fetch.feeds import RSS, fixture


@pytest.mark.parametrize(
    ("name", "content_type", "kind"),
    [
        ("bridge-reopens.html", "text/html", HTML),
        ("news.rss", RSS, FEED),
        ("bridge-reopens.html", "application/octet-stream", HTML),
    ],
)
def test_the_document_kind_comes_from_the_bytes_and_the_media_type(
    fetch_settings: Settings, site: LocalSite, name: str, content_type: str, kind: str
) -> None:
    site.route("/doc", Reply(200, fixture(name, site), {"Content-Type": content_type}))
    document = fetch_url_document(site.url("/doc"), fetch_settings)
    assert (document.content_type, document.origin) == (kind, site.url("/doc"))
    assert document.hints.url == site.url("/doc") and document.hints.captured_at is not None


def test_plain_text_is_a_text_capture(fetch_settings: Settings, site: LocalSite) -> None:
    site.route(
        "/note", Reply(200, b"Ferry back\n\nThe ferry is back.", {"Content-Type": "text/plain"})
    )
    assert fetch_url_document(site.url("/note"), fetch_settings).content_type == TEXT


def test_fetch_url_document_refuses_the_servers_own_network() -> None:
    with pytest.raises(UnsafeURLError, match="NEWSDESK_ALLOW_PRIVATE_NETWORKS"):
        fetch_url_document("http://169.254.169.254/latest/meta-data/", Settings())
