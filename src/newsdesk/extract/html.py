"""HTML pages: the main article with trafilatura, then teaser stubs from the rest of the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsdesk.errors import IngestError
from newsdesk.extract.dateline import parse_byline, split_dateline
from newsdesk.extract.dates import parse_datetime
from newsdesk.extract.headline import choose_headline
from newsdesk.extract.images import page_image_url
from newsdesk.extract.layout import PROSE_CELL_WORDS, has_layout_table, untable_layout
from newsdesk.extract.metadata import page_date, page_metadata
from newsdesk.extract.nesting import MAX_DEPTH, flatten_deep_nesting
from newsdesk.extract.teasers import find_teasers, is_sentence_like
from newsdesk.extract.text import is_chrome_phrase, is_tail_heading, teaser_region
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


# A marker line ends the body only when what follows it is at most this share of the body's
# words: "Related articles" and comments under a story are a tail, shorter than the story;
# the same words above most of a page's text head a section of a listing or a forum.
MAX_TAIL_SHARE = 1 / 3
# A page read as table rows for at least this share of its words is laid out in tables
# (the article in a cell); below it, the rows are a data table within prose, kept as read.
MIN_LAYOUT_TABLE_SHARE = 0.5
# The page read again untabled must keep at least this share of the first reading's words:
# untabling changes how the same text reads, so a reading that loses most of it has taken a
# discussion laid out in a table (Hacker News) for comments.
MIN_UNTABLED_SHARE = 0.5


@dataclass(frozen=True)
class _Reading:
    """One reading of a page: its markup as read, its parsed tree (as parsed: trafilatura
    works on a copy), the metadata but the date, and the body paragraphs."""

    html: str
    tree: HtmlElement
    metadata: trafilatura.settings.Document
    paragraphs: list[str]


def _parse(html: str) -> HtmlElement | None:
    """The page parsed once, as trafilatura parses it (its parser and repairs)."""
    try:
        return load_html(html)
    except (etree.ParserError, ValueError):
        return None


# An element this deep (the root counted) is near where libxml2 stops building the tree.
_DEEP_ELEMENT = etree.XPath("boolean(" + "/*" * (MAX_DEPTH - 10) + ")")


def _nests_deep(tree: HtmlElement) -> bool:
    """Whether the parsed page nests near the depth the parser keeps (one pass in C)."""
    return bool(_DEEP_ELEMENT(tree))


def _body_text(tree: HtmlElement, url: str | None) -> str:
    """trafilatura's main text of the parsed page, readers' comments left out.

    Comments are captured (and so kept out of the body) as bare trafilatura does; on a
    discussion thread trafilatura routes the posts into the body, where they belong.
    """
    document = trafilatura.bare_extraction(tree, url=url, include_comments=True)
    return document.text if document is not None and document.text else ""


def _paragraphs(text: str, title: str | None) -> list[str]:
    """The body paragraphs of trafilatura's text, without a repeat of the headline."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    # trafilatura falls back to whatever text a page has, menus and ad labels included.
    paragraphs = [line for line in lines if line and not _is_chrome(line)]
    # The headline repeated above the body; a page of the headline alone keeps it.
    if len(paragraphs) > 1 and title and paragraphs[0] == " ".join(title.split()):
        paragraphs = paragraphs[1:]
    # Pages that keep "Related Articles" inside the article element end the story there.
    end = next((i for i in range(1, len(paragraphs)) if _opens_tail(paragraphs, i)), None)
    if end is not None and _words(paragraphs[end:]) <= MAX_TAIL_SHARE * _words(paragraphs):
        return paragraphs[:end]
    return paragraphs


def _opens_tail(paragraphs: list[str], index: int) -> bool:
    """Whether paragraph `index` heads the page's tail: a heading such as "Related articles" or
    "Comments", not a piece of wrapped text. A copyright line is left as trafilatura keeps it:
    labelled bodies keep it as often as not."""
    line = paragraphs[index]
    # "... to indicate a request for" then "comments.": a hard-wrapped sentence, not a heading.
    wrapped = line[:1].islower() and not is_sentence_like(paragraphs[index - 1])
    return is_tail_heading(line) and not wrapped


# Lone words that are pieces of a sentence trafilatura broke around a link or a code span,
# never a menu item on their own.
_SENTENCE_GLUE = frozenset({"the", "and", "&", "to", "in", "this"})
_WORD = re.compile(r"[\w&']+")


def _is_chrome(line: str) -> bool:
    """A line of site chrome in trafilatura's text. A line without words (a brace, a table
    rule, a bullet) is punctuation of the text around it, kept as trafilatura gives it."""
    words = _WORD.findall(line.lower())
    if not words or all(word in _SENTENCE_GLUE for word in words):
        return False
    # Not menu rows (`is_chrome_line`): trafilatura leaves out the navigation it recognises,
    # and the rows of short items left in its text are breadcrumbs and lists of a product's
    # or a manual's parts that labelled bodies keep (F1 rose on every labelled set without).
    return is_chrome_phrase(line)


