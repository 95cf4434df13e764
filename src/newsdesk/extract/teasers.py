"""Teaser blocks on captured pages: other outlets' articles, each a stub draft.

Aggregators and "related" rails render every teaser around a time stamp
("3 hours ago"), with the outlet's name beside it, a headline and a lead. The
time line is the anchor; the neighbouring lines are told apart by their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newsdesk.extract.dateline import RELATIVE_TIME, parse_dateline, resolve_relative_time
from newsdesk.types import ArticleDraft

_SENTENCE_END = re.compile(r"""[.!?…](?:["'”’)\]]*)$""")
_FULL_STOP_END = re.compile(r"""[.…](?:["'”’)\]]*)$""")
_SEPARATORS = " \t·•|-–—,:/"
_CHROME_PREFIX = re.compile(r"^[-–—•·|]\s*")


def is_sentence_like(line: str) -> bool:
    """True for a line that reads as prose: it ends a sentence or runs long."""
    line = line.strip()
    return bool(_SENTENCE_END.search(line)) or len(line.split()) > 30


def is_headline_shaped(line: str) -> bool:
    """True for a line that could be a headline: a few words, capitalised, not a sentence."""
    line = line.strip()
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 200:
        return False
    if _CHROME_PREFIX.match(line) or (RELATIVE_TIME.search(line) and len(words) <= 6):
        return False
    first = line.lstrip("\"'“‘")[:1]
    # Headlines drop the full stop; a line ending in one is a lead or a caption.
    return (first.isupper() or first.isdigit()) and not _FULL_STOP_END.search(line)


_CONNECTIVES = {"of", "the", "and", "&", "de", "la", "le", "du", "der", "die", "el", "for", "on"}
# Bylines and time labels sit where aggregators put the outlet, but name no outlet.
_NOT_AN_OUTLET = re.compile(r"^(?:by|posted|updated|published|written|photo|image)\b", re.I)


def is_outlet_shaped(line: str) -> bool:
    """True for a line that could name an outlet: one to six words, no sentence punctuation."""
    line = line.strip()
    words = line.split()
    if not 1 <= len(words) <= 6 or len(line) > 48 or is_sentence_like(line):
        return False
    if RELATIVE_TIME.search(line) or _NOT_AN_OUTLET.match(line):
        return False
    # Outlet names are proper names: every word but small connectives is capitalised
    # ("The Mainichi", "Nikkei Asia"); a caption or a phrase is not.
    return all(
        word[:1].isupper() or word[:1].isdigit() or word.lower() in _CONNECTIVES for word in words
    )


@dataclass(frozen=True)
class _Anchor:
    """A time-stamp line, with the outlet named on it if any."""

    index: int
    match: re.Match[str]
    outlet: str | None


def _anchor(index: int, line: str) -> _Anchor | None:
    """Read a line as a teaser's time stamp ("3 hours ago", "Nikkei Asia · 2 hours ago")."""
    match = RELATIVE_TIME.search(line)
    if match is None or len(line) > 80:
        return None
    before = line[: match.start()].strip(_SEPARATORS)
    after = line[match.end() :].strip(_SEPARATORS)
    if after:
        return None
    if not before:
        return _Anchor(index, match, None)
    # "Nikkei Asia · 2 hours ago": the outlet shares the time stamp's line.
    if is_outlet_shaped(before):
        return _Anchor(index, match, before)
    return None


def _is_outlet_chrome(line: str, outlet: str | None) -> bool:
    """True for a repeat of the outlet's name ("- The Mainichi"), which is chrome."""
    stripped = _CHROME_PREFIX.sub("", line).strip()
    if outlet is not None and stripped.casefold() == outlet.casefold():
        return True
    return bool(_CHROME_PREFIX.match(line)) and is_outlet_shaped(stripped)


def _neighbour(lines: list[str], index: int, step: int, used: set[int]) -> int | None:
    """The index of the nearest non-blank line from `index` in direction `step`."""
    index += step
    while 0 <= index < len(lines):
        if index in used:
            return None
        if lines[index].strip():
            return index
        index += step
    return None


def find_teasers(
    lines: list[str], captured_at: datetime | None, first_ordinal: int
) -> list[ArticleDraft]:
    """Find teaser blocks in a page's trailing lines; one stub draft each, ordinals from
    `first_ordinal`, published times resolved against `captured_at` (None if unknown)."""
    lines = [line.strip() for line in lines]
    anchors = [a for i, line in enumerate(lines) if (a := _anchor(i, line)) is not None]
    used = {a.index for a in anchors}
    drafts: list[ArticleDraft] = []
    for anchor in anchors:
        draft = _read_teaser(lines, anchor, used)
        if draft is None:
            continue
        draft.ordinal = first_ordinal + len(drafts)
        if captured_at is not None:
            draft.published_at = resolve_relative_time(anchor.match, captured_at)
        drafts.append(draft)
    return drafts


def _read_teaser(lines: list[str], anchor: _Anchor, used: set[int]) -> ArticleDraft | None:
    """Read the outlet, headline and lead around one anchor, marking the lines it takes."""
    outlet = anchor.outlet
    before = _neighbour(lines, anchor.index, -1, used)
    taken: set[int] = set()
    # Aggregators put the outlet's name on its own line just above the time stamp.
    if outlet is None and before is not None and is_outlet_shaped(lines[before]):
        outlet, taken = lines[before], {before}
        before = _neighbour(lines, before, -1, used)
    after = _neighbour(lines, anchor.index, 1, used)
    while after is not None and _is_outlet_chrome(lines[after], outlet):
        if outlet is None:
            outlet = _CHROME_PREFIX.sub("", lines[after]).strip()
        taken.add(after)
        after = _neighbour(lines, after, 1, used)
    if outlet is None:
        return None
    next_after = _neighbour(lines, after, 1, used) if after is not None else None

    headline = lead = None
    after_is_headline = after is not None and is_headline_shaped(lines[after])
    after_is_lead = after is not None and is_sentence_like(lines[after])
    # Headline below the time stamp (outlet, time, headline, lead) unless the line
    # below reads as a lead and a headline sits above (headline, outlet | time, lead).
    if after_is_headline and not (
        before is not None and is_headline_shaped(lines[before]) and next_after is None
    ):
        headline = after
        if next_after is not None and is_sentence_like(lines[next_after]):
            lead = next_after
    elif before is not None and is_headline_shaped(lines[before]):
        headline = before
        if after_is_lead:
            lead = after
    if headline is None:
        return None
    taken |= {headline} | ({lead} if lead is not None else set())
    used |= taken
    text = ""
    dateline = wire_service = None
    if lead is not None:
        parsed = parse_dateline(lines[lead])
        text, dateline, wire_service = parsed.rest, parsed.place, parsed.wire_service
    return ArticleDraft(
        title=lines[headline],
        text=text,
        outlet=outlet,
        dateline=dateline,
        wire_service=wire_service,
        is_stub=True,
    )
