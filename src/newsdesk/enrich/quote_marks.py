"""Quotation marks: which marks open and close a quoted stretch, apostrophes left alone.

Marks are paired within a paragraph; an unclosed mark stays open only when the next
paragraph opens again, as news style does for a quote that runs over paragraphs. A
headline is a paragraph of its own: a quote left open there ends with it.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_MARKS = '"“”„'
SINGLE_MARKS = "'‘’‚"
OPENERS = "“„‘‚"
CLOSERS = "”’"
# A closing mark is followed by the end, a space or punctuation; an apostrophe
# ("Korea's", "don't") is followed by a letter, so it never closes a quote.
AFTER_CLOSE = ".,;:!?)]}—–-…" + DOUBLE_MARKS + SINGLE_MARKS
BEFORE_OPEN = "([{—–-/" + DOUBLE_MARKS + SINGLE_MARKS
PAIRED_APOSTROPHES = ("''", "’’", "‘‘")


@dataclass(frozen=True)
class Marks:
    """One quoted stretch: the indexes of its marks, and whether it runs on into the
    next paragraph (a multi-paragraph quote leaves its paragraphs open)."""

    open: int
    close: int
    runs_on: bool = False


def quote_marks(text: str) -> list[tuple[int, int]]:
    """(opening, closing) mark indexes of every quoted stretch, apostrophes left alone."""
    return [(m.open, m.close) for m in scan_marks(text)]


def scan_marks(text: str, headline_end: int = 0) -> list[Marks]:
    """Every quoted stretch of `text` in order, paragraph by paragraph; a quote open at
    `headline_end` (where the headline stops, 0 for none) closes there."""
    found: list[Marks] = []
    start = 0
    for end in _paragraph_ends(text):
        found += _scan_paragraph(text, start, end, headline=end <= headline_end)
        start = end
    return found


def _paragraph_ends(text: str) -> list[int]:
    ends = [i for i, ch in enumerate(text) if ch == "\n"]
    return [*ends, len(text)]


def _scan_paragraph(text: str, start: int, end: int, headline: bool = False) -> list[Marks]:
    # An opening mark never closed in its paragraph was an apostrophe or a typo, unless
    # the next paragraph opens again (news style for quotes running over paragraphs):
    # ban it and scan again, so it does not swallow the real quotes after it.
    banned: set[int] = set()
    while True:
        found, dangling = _pair_marks(text, start, end, banned)
        if dangling is None:
            return found
        double = (
            text[dangling] in DOUBLE_MARKS
            or text[dangling - 1 : dangling + 1] in PAIRED_APOSTROPHES
        )
        if _reopens(text, end, double):
            # 'Clinton: "We will not back down' over a lead that opens with the full
            # quote: the headline's words are its own, never the start of the body's.
            close = _rstrip(text, dangling, end)
            return [*found, Marks(dangling, close, runs_on=not headline)]
        banned.add(dangling)


def _pair_marks(
    text: str, start: int, end: int, banned: set[int]
) -> tuple[list[Marks], int | None]:
    found = []
    opened: int | None = None
    double = False
    nested = 0
    i = start
    while i < end:
        ch = text[i]
        if ch not in DOUBLE_MARKS and ch not in SINGLE_MARKS:
            i += 1
            continue
        # Two apostrophes are one double mark: the archive style of some papers ('' for ").
        width = 2 if text[i : i + 2] in PAIRED_APOSTROPHES and i + 1 < end else 1
        is_double = width == 2 or ch in DOUBLE_MARKS
        if opened is None:
            if i + width - 1 not in banned and _can_open(text, i, width):
                # The mark's last character, so the content always starts one after it.
                opened, double, nested = i + width - 1, is_double, 0
        elif ch == text[opened] and ch in OPENERS and _can_open(text, i, width):
            # A quote inside a quote in the same curly marks ("he calls “hell” than")
            # closes before the outer one does.
            nested += 1
        elif double == is_double and i > opened + 1 and _can_close(text, i, width):
            if nested and ch in CLOSERS:
                nested -= 1
            else:
                found.append(Marks(opened, i))
                opened = None
        i += width
    return found, opened


def _can_open(text: str, i: int, width: int = 1) -> bool:
    after = text[i + width] if i + width < len(text) else " "
    if after.isspace():
        return False
    if text[i] in OPENERS:
        return True
    if text[i] in CLOSERS:
        return False
    before = text[i - 1] if i > 0 else " "
    if not (before.isspace() or before in BEFORE_OPEN):
        return False
    # '90s and 'em are elisions, not quotes.
    return not (width == 1 and text[i] == "'" and after.isdigit())


def _can_close(text: str, i: int, width: int = 1) -> bool:
    if text[i] in OPENERS:
        return False
    before = text[i - 1]
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or after in AFTER_CLOSE)


def _reopens(text: str, end: int, double: bool) -> bool:
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    if text[i : i + 2] in PAIRED_APOSTROPHES:
        return double and _can_open(text, i, 2)
    marks = DOUBLE_MARKS if double else SINGLE_MARKS
    return i < len(text) and text[i] in marks and _can_open(text, i)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end