def _words(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def html_to_main_text(html: str) -> str:
    """The main article's body text, paragraphs separated by blank lines ("" if none)."""
    reading = _read_page(html, None, text_only=True)
    return "\n\n".join(reading.paragraphs) if reading else ""


def _read_page(html: str, url: str | None, *, text_only: bool = False) -> _Reading | None:
    """The page read once (flattened when nested too deep, untabled when laid out in
    tables): markup, tree, metadata and body paragraphs; None when it cannot be parsed.
    With `text_only` the metadata holds what the body needs (`page_metadata`)."""
    tree = _parse(html)
    if tree is not None and _nests_deep(tree):
        # Flattened from the markup, where the parser's cut has not yet lost anything.
        flat = flatten_deep_nesting(html)
        if flat is not html:
            html, tree = flat, _parse(flat)
    if tree is None:
        return None
    metadata = page_metadata(tree, url, text_only=text_only)
    paragraphs = _paragraphs(_body_text(tree, url or metadata.url), metadata.title)
    if _read_as_layout_table(paragraphs) and has_layout_table(html):
        # An old page laid out in tables: read again with its layout tables as blocks.
        untabled = untable_layout(html)
        again = _parse(untabled) if untabled else None
        if again is not None:
            again_metadata = page_metadata(again, url, text_only=text_only)
            text = _body_text(again, url or again_metadata.url)
            again_paragraphs = _paragraphs(text, again_metadata.title)
            if _keeps_the_text(again_paragraphs, paragraphs):
                return _Reading(untabled, again, again_metadata, again_paragraphs)
    return _Reading(html, tree, metadata, paragraphs)


def _keeps_the_text(untabled: list[str], tabled: list[str]) -> bool:
    """Whether the page read untabled kept its text: something, and at least
    `MIN_UNTABLED_SHARE` of the words read as table rows."""
    return bool(untabled) and _words(untabled) >= MIN_UNTABLED_SHARE * _words(tabled)


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


def page_lines(page: str | HtmlElement) -> list[str]:
    """The page's visible text as lines, one per block element, comment sections left out;
    a parsed page is taken apart in place."""
    if isinstance(page, HtmlElement):
        root = page
    else:
        try:
            root = lxml.html.document_fromstring(page)
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


def _read_as_layout_table(paragraphs: list[str]) -> bool:
    """Whether trafilatura found no text, or read most of the page as rows of table cells,
    one of them running prose."""
    if not paragraphs:
        return True
    rows = [p for p in paragraphs if p.startswith("|")]
    return any(len(row.split()) >= PROSE_CELL_WORDS for row in rows) and _words(
        rows
    ) >= MIN_LAYOUT_TABLE_SHARE * _words(paragraphs)


def _may_hold_relative_times(html: str) -> bool:
    # Substring searches, as pages write the words, for what every RELATIVE_TIME match
    # holds: the full pattern, a case-blind search or even lowering the page costs more
    # than laying the page out.
    if any(word in html for word in ("yesterday", "Yesterday", "YESTERDAY")):
        return True
    # "just now" from where "just" stands: the pattern searched over the whole page cost
    # more than everything else here together (it has no literal to skip ahead by).
    for word, now in (("just", _NOW), ("Just", _NOW), ("JUST", _NOW_SHOUTED)):
        start = html.find(word)
        while start >= 0:
            if now.match(html, start + len(word)):
                return True
            start = html.find(word, start + len(word))
    # "ago" as a word: "3 hours ago", not "Chicago" (which alone is on many pages).
    for word in ("ago", "Ago", "AGO"):
        start = html.find(word)
        while start >= 0:
            before, after = html[start - 1 : start], html[start + 3 : start + 4]
            if not before.isalnum() and not after.isalnum():
                return True
            start = html.find(word, start + 3)
    return False


# What follows "just" or "Just" in "just now", and "JUST" in "JUST NOW".
_NOW = re.compile(r"\s+[Nn]ow")
_NOW_SHOUTED = re.compile(r"\s+NOW")


def extract_html(html: str, hints: IngestHints, origin: str = "<html>") -> list[ArticleDraft]:
    """Extract an HTML page's main article and any teaser stubs after it.

    Raises IngestError when the page holds no article text.
    """
    reading = _read_page(html, hints.url)
    if reading is None or not reading.paragraphs:
        raise IngestError(origin, "no article text found in the HTML page")
    html, document, paragraphs = reading.html, reading.metadata, reading.paragraphs
    body, dateline = split_dateline("\n\n".join(paragraphs))
    headline = choose_headline(html, document.title, document.sitename) or paragraphs[0][:120]
    main = ArticleDraft(
        title=" ".join(headline.split()),
        text=body,
        ordinal=0,
        outlet=hints.source or document.sitename or None,
        url=document.url or hints.url,
        author=_author(document.author),
        # htmldate's search is the costliest metadata: only when the markup has no time.
        published_at=published_from_markup(html)
        or parse_datetime(page_date(reading.tree, document.url, _DATE_PARAMS))
        or hints.published,
        dateline=dateline.place,
        wire_service=dateline.wire_service,
        image_url=page_image_url(reading.tree, hints.url or document.url),
    )
    # Laying out the whole page again is the costliest step after trafilatura, and
    # pointless on the many pages that carry no relative time a teaser could have.
    if not _may_hold_relative_times(html):
        return [main]
    # The tree trafilatura read (it works on a copy) is laid out here, not parsed again.
    lines = page_lines(reading.tree)
    trailing = teaser_region(_after_article(lines, paragraphs[-1]))
    captured_at = hints.captured_at or hints.published
    return [main, *find_teasers(trailing, captured_at, first_ordinal=1)]
