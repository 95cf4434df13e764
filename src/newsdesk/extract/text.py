"""Plain-text articles and pages captured as text: headline, body, site chrome, teasers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from newsdesk.errors import IngestError
from newsdesk.extract.dateline import (
    RELATIVE_TIME,
    parse_byline,
    parse_relative_time,
    split_dateline,
)
from newsdesk.extract.teasers import find_teasers, is_headline_shaped, is_sentence_like
from newsdesk.types import ArticleDraft, IngestHints

# Words that site navigation and tool bars are made of; a short line of nothing
# else is chrome, not a headline.
# fmt: off
_CHROME_WORDS = frozenset({
    "home", "news", "world", "business", "tech", "technology", "politics", "sport", "sports",
    "opinion", "culture", "science", "health", "markets", "asia", "europe", "us", "uk", "menu",
    "search", "subscribe", "sign", "in", "log", "login", "register", "account", "skip", "to",
    "content", "main", "navigation", "breaking", "live", "latest", "video", "videos",
    "podcasts", "newsletters", "newsletter", "share", "print", "email", "facebook", "twitter",
    "x", "linkedin", "whatsapp", "listen", "this", "article", "min", "read", "advertisement",
    "ad", "close", "open", "more", "sections", "edition", "top", "stories", "trending",
    "follow", "the", "and", "&", "back", "go", "en", "english", "donate", "about", "contact",
    "my", "settings", "weather", "lifestyle", "entertainment", "travel",
})
# fmt: on
_MENU_SPLIT = re.compile(r"\s{2,}|\s*[|·•»›>/]\s*")
# Lines that open the trailing chrome: once one is reached the article is over.
_END_MARKERS = re.compile(
    r"""^(?:comments?|\d+\s+comments?|no\ comments(?:\ yet)?|leave\ a\ (?:comment|reply)
    |related(?:\ (?:articles|stories|coverage|news|content))?|more\ coverage|more\ stories
    |more\ from\ .{1,40}|you\ (?:may|might)\ also\ like|read\ more|recommended(?:\ for\ you)?
    |most\ (?:read|popular|viewed)|(?:sign\ up|subscribe)(?:\ to|\ for)?\ our\ newsletters?
    |share\ this(?:\ article|\ story)?|try\ our\ ai\ features|topics|tags|about\ the\ author
    |latest\ news|top\ stories|follow\ us(?:\ on\ .{1,30})?|editor'?s\ picks
    )\s*[:.…]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved)", re.IGNORECASE)
