"""Feed discovery in fetched bytes: what a response is (feed, sitemap or page), and the
feeds an HTML page advertises with `<link rel="alternate">`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newsdesk.extract.feed import is_json_feed

FEED = "feed"
SITEMAP = "sitemap"
PAGE = "page"

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(?:urlset|sitemapindex)[\s>]", re.I)
_HTML = re.compile(rb"<(?:!doctype html|html|head|body)[\s>]", re.I)


def sniff_kind(mime: str, body: bytes) -> str:
    """FEED, SITEMAP or PAGE, by the body's first bytes first and the media type second."""
    head = body[:4096].lstrip()
    if is_json_feed(body):
        return FEED
    if _SITEMAP_ROOT.search(head):
        return SITEMAP
    if _FEED_ROOT.search(head):
        return FEED
    if _HTML.search(head) or "html" in mime:
        return PAGE
    if mime in FEED_TYPES or mime.endswith("+xml"):
        return FEED
    return PAGE


@dataclass(frozen=True)
class FeedLink:
    """A feed a page advertises with <link rel="alternate">."""

    url: str
    title: str | None
    mime: str


def feed_links(html: bytes, base_url: str) -> list[FeedLink]:
    """The feeds an HTML page advertises, in page order (RSS, Atom and JSON Feed)."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), None)
    page_base = urljoin(base_url, base) if base else base_url
    links = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        mime = (link.get("type") or "").lower().strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and href and mime in FEED_TYPES[:4]:
            links.append(FeedLink(urljoin(page_base, href), link.get("title"), mime))
    return links
