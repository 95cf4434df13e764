"""Which of a page's titles is its headline: trafilatura's pick (og:title first) unless the
page's `<title>`, less the site's name, agrees with a heading on the page and it does not.

A site section ("Health A-Z") can stand in og:title and the first `<h1>` while the
article's own heading sits lower; the `<title>` a browser shows still names the article.
"""

from __future__ import annotations

import html as html_entities
import re

# Bounded: an unclosed <h1> must not send the search to the end of the page each time.
_TITLE = re.compile(r"<title\b[^>]*>(.{0,2000}?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h([1-3])\b[^>]{0,500}>(.{0,1000}?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
# Headings are looked for in the page's first this many characters.
HEADING_SPAN = 300_000
_TAG = re.compile(r"<[^>]*>")
# "Headline | Site", "Site - Headline", "Headline — Section — Site"; a colon is the
# headline's own ("Sleep apnea: what works").
_SITE_SEPARATOR = re.compile(r"\s+(?:[|—–·»]|-{1,2}|::)\s+")
_NOT_WORD = re.compile(r"[^\w]+")
# A chosen title sharing at least this share of its words with the page's <title> names
# the same article; one sharing fewer is something else (a site section).
MIN_SHARED_WORDS = 0.5
# Headings longer than this are paragraphs set large, not headlines.
MAX_HEADLINE_CHARS = 300
# Only the first headings of the page are candidates (a long listing has thousands).
MAX_HEADINGS = 40


def choose_headline(page: str, chosen: str | None, site_name: str | None) -> str | None:
    """The page's headline: `chosen` (trafilatura's), or, when `chosen` shares few words with
    the page's `<title>` less the site name, the page heading that agrees with that."""
    core = title_core(page, site_name)
    if not core or (chosen and _overlap(chosen, core) >= MIN_SHARED_WORDS):
        # The same headline, give or take a site name or a punctuation mark: trafilatura's.
        return chosen
    for heading in headings(page):
        if _same(heading, core):
            return heading
    return chosen


def title_core(page: str, site_name: str | None) -> str | None:
    """The page's `<title>` with the site's name (and other short parts) left out."""
    match = _TITLE.search(page[:200_000])
    if match is None:
        return None
    title = _text(match.group(1))
    parts = [p for p in _SITE_SEPARATOR.split(title) if p.strip()]
    if site_name:
        parts = [p for p in parts if not _same(p, site_name)] or parts
    return max(parts, key=len) if parts else None


def headings(page: str) -> list[str]:
    """The text of the page's first h1 to h3 headings, in page order."""
    found = []
    for match in _HEADING.finditer(page[:HEADING_SPAN]):
        text = _text(match.group(2))
        if text and len(text) <= MAX_HEADLINE_CHARS:
            found.append(text)
            if len(found) >= MAX_HEADINGS:
                break
    return found


def _text(markup: str) -> str:
    return " ".join(html_entities.unescape(_TAG.sub(" ", markup)).split())


def _same(one: str, other: str) -> bool:
    return _words(one) == _words(other)


def _overlap(chosen: str, core: str) -> float:
    """The share of the chosen title's words that the page's <title> has too."""
    words = _words(chosen).split()
    others = set(_words(core).split())
    return sum(word in others for word in words) / len(words) if words else 0.0


def _words(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()
