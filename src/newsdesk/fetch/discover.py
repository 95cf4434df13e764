"""What a fetched URL is (feed, sitemap, page) and what it points to: the feeds a page
advertises, the pages a sitemap lists, the hub a feed names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newsdesk.extract.dates import parse_datetime
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


@dataclass(frozen=True)
class SitemapEntry:
    """A page a sitemap lists, with what a news sitemap adds (title, outlet, date)."""

    url: str
    modified: datetime | None = None
    title: str | None = None
    outlet: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: pages (a urlset) or further sitemaps (a sitemap index)."""

    pages: list[SitemapEntry]
    sitemaps: list[SitemapEntry]


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """The pages or child sitemaps a sitemap lists; ValueError when it is not a sitemap."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"malformed sitemap XML: {error}") from None
    if root is None:
        raise ValueError("malformed sitemap XML: no root element")
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: the root element is <{name}>")
    entries = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        fields = _child_texts(node)
        if not fields.get("loc"):
            continue
        entries.append(
            SitemapEntry(
                url=urljoin(base_url, fields["loc"]),
                modified=parse_datetime(fields.get("lastmod")),
                title=fields.get("title"),
                outlet=fields.get("name"),
                published=parse_datetime(fields.get("publication_date")),
            )
        )
    if name == "sitemapindex":
        return Sitemap(pages=[], sitemaps=entries)
    return Sitemap(pages=entries, sitemaps=[])


def _child_texts(node: etree._Element) -> dict[str, str]:
    # News sitemaps nest <news:news><news:publication><news:name>: read every
    # descendant by local name; the first of each name wins.
    texts: dict[str, str] = {}
    for child in node.iter():
        if child is node or not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if child.text and child.text.strip() and local not in texts:
            texts[local] = child.text.strip()
    return texts


def link_header_rels(value: str | None) -> dict[str, str]:
    """rel -> URL from an HTTP Link header (WebSub hubs announce themselves there too)."""
    rels: dict[str, str] = {}
    for part in (value or "").split(","):
        match = re.match(r"\s*<([^>]+)>\s*;(.*)", part)
        if not match:
            continue
        for rel in re.findall(r'rel\s*=\s*"?([^";]+)"?', match.group(2)):
            for name in rel.split():
                rels.setdefault(name.lower(), match.group(1).strip())
    return rels
