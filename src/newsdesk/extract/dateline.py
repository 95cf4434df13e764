"""The small lines around an article: datelines, bylines and relative times."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Dateline:
    """Where a story was filed and by which agency, and the paragraph without them."""

    place: str | None
    wire_service: str | None
    rest: str


@dataclass(frozen=True)
class Byline:
    """The authors named by a byline, and the agency it credits if any."""

    authors: tuple[str, ...]
    agency: str | None


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Datelines are written in capitals ("SEOUL", "NEW YORK", "ST. PETERSBURG") so
# that an ordinary sentence opening ("U.S. President ...") cannot pass for one.
_PLACE = r"[A-Z][A-Z.'\-]*[A-Z.](?:\s+[A-Z][A-Z.'\-]*[A-Z.])*"
_REGION = r"[A-Z][A-Za-z.'\-]*(?:\s+(?:[A-Z][A-Za-z.'\-]*|\d{1,4}))*"
_DATELINE = re.compile(
    rf"""^\s*
    (?P<place>{_PLACE})
    (?P<regions>(?:\s*,\s*{_REGION}){{0,3}})
    \s*(?:\((?P<agency>[A-Za-z][\w.&' \-]{{0,40}})\))?
    \s*(?:--|—|–|-)\s*
    (?P<rest>["'“‘(\[]?[A-Z0-9].*)$""",
    re.VERBOSE | re.DOTALL,
)
_DATE_REGION = re.compile(rf"^{_MONTH}\s+\d{{1,2}}$|^\d{{1,2}}\s+{_MONTH}$")


def parse_dateline(paragraph: str) -> Dateline:
    """Split a dateline ("SEOUL--", "KYIV, Ukraine (AP) --") off a paragraph's start.

    Returns `Dateline(None, None, paragraph)` when the paragraph has none.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return Dateline(None, None, paragraph)
    place = match["place"].rstrip()
    regions = [r.strip() for r in match["regions"].split(",") if r.strip()]
    # The date in "WASHINGTON, Jan. 5 (Reuters)" says when, not where.
    places = [place, *(r for r in regions if not _DATE_REGION.match(r))]
    agency = match["agency"].strip() if match["agency"] else None
    return Dateline(", ".join(places), agency, match["rest"].strip())


_BYLINE = re.compile(r"^\s*(?:By|BY|by)\s+(?P<names>.+?)\s*$", re.DOTALL)
# fmt: off
_NAME_PARTICLES = frozenset({
    "de", "da", "del", "della", "di", "van", "von", "der", "den", "al", "bin", "la", "le", "du",
    "dos", "y", "ibn", "ter",
})
# fmt: on
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’\-]*\.?|[A-Z]\.)$")
_JOINERS = re.compile(r"\s*(?:,|&|\band\b|\bAND\b)\s*")


def _is_name(words: list[str]) -> bool:
    if not 1 <= len(words) <= 5:
        return False
    return all(_NAME_WORD.match(w) or w.lower() in _NAME_PARTICLES for w in words) and bool(
        _NAME_WORD.match(words[0])
    )


def _title_case(name: str) -> str:
    # Only shouting capitals are recased; "McDonald" written by the outlet stays.
    if name.upper() != name:
        return name
    return " ".join(w.lower() if w.lower() in _NAME_PARTICLES else w.title() for w in name.split())


def parse_byline_parts(line: str) -> Byline | None:
    """Read "By A and B, Agency" into authors and agency; None if it is not a byline."""
    match = _BYLINE.match(line)
    if not match or len(line) > 120 or "\n" in line.strip():
        return None
    parts = [p for p in _JOINERS.split(match["names"]) if p]
    agency = None
    # A trailing credit ("Associated Press", "Reuters staff") names the agency, not a person.
    if len(parts) > 1 and _looks_like_agency(parts[-1]):
        agency = parts.pop()
    if not all(_is_name(part.split()) for part in parts):
        return None
    return Byline(tuple(_title_case(part) for part in parts), agency)


# fmt: off
_AGENCY_WORDS = frozenset({
    "press", "reuters", "afp", "ap", "kyodo", "news", "agency", "staff", "wire", "bloomberg",
    "yonhap", "xinhua", "tass", "correspondent", "writer", "reporter",
})
# fmt: on


def _looks_like_agency(part: str) -> bool:
    return any(w.lower().strip(".") in _AGENCY_WORDS for w in part.split())


def parse_byline(line: str) -> str | None:
    """The author names in a byline ("By JANE DOE and JOHN ROE, AP" -> "Jane Doe and John Roe")."""
    byline = parse_byline_parts(line)
    if byline is None:
        return None
    names = list(byline.authors)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


_UNITS = {
    "s": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "second": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "mins": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hrs": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "d": timedelta(days=1),
    "day": timedelta(days=1),
    "w": timedelta(weeks=1),
    "wk": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    # Months and years are as long as an aggregator's rounding makes them.
    "mo": timedelta(days=30),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
    "y": timedelta(days=365),
    "yr": timedelta(days=365),
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
RELATIVE_TIME = re.compile(
    r"""(?ix)
    \b(?:
        (?P<count>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s*
        (?P<unit>seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w
                |months?|mo|years?|yrs?|y)
        \.?\s+ago
      | (?P<now>just\s+now|moments?\s+ago)
      | (?P<yesterday>yesterday)
    )\b""",
)


def resolve_relative_time(match: re.Match[str], now: datetime) -> datetime:
    """The moment a `RELATIVE_TIME` match names, counted back from `now`."""
    if match["now"]:
        return now
    if match["yesterday"]:
        return now - timedelta(days=1)
    count_text = match["count"].lower()
    count = _NUMBER_WORDS.get(count_text) or int(count_text)
    unit = match["unit"].lower()
    step = _UNITS.get(unit) or _UNITS[unit.rstrip("s")]
    return now - count * step


def parse_relative_time(text: str, now: datetime) -> datetime | None:
    """Resolve "3 hours ago", "Yesterday", "just now" against `now`; None for anything else."""
    match = RELATIVE_TIME.fullmatch(text.strip().rstrip(".").strip())
    if match is None:
        return None
    return resolve_relative_time(match, now)


def split_dateline(text: str) -> tuple[str, Dateline]:
    """Find the dateline of an article body and return the body without it.

    The first paragraph may carry any dateline; the second or third only one that
    credits an agency, because a republished wire story often opens with a local
    lead before the wire copy's own "TOKYO (Kyodo) --".
    """
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:3]):
        dateline = parse_dateline(paragraph)
        if dateline.place and (index == 0 or dateline.wire_service):
            paragraphs[index] = dateline.rest
            return "\n\n".join(paragraphs), dateline
    return text, Dateline(None, None, text)