# Dropped where they stand without ending the body: ad slots and inline link rails.
_INLINE_CHROME = re.compile(
    r"^(?:advertisement|ad|sponsored|story continues below(?: advertisement)?"
    r"|(?:read more|also read|see also)\s*:.*)\s*[:.…-]*$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published)\b:?\s*(?:on\s+)?)(?P<when>.*)$",
    re.IGNORECASE,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_MONTH_DAY_YEAR = re.compile(
    r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b"
    r"|\b(?P<day2>\d{1,2})\s+(?P<month2>[A-Za-z]{3,9})\.?,?\s+(?P<year2>\d{4})\b"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\s*([AaPp]\.?[Mm]\.?)?")
_READING_TIME = re.compile(r"^\d+\s*min(?:ute)?s?\s+read$", re.IGNORECASE)


def _is_menu_row(line: str) -> bool:
    """True for navigation: several short capitalised items split by wide gaps or bars."""
    items = [item for item in _MENU_SPLIT.split(line.strip()) if item]
    if len(items) < 3 or is_sentence_like(line):
        return False
    return all(len(item.split()) <= 3 and item[:1].isupper() for item in items)


def is_chrome_line(line: str) -> bool:
    """True for a line of site chrome around or inside an article (menus, tool bars, ads)."""
    line = line.strip()
    return not line or _is_menu_row(line) or is_chrome_phrase(line)


def is_chrome_phrase(line: str) -> bool:
    """True for a line of chrome words alone: an ad label, a reading time, a few words of a
    tool bar or menu ("Share", "Sign in"); not a menu row of other items."""
    line = line.strip()
    if _INLINE_CHROME.match(line) or _READING_TIME.match(line):
        return True
    words = re.findall(r"[\w&']+", line.lower())
    return len(words) <= 5 and not is_sentence_like(line) and all(w in _CHROME_WORDS for w in words)


def is_end_marker(line: str) -> bool:
    """True for a line that opens the trailing chrome (comments, related, copyright)."""
    line = line.strip()
    return is_tail_heading(line) or bool(_COPYRIGHT.match(line))


def is_tail_heading(line: str) -> bool:
    """True for a heading that opens the trailing chrome ("Related articles", "Comments")."""
    return bool(_END_MARKERS.match(line.strip()))


_COMMENT_MARKER = re.compile(
    r"^(?:comments?|\d+\s+comments?|leave\s+a\s+(?:comment|reply)|join\s+the\s+conversation)"
    r"\s*[:.…]*$",
    re.IGNORECASE,
)


def teaser_region(lines: list[str]) -> list[str]:
    """The trailing lines with comment sections blanked, so readers' posts are never teasers."""
    region: list[str] = []
    in_comments = False
    for line in lines:
        if _COMMENT_MARKER.match(line.strip()):
            in_comments = True
        elif is_end_marker(line) and not line.strip().lower().startswith("no comments"):
            # The next section heading ("Related Articles") closes the comments.
            in_comments = False
        region.append("" if in_comments else line)
    return region


def parse_date_line(line: str, now: datetime | None = None) -> datetime | None:
    """Read "Published 3:15 PM, January 17, 2024", "Updated 2024-01-17" or "3 hours ago"."""
    line = line.strip()
    match = _DATE_LINE.match(line)
    when = match["when"] if match else line
    if now is not None and (relative := parse_relative_time(when, now)) is not None:
        return relative
    if iso := _ISO_DATE.search(when):
        year, month, day, hour, minute = (int(g) if g else 0 for g in iso.groups())
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    if not (date := _MONTH_DAY_YEAR.search(when)):
        return None
    month_name = (date["month"] or date["month2"])[:3].lower()
    if month_name not in _MONTHS:
        return None
    day, year = int(date["day"] or date["day2"]), int(date["year"] or date["year2"])
    hour = minute = 0
    if clock := _CLOCK.search(when):
        hour, minute = int(clock[1]) % 24, int(clock[2])
        if clock[3] and clock[3][0].lower() == "p" and hour < 12:
            hour += 12
        elif clock[3] and clock[3][0].lower() == "a" and hour == 12:
            hour = 0
    try:
        return datetime(year, _MONTHS[month_name], day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def _is_date_line(line: str) -> bool:
    """True for a line that only says when the article was published or updated."""
    line = line.strip()
    if _DATE_LINE.match(line) and len(line) < 80:
        return True
    if RELATIVE_TIME.fullmatch(line):
        return True
    return len(line) < 60 and parse_date_line(line) is not None and not is_sentence_like(line)


def _find_headline(lines: list[str]) -> int | None:
    """Index of the headline: the first line after the leading chrome."""
    candidates = [i for i, line in enumerate(lines) if not is_chrome_line(line)]
    for position, index in enumerate(candidates):
        line = lines[index]
        following = lines[candidates[position + 1]] if position + 1 < len(candidates) else ""
        # A lone site name sits above the headline: a few words, then a longer
        # headline-shaped line that is neither a byline nor a date.
        if (
            len(line.split()) <= 4
            and not is_sentence_like(line)
            and is_headline_shaped(following)
            and len(following.split()) > len(line.split())
            and parse_byline(following) is None
            and not _is_date_line(following)
        ):
            continue
        return index
    return None


def _split_blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blank-line-separated blocks, dropping inline chrome."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
        elif not _INLINE_CHROME.match(line.strip()):
            blocks[-1].append(line.strip())
    return [block for block in blocks if block]


def _paragraphs(block: list[str]) -> list[str]:
    """Paragraphs of one block: one per line, or rejoined when the block is hard-wrapped."""
    if len(block) == 1:
        return block
    width = max(len(line) for line in block)
    # Hard wrapping leaves short lines that carry on a sentence; long lines or lines
    # that each end a sentence are paragraphs of their own.
    continues = any(
        not is_sentence_like(line) or block[i + 1][:1].islower()
        for i, line in enumerate(block[:-1])
    )
    if width > 100 or not continues:
        return block
    paragraphs: list[list[str]] = [[]]
    for line in block:
        paragraphs[-1].append(line)
        # A sentence ending well short of the wrap width closes a paragraph.
        if is_sentence_like(line) and len(line) < 0.6 * width:
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]


def extract_text_capture(
    text: str, hints: IngestHints, *, origin: str = "<text>"
) -> list[ArticleDraft]:
    """Split a plain-text article or text page capture into the main draft and teaser stubs.

    Raises IngestError when there is no article body (empty, or only a headline).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    headline_index = _find_headline(lines)
    if headline_index is None:
        raise IngestError(origin, "no article text found: the input is empty or all site chrome")
    captured_at = hints.captured_at or hints.published

    author = published_at = None
    start = headline_index + 1
    # Byline, date and tool bar lines sit between the headline and the body.
    while start < len(lines):
        line = lines[start].strip()
        parts = [part.strip() for part in re.split(r"\s+[|·•]\s+", line) if part.strip()]
        bylines = [name for part in parts if (name := parse_byline(part))]
        if bylines:
            author = author or bylines[0]
            published_at = published_at or next(
                (d for part in parts if (d := parse_date_line(part, captured_at))), None
            )
        elif line and _is_date_line(line):
            published_at = published_at or parse_date_line(line, captured_at)
        elif line and not is_chrome_line(line):
            break
        start += 1

    end = next((i for i in range(start, len(lines)) if is_end_marker(lines[i])), len(lines))
    paragraphs = [p for block in _split_blocks(lines[start:end]) for p in _paragraphs(block)]
    title = lines[headline_index].strip()
    if not paragraphs:
        raise IngestError(origin, f"no article body found after the headline {title[:60]!r}")

    body, dateline = split_dateline("\n\n".join(paragraphs))
    main = ArticleDraft(
        title=title,
        text=body,
        ordinal=0,
        outlet=hints.source,
        url=hints.url,
        author=author,
        published_at=published_at or hints.published,
        dateline=dateline.place,
        wire_service=dateline.wire_service,
    )
    return [main, *find_teasers(teaser_region(lines[end:]), captured_at, first_ordinal=1)]
