"""Readers: a matched time expression and the publication day to a day, month, year or span.

Each `read_*` takes a pattern's match, the day of writing (the anchor) and whether the
clause looks ahead, and gives a `Resolved` (None when the words name no real date).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

DAY, MONTH, YEAR, SPAN, UNRESOLVED = "day", "month", "year", "span", "unresolved"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan."),
            ("February", "Feb."),
            ("March", "Mar."),
            ("April", "Apr."),
            ("May",),
            ("June",),
            ("July",),
            ("August", "Aug."),
            ("September", "Sept.", "Sep."),
            ("October", "Oct."),
            ("November", "Nov."),
            ("December", "Dec."),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
}
# Northern-hemisphere seasons as (first month, months long): the corpus is read that way.
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
UNIT_MONTHS = {"month": 1, "year": 12, "decade": 120}


@dataclass(frozen=True)
class Resolved:
    """What an expression resolved to: its precision and ISO date(s), None if unresolved."""

    precision: str
    date: str | None = None
    date_end: str | None = None


# A reader resolves a match against the publication day; `ahead` says the clause looks forward.
Reader = Callable[[re.Match[str], date, bool], "Resolved | None"]


def read_iso(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """An ISO date ("2023-11-05"): that day; None if no such day."""
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return Resolved(DAY, day.isoformat())


def read_month_day(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """A day of a month ("March 3", "16th of January, 2024"); the anchor's year if unsaid."""
    month, day = _month_of(m), int(m["day"])
    if m["year"]:
        year = int(m["year"])
    else:
        # No year: the most recent such day on or before publication (next one if ahead).
        year = anchor.year
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if not ahead and candidate > anchor:
            year -= 1
        elif ahead and candidate < anchor:
            year += 1
    try:
        return Resolved(DAY, date(year, month, day).isoformat())
    except ValueError:
        return None


