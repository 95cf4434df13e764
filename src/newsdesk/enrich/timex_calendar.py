"""What the time-expression readers share: `Resolved` and `When`, choosing the nearest
day, and calendar arithmetic over months, quarters and years in words.

Dates travel as ISO strings at their precision ("2024", "2024-01", "2024-01-16"); a
quarter, half or season is a span of months ("2024-07" to "2024-09").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

DAY, MONTH, YEAR, SPAN, UNRESOLVED = "day", "month", "year", "span", "unresolved"

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "last": 4, "final": 4,
}  # fmt: skip


def month_iso(year: int, month: int) -> str:
    """ "2024-01" for January 2024."""
    return f"{year:04d}-{month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier if negative), kept within the month's length."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return safe_date(year, month + 1, day.day)


def safe_date(year: int, month: int, day: int) -> date:
    """The day, or the month's last day when the month is shorter (Feb 29 a year on)."""
    for last in (day, 30, 29, 28):
        try:
            return date(year, month, min(day, last))
        except ValueError:
            continue
    raise ValueError(f"no such month: {year}-{month}")


def quarter_span(year: int, quarter: int) -> tuple[str, str]:
    """The first and last month of a calendar quarter."""
    first = 3 * (quarter - 1) + 1
    return month_iso(year, first), month_iso(year, first + 2)


def quarter_of_span(first: str | None, last: str | None) -> tuple[int, int] | None:
    """(year, quarter) if the month span is exactly one calendar quarter, else None."""
    if first is None or last is None or len(first) != 7 or len(last) != 7:
        return None
    year, month = int(first[:4]), int(first[5:])
    if last[:4] != first[:4] or month % 3 != 1 or int(last[5:]) != month + 2:
        return None
    return year, month // 3 + 1


def quarter_of_day(day: date) -> int:
    """The calendar quarter a day falls in."""
    return (day.month - 1) // 3 + 1


def shift_years(iso: str, years: int) -> str | None:
    """An ISO date at any precision moved by whole years (Feb 29 falls back to the 28th)."""
    year = int(iso[:4]) + years
    if len(iso) == 10:
        return safe_date(year, int(iso[5:7]), int(iso[8:])).isoformat()
    return f"{year:04d}{iso[4:]}"


def spelled_number(words: str) -> int | None:
    """A number below a hundred in words ("ninety-six", "twelve"), or None."""
    parts = words.lower().replace("-", " ").split()
    if len(parts) == 1:
        word = parts[0]
        return UNITS.get(word) or TEENS.get(word) or TENS.get(word)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS:
        return TENS[parts[0]] + UNITS[parts[1]]
    return None


def spelled_year(words: str) -> int | None:
    """A year said in words: "nineteen ninety-six", "two thousand", "two thousand and one"."""
    text = " ".join(words.lower().replace("-", " ").split())
    if text.startswith("two thousand"):
        rest = text[len("two thousand") :].strip().removeprefix("and").strip()
        if not rest:
            return 2000
        n = spelled_number(rest)
        return 2000 + n if n is not None else None
    head, _, rest = text.partition(" ")
    century = TEENS.get(head)
    if century is None or not rest:
        return None
    n = spelled_number(rest)
    return century * 100 + n if n is not None and n >= 10 else None


# Without a tense to go by, a date ahead of writing is taken only when it is this many
# times nearer than the same date behind ("payable Dec. 15" in late October is ahead,
# "introduced in April" is behind).
AHEAD_WEIGHT = 0.5

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
STEP = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}


@dataclass(frozen=True)
class Resolved:
    """What an expression resolved to: its precision and ISO date(s), None if unresolved."""

    precision: str
    date: str | None = None
    date_end: str | None = None
    # Read off the period the text spoke of before ("a year earlier"): such a reading is
    # not itself a period later expressions lean on.
    leaned: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class When:
    """What a reader resolves against: the day of writing, the clause's tense, and the
    period the text last spoke of ("the quarter" and "a year earlier" lean on it)."""

    day: date
    ahead: bool = False
    past: bool = False
    reference: Resolved | None = None
    reference_here: bool = False  # the reference is named in the same sentence
    # The calendar quarter just over, once the text has spoken of it (an earnings report's).
    reported: Resolved | None = None


Reader = Callable[[re.Match[str], When], "Resolved | None"]


def nearest(candidates: list[date], when: When) -> date | None:
    """The candidate day on the side of writing the clause's tense picks; without a
    tense, the nearest, a day ahead weighed by `AHEAD_WEIGHT`."""
    if when.ahead:
        candidates = [c for c in candidates if c >= when.day] or candidates
    elif when.past:
        candidates = [c for c in candidates if c <= when.day] or candidates
    if not candidates:
        return None
    # News reports more than it announces: a day ahead must be much the nearer to win.
    return min(
        candidates,
        key=lambda c: (c - when.day).days / AHEAD_WEIGHT if c > when.day else (when.day - c).days,
    )


def reference_quarter(reference: Resolved | None) -> tuple[int, int] | None:
    """(year, quarter) if the reference is a calendar quarter, else None."""
    if reference is None or reference.precision != SPAN:
        return None
    return quarter_of_span(reference.date, reference.date_end)


def shift_reference(reference: Resolved | None, years: int) -> Resolved | None:
    """The reference moved by whole years ("a year earlier"), at its precision; None for
    spans other than quarters."""
    if reference is None or reference.date is None:
        return None
    quarter = reference_quarter(reference)
    if quarter is not None:
        return Resolved(SPAN, *quarter_span(quarter[0] + years, quarter[1]), leaned=True)
    if reference.precision == SPAN:
        return None
    return Resolved(reference.precision, shift_years(reference.date, years), leaned=True)


def number(match: re.Match[str]) -> float | None:
    """The count a pattern's `n` (and `half`) groups say: "two and a half" is 2.5."""
    word = match.group("n").lower()
    value = float(word) if word.isdigit() else NUMBER_WORDS.get(word)
    if value is None or value == 0:
        return None
    return value + (0.5 if match.group("half") else 0)


def match_group(match: re.Match[str], *names: str) -> str | None:
    """The first of `names` that matched: alternatives of one pattern carry their own."""
    found = match.groupdict()
    return next((found[n] for n in names if found.get(n)), None)
