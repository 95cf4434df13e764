"""Sitemaps (a `<urlset>`, news sitemaps included, or a `<sitemapindex>`) to the pages or
child sitemaps they list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree

from newsdesk.errors import FormatError
from newsdesk.extract.dates import parse_datetime


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
    """The pages or child sitemaps a sitemap lists; FormatError when it is not a sitemap."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"malformed sitemap XML: {error}") from None
    if root is None:
        raise FormatError("malformed sitemap XML: no root element")
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        raise FormatError(f"not a sitemap: the root element is <{name}>")
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
