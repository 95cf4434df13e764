"""Lead images at extraction: og:image and twitter:image in pages (relative ones resolved),
media:content, media:thumbnail and image enclosures in feeds, JSON Feed `image`; and what
image bytes are by their magic bytes."""

from __future__ import annotations

import pytest

from newsdesk.extract import extract_document
from newsdesk.extract.feed import extract_feed, parse_feed
from newsdesk.extract.images import absolute_image_url, sniff_image
from newsdesk.ingest.entries import entry_document
from newsdesk.types import HTML, IngestHints, RawDocument
from tests.conftest import FIXTURES

IMAGES = FIXTURES / "images"
BASE = "https://harbour-post.test"


def _page(name: str, url: str) -> RawDocument:
    return RawDocument((IMAGES / name).read_bytes(), url, HTML, IngestHints(url=url))


def test_a_pages_og_image_is_kept_resolved_against_the_page_url() -> None:
    [draft] = extract_document(_page("storm-page.html", f"{BASE}/2024/01/storm.html"))
    # og:image comes before twitter:image, and "/img/..." is the page's host's.
    assert draft.image_url == f"{BASE}/img/harbour.jpg"


def test_twitter_image_stands_in_when_og_image_is_no_address() -> None:
    [draft] = extract_document(_page("twitter-only-page.html", f"{BASE}/2024/01/ferries.html"))
    # The og:image is a data: URI (refused); twitter:image:src is relative to the page's folder.
    assert draft.image_url == f"{BASE}/2024/01/img/ferry.png"


def test_feed_media_content_thumbnail_and_image_enclosure_are_kept() -> None:
    payload = (IMAGES / "media.rss").read_bytes().replace(b"{base}", BASE.encode())
    drafts = extract_feed(payload, "media.rss")
    assert [d.image_url for d in drafts] == [
        f"{BASE}/img/harbour.jpg",  # media:content medium="image"
        f"{BASE}/img/market.png",  # a video's media:content passed over for the thumbnail
        f"{BASE}/img/lifeboat.webp",  # an image enclosure
        None,  # an audio enclosure is no image
    ]
    # The link stays the article's, not the enclosure's.
    assert drafts[2].url == f"{BASE}/2024/01/lifeboat-crew-honoured.html"


def test_json_feed_image_and_image_attachments_are_kept() -> None:
    drafts = extract_feed((IMAGES / "images.json").read_bytes(), "images.json")
    assert [d.image_url for d in drafts] == [
        f"{BASE}/img/harbour.jpg",
        f"{BASE}/img/lifeboat.webp",
        None,  # javascript: is no image address
    ]


def test_a_fetched_entrys_image_survives_its_json_record() -> None:
    payload = (IMAGES / "media.rss").read_bytes().replace(b"{base}", BASE.encode())
    entries = parse_feed(payload).entries
    [draft] = extract_document(entry_document(entries[0], "Harbour Post", f"{BASE}/feed"))
    assert draft.image_url == f"{BASE}/img/harbour.jpg"
    # An entry naming no image gives the same bytes as before images were kept.
    assert b'"image"' not in entry_document(entries[3], "Harbour Post", f"{BASE}/feed").payload


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/a.jpg", f"{BASE}/a.jpg"),
        ("//cdn.test/a.jpg", "https://cdn.test/a.jpg"),
        ("data:image/png;base64,AAAA", None),
        ("javascript:alert(1)", None),
        ("ftp://files.test/a.jpg", None),
        ("  ", None),
        (42, None),
    ],
)
def test_only_http_addresses_are_image_urls(value: object, expected: str | None) -> None:
    assert absolute_image_url(value, f"{BASE}/story.html") == expected


@pytest.mark.parametrize(
    ("name", "content_type", "size"),
    [
        ("harbour.jpg", "image/jpeg", (320, 180)),
        ("harbour.png", "image/png", (320, 180)),
        ("harbour.webp", "image/webp", (320, 180)),
        ("dot.gif", "image/gif", (1, 1)),
    ],
)
def test_image_bytes_are_known_by_their_magic(
    name: str, content_type: str, size: tuple[int, int]
) -> None:
    kind = sniff_image((IMAGES / name).read_bytes())
    assert kind is not None
    assert (kind.content_type, (kind.width, kind.height)) == (content_type, size)


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body>Not found</body></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"\x00\x01junk bytes that claim nothing",
        b"",
    ],
)
def test_anything_else_is_no_image(data: bytes) -> None:
    assert sniff_image(data) is None
