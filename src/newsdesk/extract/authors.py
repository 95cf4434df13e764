"""The author a page's markup names where its meta tags name none: trafilatura's fallback
(`trafilatura.metadata.extract_author`, trafilatura 2.3.1, pinned), read in one pass.

trafilatura copies the whole tree, deletes comments, dates and figures from the copy, then runs
three XPath expressions over it; each expression walks every element in libxml2's XPath engine
(about 4 ms a page), which made the fallback an eighth of the whole page read. The same tests of
tag and attributes are made here in one walk of the tree as parsed, and a candidate's text is
read as it would be once the deleted elements are gone, so the result is the same.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim

# trafilatura.xpaths.AUTHOR_DISCARD_XPATHS: these sections are deleted before the search.
_DISCARDED_TAGS = frozenset({"time", "figure"})
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_CLASSES = frozenset({"comments", "title", "date"})
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
# trafilatura.xpaths.AUTHOR_XPATHS, tried in turn: specific, almost generic, any element.
_SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC_TEST_IDS = frozenset({"AuthorCard", "AuthorURL"})
_SPECIFIC_CLASS = re.compile("author-?name|AuthorName|authorName")
_GENERIC_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_GENERIC_CLASSES = frozenset({"byline", "username", "byl", "BBL"})
_GENERIC_ID = re.compile("author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_ID = re.compile("[Aa]uthor")
_ANY_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# extract_author's `len_limit`: a longer text is a paragraph, not a byline.
_MAX_AUTHOR_CHARS = 120


def markup_author(tree: HtmlElement) -> str | None:
    """What `trafilatura.metadata.extract_author` finds in the parsed page (author names
    joined by "; "), or None; the tree is left as it is."""
    # `rel='me'` in the specific expression compares a child element <rel>, not an attribute.
    has_rel = tree.find(".//rel") is not None
    discarded: set[etree._Element] = set()
    found: tuple[list[etree._Element], list[etree._Element], list[etree._Element]] = ([], [], [])
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in _DISCARDED_TAGS:
            discarded.add(element)
            continue
        # Most elements carry no attribute: one call lists them, a lookup per name costs more.
        attributes = dict(element.items()) if element.keys() else {}
        if element is not tree and _is_discarded(tag, attributes):
            discarded.add(element)
            continue
        if _is_specific(tag, attributes) or (has_rel and _has_rel_me(element, tag)):
            found[0].append(element)
        if attributes and _is_generic(tag, attributes):
            found[1].append(element)
        if attributes and _is_any(attributes):
            found[2].append(element)
    for candidates in found:
        for element in candidates:
            if any(ancestor in discarded for ancestor in element.iterancestors()):
                continue
            content = trim(" ".join(_kept_text(element, discarded)))
            if 2 < len(content) < _MAX_AUTHOR_CHARS:
                return normalize_authors(None, content)
    return None


def _is_discarded(tag: str, attributes: dict[str, str]) -> bool:
    if tag not in _DISCARD_TAGS or not attributes:
        return False
    id_, class_ = attributes.get("id"), attributes.get("class")
    return (
        id_ == "comments"
        or class_ in _DISCARD_CLASSES
        or (id_ is not None and _DISCARD_ID.search(id_) is not None)
        or (class_ is not None and _DISCARD_CLASS.search(class_) is not None)
        or "Figure" in attributes.get("data-component", "")
    )


def _is_specific(tag: str, attributes: dict[str, str]) -> bool:
    if tag == "author":
        return True
    if tag not in _SPECIFIC_TAGS or not attributes:
        return False
    class_ = attributes.get("class")
    return (
        attributes.get("rel") == "author"
        or attributes.get("id") == "author"
        or class_ == "author"
        or attributes.get("itemprop") == "author name"
        or attributes.get("data-testid") in _SPECIFIC_TEST_IDS
        or (class_ is not None and _SPECIFIC_CLASS.search(class_) is not None)
    )


def _has_rel_me(element: etree._Element, tag: str) -> bool:
    return tag in _SPECIFIC_TAGS and any(
        child.tag == "rel" and child.xpath("string()") == "me" for child in element
    )


def _is_generic(tag: str, attributes: dict[str, str]) -> bool:
    if tag not in _GENERIC_TAGS:
        return False
    id_, class_ = attributes.get("id"), attributes.get("class")
    return (
        class_ in _GENERIC_CLASSES
        or "author" in attributes.get("itemprop", "")
        or (id_ is not None and _GENERIC_ID.search(id_) is not None)
        or (class_ is not None and _GENERIC_CLASS.search(class_) is not None)
    )


def _is_any(attributes: dict[str, str]) -> bool:
    id_, class_ = attributes.get("id"), attributes.get("class")
    return (
        "Byline" in attributes.get("data-component", "")
        or "author" in attributes.get("itemprop", "")
        or (id_ is not None and _ANY_ID.search(id_) is not None)
        or (class_ is not None and _ANY_CLASS.search(class_) is not None)
    )


def _kept_text(element: etree._Element, discarded: set[etree._Element]) -> list[str]:
    """`element.itertext()` as it reads once the discarded elements are deleted: trafilatura's
    `delete_element` joins a deleted element's tail to the text before it, with no space."""
    pieces: list[str] = [element.text or "" if isinstance(element.tag, str) else ""]
    for child in element:
        if child in discarded:
            pieces[-1] += child.tail or ""
            continue
        if isinstance(child.tag, str):
            pieces += _kept_text(child, discarded)
        pieces.append(child.tail or "")
    return [piece for piece in pieces if piece]
