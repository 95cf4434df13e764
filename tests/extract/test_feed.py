"""Feeds to articles: RSS, Atom, JSON Feed, and the outlet behind a feed's title."""

from __future__ import annotations

import pytest

from newsdesk.errors import IngestError
from newsdesk.extract.feed import extract_feed, outlet_from_feed_title
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("title", "outlet"),
    [
        ("Pacific Courier — Top Stories", "Pacific Courier"),
        ("Eastbridge Times | World", "Eastbridge Times"),
        ("Daily Lantern - Business", "Daily Lantern"),
        ("Kanto Daily English", "Kanto Daily English"),
        ("Anglo-Korean Review", "Anglo-Korean Review"),
        (None, None),
    ],
)
def test_outlet_from_feed_title(title, outlet) -> None:
    assert outlet_from_feed_title(title) == outlet


def test_rss_entry_keeps_full_content_over_summary() -> None:
    [entry] = extract_feed((FIXTURES / "inputs" / "eastbridge.rss").read_bytes(), "feed.rss")
    assert entry.outlet == "Eastbridge Times"
    assert entry.text == "The whole story, paragraph one.\n\nParagraph two."
    assert entry.url == "https://eastbridge.example/full"


def test_html_page_where_a_feed_was_expected_is_refused() -> None:
    with pytest.raises(IngestError, match="HTML page, not RSS"):
        extract_feed(b"<html><body><p>Hello</p></body></html>", "page.xml")


def test_truncated_feed_keeps_the_entries_it_has() -> None:
    whole = (FIXTURES / "inputs" / "eastbridge.rss").read_bytes()
    cut = whole[: whole.index(b"</item>") + len(b"</item>")]
    [entry] = extract_feed(cut, "cut.rss")
    assert entry.title == "Full entry"
    assert any("malformed feed" in w for w in entry.warnings)


def test_json_feed_without_items_is_an_error() -> None:
    payload = b'{"version": "https://jsonfeed.org/version/1.1", "title": "X", "items": []}'
    with pytest.raises(IngestError, match="no items"):
        extract_feed(payload, "empty.json")
