"""Lead images: the image a page or feed entry names for its article, and what fetched image
bytes are (their type by magic bytes, their size in pixels when the header says it cheaply)."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

# Page metadata naming the lead image, most specific first: Open Graph's, then Twitter's.
_IMAGE_META = (
    "og:image:secure_url",
    "og:image:url",
    "og:image",
    "twitter:image",
    "twitter:image:src",
)
# URLs longer than this are data, not an address (a data: URI, a tracking blob).
MAX_IMAGE_URL = 2000


def absolute_image_url(value: object, base: str | None) -> str | None:
    """`value` as an absolute http(s) URL, resolved against `base`; None when it is not one
    (a data: URI, javascript:, an empty or overlong value)."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_IMAGE_URL:
        return None
    url = urljoin(base or "", value.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def page_image_url(tree: HtmlElement, base: str | None) -> str | None:
    """The lead image a page's metadata names (og:image, then twitter:image), absolute."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = meta.get("content")
        if key in _IMAGE_META and key not in found and content:
            found[key] = content
    for key in _IMAGE_META:
        if (url := absolute_image_url(found.get(key), base)) is not None:
            return url
    return None


def feed_entry_image_url(entry: Any, base: str | None) -> str | None:
    """The image a feedparser entry carries: media:content (an image), media:thumbnail, then
    an enclosure or link of an image type."""
    for media in entry.get("media_content") or []:
        kind = (media.get("medium") or media.get("type") or "image").lower()
        if kind.startswith("image") and (url := absolute_image_url(media.get("url"), base)):
            return url
    for thumbnail in entry.get("media_thumbnail") or []:
        if url := absolute_image_url(thumbnail.get("url"), base):
            return url
    for link in [*entry.get("enclosures", []), *entry.get("links", [])]:
        is_image = (link.get("type") or "").lower().startswith("image/")
        if is_image and (url := absolute_image_url(link.get("href"), base)):
            return url
    return None


def json_item_image_url(item: dict[str, Any], base: str | None) -> str | None:
    """The image a JSON Feed item names: `image`, else `banner_image`, else an image
    attachment."""
    for key in ("image", "banner_image"):
        if url := absolute_image_url(item.get(key), base):
            return url
    for attachment in item.get("attachments") or []:
        if not isinstance(attachment, dict):
            continue
        is_image = str(attachment.get("mime_type", "")).startswith("image/")
        if is_image and (url := absolute_image_url(attachment.get("url"), base)):
            return url
    return None


@dataclass(frozen=True)
class ImageKind:
    """What image bytes are: their media type and, when the header gives it, their size."""

    content_type: str
    width: int | None = None
    height: int | None = None


def sniff_image(data: bytes) -> ImageKind | None:
    """The kind of a PNG, JPEG, GIF or WebP by its magic bytes; None for anything else
    (an SVG is refused too: it can carry script)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        size = struct.unpack(">II", data[16:24]) if len(data) >= 24 else (None, None)
        return ImageKind("image/png", *size)
    if data.startswith(b"\xff\xd8\xff"):
        return ImageKind("image/jpeg", *_jpeg_size(data))
    if data[:6] in (b"GIF87a", b"GIF89a"):
        size = struct.unpack("<HH", data[6:10]) if len(data) >= 10 else (None, None)
        return ImageKind("image/gif", *size)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ImageKind("image/webp", *_webp_size(data))
    return None


# Start-of-frame markers (baseline, progressive, lossless...): not DHT, JPG or DAC.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int | None, int | None]:
    # Walk the segments to the first start-of-frame, which holds height then width.
    index = 2
    while index + 9 <= len(data):
        if data[index] != 0xFF:
            return None, None
        marker = data[index + 1]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        if marker == 0xFF:
            index += 1
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        index += 2 + length
    return None, None


def _webp_size(data: bytes) -> tuple[int | None, int | None]:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None, None