def read_month_year(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A month of a year ("June 2019"): that month."""
    return Resolved(MONTH, _month_iso(int(m["year"]), _month_of(m)))


def read_month_relative_year(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A month of a relative year ("September last year"): that month of that year."""
    year = anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return Resolved(MONTH, _month_iso(year, _month_of(m)))


def read_month_alone(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A month alone ("in November", "last August"): the nearest, back unless it looks ahead."""
    month = _month_of(m)
    if (m["cue"] or "").strip().lower() == "last":
        # "Last August" in September is a year back: last month would be "last month".
        year = anchor.year if month < anchor.month - 1 else anchor.year - 1
    elif (m["cue"] or "").strip().lower() in {"by", "until"}:
        # "By early September" is a deadline as often as a record: take the nearer one.
        back, on = _nearest_month(anchor, month, False), _nearest_month(anchor, month, True)
        now = anchor.year * 12 + anchor.month
        year = on if on * 12 + month - now < now - (back * 12 + month) else back
    else:
        year = _nearest_month(anchor, month, ahead)
    return Resolved(MONTH, _month_iso(year, month))


def read_weekday(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A weekday ("Saturday", "last Wednesday"): that day of this, last or next week."""
    weekday = WEEKDAYS[m["weekday"]]
    rel = (m["rel"] or "").lower()
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if rel == "last":
        day = anchor - timedelta(days=back or 7)
    elif rel == "next":
        # "Next Thursday" is in next week's calendar, as "next week" is.
        day = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=1, days=weekday)
    elif ahead:
        day = anchor + timedelta(days=forward)
    else:
        # News says "Tuesday" for this Tuesday or the past few days, never a future one.
        day = anchor - timedelta(days=back)
    return Resolved(DAY, day.isoformat())


def read_ordinal_day(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """An ordinal ("on the 16th"): that day of the anchor's month if come, else the last's."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    # "On the 16th": this month's if that day has come, else last month's (next, if ahead).
    step = 1 if ahead else -1
    month_start = anchor.replace(day=1)
    shift = 0 if (day >= anchor.day if ahead else day <= anchor.day) else step
    for _ in range(3):
        base = _add_months(month_start, shift)
        try:
            return Resolved(DAY, base.replace(day=day).isoformat())
        except ValueError:
            shift += step
    return None


def read_relative_day(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A relative day ("today", "tonight", "yesterday", "tomorrow"): that day."""
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["word"].lower()]
    return Resolved(DAY, (anchor + timedelta(days=offset)).isoformat())


def read_relative_unit(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """A relative unit ("last week", "the past year"): a calendar unit, or days to writing."""
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[rel]
    if rel in {"past", "coming"} and unit != "weekend":
        # "the past week" is the seven days up to writing, not the calendar week before.
        return _duration_span(anchor, 1, unit, forward=rel == "coming")
    if unit == "year":
        return Resolved(YEAR, str(anchor.year + step))
    if unit == "month":
        return _month_from(anchor, step)
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    if unit == "week":
        return Resolved(SPAN, monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    return _calendar_weekend(anchor, step)


def read_weekend(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """Bare "the weekend": the one just gone or under way, or the next if the clause looks ahead."""
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if ahead and anchor.weekday() < 5:
        saturday += timedelta(weeks=1)
    return _weekend(saturday)


def read_year_edge(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """An edge of a year ("the end of last year"): its last, first or middle month."""
    step = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    edge = m["edge"].lower()
    if m["unit"].lower() == "month":
        return _month_from(anchor, step)
    month = 12 if edge == "end" else 1 if edge in {"beginning", "start"} else 6
    return Resolved(MONTH, _month_iso(anchor.year + step, month))


def read_season(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A season ("last autumn", "summer 2022"): its months as a span."""
    first, length = SEASONS[m["season"].lower()]
    if "year" in m.groupdict():
        year = int(m["year"])
    else:
        # A season is named by the year it starts in: in January, "this winter" began in December.
        current = anchor.year - 1 if first == 12 and anchor.month <= 2 else anchor.year
        rel = m["rel"].lower()
        if rel == "next":
            year = current + 1
        elif rel == "last":
            # "Last autumn" is the most recent autumn that is over.
            over = _add_months(date(current, first, 1), length) <= anchor
            year = current if over else current - 1
        else:
            year = current
    start = date(year, first, 1)
    end = _add_months(start, length - 1)
    return Resolved(SPAN, _month_iso(start.year, start.month), _month_iso(end.year, end.month))


def read_year(m: re.Match[str], anchor: date, ahead: bool) -> Resolved:
    """A year ("2019"): that year; a decade ("the 1990s"): its years as a span."""
    if m["decade"]:
        year = int(m["year"])
        return Resolved(SPAN, str(year), str(year + 9))
    return Resolved(YEAR, m["year"])


def read_year_range(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """A range of years ("from 2001 to 2006"): the span; None if it runs backwards."""
    first, last = int(m["y1"]), int(m["y2"])
    if last <= first:
        return None
    return Resolved(SPAN, str(first), str(last))


def read_ago(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """A time ago ("five years ago"): the day, month or year that far back, as the unit."""
    n = _number(m)
    if n is None:
        return None
    unit = m["unit"].lower()
    if unit in {"day", "week"}:
        days = n * (7 if unit == "week" else 1)
        return Resolved(DAY, (anchor - timedelta(days=round(days))).isoformat())
    when = _add_months(anchor, -round(n * UNIT_MONTHS[unit]))
    if unit == "month":
        return Resolved(MONTH, _month_iso(when.year, when.month))
    return Resolved(YEAR, str(when.year))


def read_duration(m: re.Match[str], anchor: date, ahead: bool) -> Resolved | None:
    """A duration ("for the past three years"): the span from then to the day of writing."""
    n = _number(m)
    if n is None:
        return None
    forward = bool(m["next"]) or ahead
    return _duration_span(anchor, n, m["unit"].lower(), forward=forward)


# --- Calendar arithmetic ----------------------------------------------------------------


def _calendar_weekend(anchor: date, step: int) -> Resolved:
    monday = anchor - timedelta(days=anchor.weekday())
    # "Last weekend" on a Monday is the one two days back; on a Sunday, the one before.
    saturday = monday - timedelta(days=2) if step < 0 else monday + timedelta(days=5, weeks=step)
    return _weekend(saturday)


def _weekend(saturday: date) -> Resolved:
    return Resolved(SPAN, saturday.isoformat(), (saturday + timedelta(days=1)).isoformat())


def _duration_span(anchor: date, n: float, unit: str, *, forward: bool) -> Resolved:
    # A duration counted back from (or on from) the day of writing.
    sign = 1 if forward else -1
    if unit in {"day", "week"}:
        other = anchor + timedelta(days=sign * round(n * (7 if unit == "week" else 1)))
    else:
        other = _add_months(anchor, sign * round(n * UNIT_MONTHS[unit]))
    first, last = sorted([anchor, other])
    return Resolved(SPAN, first.isoformat(), last.isoformat())


def _month_from(anchor: date, step: int) -> Resolved:
    month = _add_months(anchor.replace(day=1), step)
    return Resolved(MONTH, _month_iso(month.year, month.month))


def _month_iso(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return _safe_date(year, month + 1, day.day)


def _safe_date(year: int, month: int, day: int) -> date:
    # Feb 29 a year on, or the 31st in a 30-day month: keep to the month's last day.
    for last in (day, 30, 29, 28):
        try:
            return date(year, month, min(day, last))
        except ValueError:
            continue
    raise ValueError(f"no such month: {year}-{month}")


def _number(match: re.Match[str]) -> float | None:
    word = match.group("n").lower()
    value = float(word) if word.isdigit() else NUMBER_WORDS.get(word)
    if value is None or value == 0:
        return None
    return value + (0.5 if match.group("half") else 0)


def _month_of(match: re.Match[str]) -> int:
    return MONTHS[match.group("month")]


def _nearest_month(anchor: date, month: int, ahead: bool) -> int:
    """The year of the most recent `month` on or before the anchor's (or next, if ahead)."""
    if ahead:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1
