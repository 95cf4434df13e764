"""HTML fragments (feed content, JSONL `html`) to plain paragraphs."""

from __future__ import annotations

import html
import re

import lxml.html
from lxml import etree

from newsdesk.extract.nesting import flatten_deep_nesting

_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "section", "article", "header", "footer", "figcaption",
}  # fmt: skip
_DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe")
_SPACES = re.compile(r"[ \t\u00a0]+")
# Only complete references (with their semicolon): "AT&T" and "&copy2024" stay as written.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_entities(text: str) -> str:
    """`text` with its HTML character references decoded once (`AT&amp;T` is AT&T)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)


def html_fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, separated by blank lines."""
    if not fragment.strip():
        return ""
    # Without tags it is still HTML: its entities are decoded, as lxml decodes them below.
    if "<" not in fragment:
        return unescape_entities(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(flatten_deep_nesting(fragment), create_parent="div")
    except (etree.ParserError, ValueError):
        return unescape_entities(fragment).strip()
    for dropped in root.iter(*_DROPPED_TAGS):
        dropped.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n\n" + (element.text or "")
    paragraphs = (_SPACES.sub(" ", block).strip() for block in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
