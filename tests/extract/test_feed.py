"""Feeds to entries and articles, the one parser for files, fetches and pushes: RSS, Atom,
JSON Feed by its spec, the outlet behind a feed's title, and what is not a feed."""

from __future__ import annotations

import json

import pytest

from newsdesk.errors import FormatError, IngestError
from newsdesk.extract.feed import entry_key, extract_feed, outlet_from_feed_title, parse_feed
from tests.conftest import FIXTURES
from tests.fetch.feeds import fixture


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


def _json_feed(*items: dict, **feed: object) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Example Wire",
            **feed,
            "items": list(items),
        }
    ).encode()


def test_files_and_fetches_read_a_feed_the_same_way() -> None:
    payload = fixture("news.rss")
    parsed = parse_feed(payload)
    drafts = extract_feed(payload, "news.rss")
    assert [(d.title, d.text, d.url, d.published_at, d.ordinal) for d in drafts] == [
        (e.title, e.text, e.url, e.published, e.position) for e in parsed.entries
    ]
    assert {d.outlet for d in drafts} == {parsed.outlet} == {"Harbour Post"}
    assert (parsed.ttl_minutes, parsed.self_url) == (60, "{base}/news.rss")
    assert all(e.has_full_content and e.guid for e in parsed.entries)


def test_json_feed_content_html_is_preferred_and_content_text_stays_plain() -> None:
    both = {"id": "1", "title": "Both", "content_html": "<p>One.</p><p>Two.</p>",
            "content_text": "One. Two."}  # fmt: skip
    text_only = {"id": "2", "title": "Text", "content_text": "a < b\n\nand c > d"}
    [first, second] = extract_feed(_json_feed(both, text_only), "wire.json")
    assert first.text == "One.\n\nTwo."
    assert second.text == "a < b\n\nand c > d"


def test_json_feed_items_fall_back_to_the_feeds_authors() -> None:
    own = {"id": "1", "title": "Own", "content_text": "x", "authors": [{"name": "Ana Ruiz"}]}
    none = {"id": "2", "title": "None", "content_text": "y"}
    payload = _json_feed(own, none, authors=[{"name": "Wire Desk"}, {"url": "https://x"}])
    assert [d.author for d in extract_feed(payload, "wire.json")] == ["Ana Ruiz", "Wire Desk"]
    assert [e.author for e in parse_feed(payload).entries] == ["Ana Ruiz", "Wire Desk"]


def test_json_feed_untitled_items_are_named_by_their_first_words_and_empty_ones_skipped() -> None:
    words = " ".join(f"w{i}" for i in range(20))
    payload = _json_feed("not an item", {"id": "a"}, {"id": "b", "content_text": words})
    [entry] = parse_feed(payload).entries
    assert entry.title == " ".join(f"w{i}" for i in range(12))
    assert entry.position == 2  # its place in the feed, as a file's article ordinal


def test_an_entry_key_is_its_id_and_its_digest_changes_with_its_content() -> None:
    [a] = parse_feed(
        _json_feed({"id": "7", "url": "https://x/a", "title": "T", "content_text": "one"})
    ).entries
    [b] = parse_feed(
        _json_feed({"id": "7", "url": "https://x/b", "title": "T", "content_text": "two"})
    ).entries
    assert a.key == b.key == entry_key("7", None, "")
    assert a.digest != b.digest


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b"<html><body><p>Hello</p></body></html>", "HTML page, not RSS"),
        (b"just some words", r"malformed \(.*syntax error"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "no items list"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON Feed"),
    ],
)
def test_bytes_that_are_not_a_feed_are_a_format_error(payload: bytes, why: str) -> None:
    with pytest.raises(FormatError, match=why) as caught:
        parse_feed(payload)
    assert str(caught.value).startswith("not a readable feed")


def test_an_empty_feed_is_no_error_for_a_fetch_but_is_for_a_file() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert parse_feed(empty).entries == []
    with pytest.raises(IngestError, match=r"empty\.rss: the feed has no entries"):
        extract_feed(empty, "empty.rss")
