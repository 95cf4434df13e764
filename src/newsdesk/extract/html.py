"""HTML pages: the main article with trafilatura, then teaser stubs from the rest of the page."""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
import trafilatura
from lxml import etree

from newsdesk.errors import IngestError
from newsdesk.extract.dateline import parse_byline, split_dateline
from newsdesk.extract.dates import parse_datetime
from newsdesk.extract.headline import choose_headline
from newsdesk.extract.layout import PROSE_CELL_WORDS, has_layout_table, untable_layout
from newsdesk.extract.nesting import flatten_deep_nesting
from newsdesk.extract.teasers import find_teasers
from newsdesk.extract.text import is_chrome_line, is_end_marker, teaser_region
from newsdesk.types import ArticleDraft, IngestHints

# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "time",
})
# fmt: on
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "button", "select")
# Readers' comments carry names and time stamps just like teasers do; they are
# never other outlets' articles, so their containers are left out of the page text.
_COMMENT_CONTAINER = re.compile(
    r"(?:^|[\s_-])(?:comments?|disqus|replies|reply)(?:$|[\s_-])", re.IGNORECASE
)
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S",
}


def _extract(html: str, url: str | None) -> trafilatura.settings.Document | None:
    """Run trafilatura's main-text and metadata extraction, comments left out."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )


def _paragraphs(document: trafilatura.settings.Document | None) -> list[str]:
    """The body paragraphs trafilatura found, without a repeat of the headline."""
    if document is None or not (document.text or "").strip():
        return []
    lines = [" ".join(line.split()) for line in document.text.split("\n")]
    # trafilatura falls back to whatever text a page has, menus and ad labels included.
    paragraphs = [line for line in lines if line and not is_chrome_line(line)]
    if paragraphs and document.title and paragraphs[0] == " ".join(document.title.split()):
        paragraphs = paragraphs[1:]
    # Pages that keep "Related Articles" inside the article element end the story there.
    end = next((i for i, p in enumerate(paragraphs) if i and is_end_marker(p)), len(paragraphs))
    return paragraphs[:end]


def html_to_main_text(html: str) -> str:
    """The main article's body text, paragraphs separated by blank lines ("" if none)."""
    return "\n\n".join(_read_page(html, None)[2])


def _read_page(
    html: str, url: str | None
) -> tuple[str, trafilatura.settings.Document | None, list[str]]:
    """The page as read (flattened, untabled when that was needed), trafilatura's document
    and the body paragraphs."""
    html = flatten_deep_nesting(html)
    document = _extract(html, url)
    paragraphs = _paragraphs(document)
    if _read_as_table(paragraphs) and has_layout_table(html):
        # An old page laid out in tables: read again with its layout tables as blocks.
        untabled = untable_layout(html)
        again = _extract(untabled, url) if untabled else None
        if untabled and _paragraphs(again):
            return untabled, again, _paragraphs(again)
    return html, document, paragraphs


def _author(value: str | None) -> str | None:
    """trafilatura's "A; B" author string, shouting capitals recased."""
    if not value:
        return None
    names = [name.strip() for name in value.split(";") if name.strip()]
    recased = [parse_byline(f"By {name}") or name for name in names]
    return " and ".join(recased) if recased else None


_PUBLISHED_META = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|"""
    r"""og:published_time|datePublished|pubdate|publishdate|dc\.date\.issued|"""
    r"""parsely-pub-date|sailthru\.date)["'][^>]*>""",
    re.IGNORECASE,
)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_JSON_LD_PUBLISHED = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")


def published_from_markup(html: str) -> datetime | None:
    """The publication time a page's metadata states to the minute, if it does.

    htmldate (inside trafilatura) keeps only the day; the `article:published_time`
    meta or JSON-LD `datePublished` usually also carry the time and zone.
    """
    head = html[:200_000]
    candidates = [_CONTENT_ATTR.search(tag.group(0)) for tag in _PUBLISHED_META.finditer(head)]
    values = [c.group(1) for c in candidates if c] + _JSON_LD_PUBLISHED.findall(head)
    for value in values:
        if "T" in value and (moment := parse_datetime(value)) is not None:
            return moment
    return None


def page_lines(html: str) -> list[str]:
    """The page's visible text as lines, one per block element, comment sections left out."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for element in list(root.iter(*_DROPPED_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _COMMENT_CONTAINER.search(marks):
            element.drop_tree()
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        block = isinstance(element.tag, str) and element.tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if isinstance(element.tag, str) and element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    return [" ".join(line.split()) for line in "".join(pieces).split("\n")]


def _after_article(lines: list[str], last_paragraph: str) -> list[str]:
    """The page lines after the one that holds the main article's last paragraph."""
    probe = last_paragraph[:80]
    for index in range(len(lines) - 1, -1, -1):
        if probe and probe in lines[index]:
            return lines[index + 1 :]
    return []


def _read_as_table(paragraphs: list[str]) -> bool:
    """Whether trafilatura found no text, or read prose as the cells of a table row."""
    return not paragraphs or any(
        p.startswith("|") and len(p.split()) >= PROSE_CELL_WORDS for p in paragraphs
    )


def _may_hold_relative_times(html: str) -> bool:
    # Plain substring tests: the full RELATIVE_TIME pattern over a whole page costs
    # more than laying the page out.
    lowered = html.lower()
    return any(word in lowered for word in ("ago", "yesterday", "just now"))


def extract_html(html: str, hints: IngestHints, origin: str = "<html>") -> list[ArticleDraft]:
    """Extract an HTML page's main article and any teaser stubs after it.

    Raises IngestError when the page holds no article text.
    """
    html, document, paragraphs = _read_page(html, hints.url)
    if document is None or not paragraphs:
        raise IngestError(origin, "no article text found in the HTML page")
    body, dateline = split_dateline("\n\n".join(paragraphs))
    headline = choose_headline(html, document.title, document.sitename) or paragraphs[0][:120]
    main = ArticleDraft(
        title=" ".join(headline.split()),
        text=body,
        ordinal=0,
        outlet=hints.source or document.sitename or None,
        url=document.url or hints.url,
        author=_author(document.author),
        published_at=published_from_markup(html)
        or parse_datetime(document.date)
        or hints.published,
        dateline=dateline.place,
        wire_service=dateline.wire_service,
    )
    # Laying out the whole page again is the costliest step after trafilatura, and
    # pointless on the many pages that carry no relative time a teaser could have.
    if not _may_hold_relative_times(html):
        return [main]
    trailing = teaser_region(_after_article(page_lines(html), paragraphs[-1]))
    captured_at = hints.captured_at or hints.published
    return [main, *find_teasers(trailing, captured_at, first_ordinal=1)]
