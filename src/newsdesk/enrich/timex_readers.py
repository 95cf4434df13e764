"""Readers: a matched time expression and the publication day to a day, month, year or span.

Each `read_*` takes a pattern's match and a `When` (the day of writing, whether the
clause looks ahead or back, and the period the text last spoke of) and gives a
`Resolved` (None when the words name no real date). Quarters and the expressions that
lean on an earlier period are read in `timex_periods`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsdesk.enrich.timex_calendar import (
    DAY,
    MONTH,
    SPAN,
    STEP,
    UNRESOLVED,
    YEAR,
    Reader,
    Resolved,
    When,
    add_months,
    match_group,
    month_iso,
    nearest,
    number,
    quarter_of_day,
    quarter_span,
    reference_quarter,
    shift_reference,
    spelled_year,
)

__all__ = ["DAY", "MONTH", "SPAN", "UNRESOLVED", "YEAR", "Reader", "Resolved", "When"]

MONTHS = {
    name: index
    for index, names in enumerate(
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
# Every month name and abbreviation as a named group, longest first ("Sept." before "Sep.").
MONTH_GROUP = (
    "(?P<month>" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + ")"
)
WEEKDAYS = {
    name: index
    for index, name in enumerate(
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    )
}
# Northern-hemisphere seasons as (first month, months long): the corpus is read that way.
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12, "decade": 120}


def read_iso(m: re.Match[str], when: When) -> Resolved | None:
    """An ISO date ("2023-11-05"): that day; None if no such day."""
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return Resolved(DAY, day.isoformat())


def read_month_day(m: re.Match[str], when: When) -> Resolved | None:
    """A day of a month ("March 3", "Saturday, April 25"); without a year, the one nearest
    the day of writing in the clause's direction (a weekday said with it decides)."""
    month, day = _month_of(m), int(m["day"])
    if m["year"]:
        try:
            return Resolved(DAY, date(int(m["year"]), month, day).isoformat())
        except ValueError:
            return None
    candidates = []
    for year in (when.day.year - 1, when.day.year, when.day.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if m["weekday"]:
        named = [c for c in candidates if c.weekday() == WEEKDAYS[m["weekday"]]]
        candidates = named or candidates
    chosen = nearest(candidates, when)
    return Resolved(DAY, chosen.isoformat()) if chosen else None


def read_month_year(m: re.Match[str], when: When) -> Resolved | None:
    """A month of a year ("June 2019", "January nineteen ninety-seven"): that month."""
    year = _year(m) if m["year"] else spelled_year(m["spelled"])
    return Resolved(MONTH, month_iso(year, _month_of(m))) if year else None


def read_month_relative_year(m: re.Match[str], when: When) -> Resolved:
    """A month of a relative year ("September last year"): that month of that year."""
    year = when.day.year + STEP[m["rel"].lower()]
    return Resolved(MONTH, month_iso(year, _month_of(m)))


def read_month_alone(m: re.Match[str], when: When) -> Resolved:
    """A month alone ("in November", "last August"): the nearest in the clause's direction."""
    month = _month_of(m)
    cue = (m["cue"] or "").strip().lower()
    if cue == "last":
        # "Last August" in September is a year back: last month would be "last month".
        year = when.day.year if month < when.day.month - 1 else when.day.year - 1
        return Resolved(MONTH, month_iso(year, month))
    starts = [date(y, month, 1) for y in (when.day.year - 1, when.day.year, when.day.year + 1)]
    # A month under way counts as on the day of writing, in either direction.
    this = when.day.replace(day=1)
    chosen = nearest([s if s != this else when.day for s in starts], when) or this
    return Resolved(MONTH, month_iso(chosen.year, chosen.month))


def read_weekday(m: re.Match[str], when: When) -> Resolved:
    """A weekday ("Saturday", "last Wednesday"): that day of this, last or next week."""
    anchor = when.day
    weekday = WEEKDAYS[m["weekday"]]
    rel = " ".join((m["rel"] or "").lower().split()).removeprefix("the ")
    reference = when.reference
    if rel == "previous" and reference is not None and reference.precision == DAY:
        # "Friday's close, down from the previous Friday": the one before the day spoken of.
        anchor = date.fromisoformat(reference.date or "")
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if rel in {"last", "previous", "this past"}:
        day = anchor - timedelta(days=back or 7)
    elif rel == "next":
        # "Next Thursday" is in next week's calendar, as "next week" is.
        day = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=1, days=weekday)
    elif (
        rel in {"coming", "this coming"}
        or when.ahead
        or (rel in {"until", "till"} and not when.past)
    ):
        # "Closed until Friday": a state that runs on to the day named.
        day = anchor + timedelta(days=forward)
    else:
        # News says "Tuesday" for this Tuesday or the past few days, never a future one.
        day = anchor - timedelta(days=back)
    return Resolved(DAY, day.isoformat())


def read_ordinal_day(m: re.Match[str], when: When) -> Resolved | None:
    """An ordinal ("on the 16th"): that day of the anchor's month if come, else the last's."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    # "On the 16th": this month's if that day has come, else last month's (next, if ahead).
    step = 1 if when.ahead else -1
    month_start = when.day.replace(day=1)
    come = day >= when.day.day if when.ahead else day <= when.day.day
    shift = 0 if come else step
    for _ in range(3):
        base = add_months(month_start, shift)
        try:
            return Resolved(DAY, base.replace(day=day).isoformat())
        except ValueError:
            shift += step
    return None


def read_relative_day(m: re.Match[str], when: When) -> Resolved:
    """A relative day ("today", "tonight", "yesterday", "tomorrow"): that day."""
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["word"].lower()]
    return Resolved(DAY, (when.day + timedelta(days=offset)).isoformat())


def read_relative_unit(m: re.Match[str], when: When) -> Resolved | None:
    """A relative unit ("last week", "the past year"): a calendar unit, or days to writing."""
    anchor = when.day
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = STEP[rel]
    if unit == "decade":
        # TimeML reads "the last decade" as the decade before this one (the 1980s in 1998).
        first = anchor.year // 10 * 10 + 10 * (-1 if rel == "past" else step)
        return Resolved(SPAN, f"{first:04d}", f"{first + 9:04d}")
    if rel in {"past", "coming"} and unit != "weekend":
        # "the past week" is the seven days up to writing, not the calendar week before.
        return _duration_span(anchor, 1, unit, forward=rel == "coming")
    if unit == "year":
        # "Compared with $3 million last year" beside a quarter: that quarter a year back.
        if step == -1 and when.reference_here and reference_quarter(when.reference):
            return shift_reference(when.reference, -1)
        return Resolved(YEAR, str(anchor.year + step))
    if unit == "month":
        return _month_from(anchor, step)
    if unit == "quarter":
        quarter = add_months(anchor.replace(day=1), 3 * step)
        reported = reference_quarter(when.reference)
        just_over = add_months(anchor.replace(day=1), -3)
        if (
            rel == "this"
            and not when.ahead
            and reported == (just_over.year, quarter_of_day(just_over))
        ):
            # "This quarter's loss includes charges" in a report on the quarter just over.
            return Resolved(SPAN, *quarter_span(*reported), leaned=True)
        return Resolved(SPAN, *quarter_span(quarter.year, quarter_of_day(quarter)))
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    if unit == "week":
        return Resolved(SPAN, monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    return _calendar_weekend(anchor, step)


def read_in_the_unit(m: re.Match[str], when: When) -> Resolved:
    """ "Earlier in the year", "the current fiscal year", "the full year": the year (or
    month) of writing."""
    if (match_group(m, "unit", "unit2") or "").lower() == "month":
        return _month_from(when.day, 0)
    return Resolved(YEAR, str(when.day.year))


def read_weekend(m: re.Match[str], when: When) -> Resolved:
    """Bare "the weekend": the one just gone or under way, or the next if the clause looks ahead."""
    saturday = when.day - timedelta(days=(when.day.weekday() - 5) % 7)
    if when.ahead and when.day.weekday() < 5:
        saturday += timedelta(weeks=1)
    return _weekend(saturday)


def read_year_edge(m: re.Match[str], when: When) -> Resolved:
    """An edge of a year ("the end of last year"): its last, first or middle month."""
    step = STEP[m["rel"].lower()]
    edge = m["edge"].lower()
    if m["unit"].lower() == "month":
        return _month_from(when.day, step)
    month = 12 if edge == "end" else 1 if edge in {"beginning", "start"} else 6
    return Resolved(MONTH, month_iso(when.day.year + step, month))


def read_year_end(m: re.Match[str], when: When) -> Resolved:
    """ "By year end", "by year's end", "last year's end": the year (TimeML dates the end of
    a year by the year itself)."""
    step = STEP[(m["rel"] or "this").lower()]
    return Resolved(YEAR, str(when.day.year + step))


def read_year_end_day(m: re.Match[str], when: When) -> Resolved:
    """ "By year-end", "since year-end": the last day of a year (TimeML), the coming one
    or the one gone by as the clause's tense picks."""
    candidates = [date(when.day.year - 1, 12, 31), date(when.day.year, 12, 31)]
    day = nearest(candidates, when) or candidates[-1]
    return Resolved(DAY, day.isoformat())


def read_season(m: re.Match[str], when: When) -> Resolved:
    """A season ("last autumn", "summer 2022", "over the summer"): its months as a span."""
    first, length = SEASONS[m["season"].lower()]
    anchor = when.day
    if m.groupdict().get("year"):
        year = _year(m)
    else:
        # A season is named by the year it starts in: in January, "this winter" began in December.
        current = anchor.year - 1 if first == 12 and anchor.month <= 2 else anchor.year
        rel = " ".join((m.groupdict().get("rel") or "").lower().split())
        begun = date(current, first, 1) <= anchor
        over = add_months(date(current, first, 1), length) <= anchor
        if rel == "next":
            year = current + 1
        elif rel in {"last", "this past"} or (not rel and not when.ahead):
            # "Last autumn", or "the summer" told in the past: the most recent one begun.
            year = current if (over if rel == "last" else begun) else current - 1
        elif not rel and when.ahead:
            year = current if not over else current + 1
        else:
            year = current
    start = date(year, first, 1)
    end = add_months(start, length - 1)
    return Resolved(SPAN, month_iso(start.year, start.month), month_iso(end.year, end.month))


def read_year(m: re.Match[str], when: When) -> Resolved:
    """A year ("2019", "mid-1996"): that year; a decade ("the 1990s"): its years as a span,
    a century's hundreds ("the 1800s"): its hundred years."""
    year = _year(m)
    if m.groupdict().get("decade"):
        width = 100 if year % 100 == 0 else 10
        return Resolved(SPAN, f"{year:04d}", f"{year + width - 1:04d}")
    return Resolved(YEAR, f"{year:04d}")


def read_short_decade(m: re.Match[str], when: When) -> Resolved | None:
    """A decade in short ("the '80s", "the nineties"): the most recent such decade."""
    words = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
             "seventies": 70, "eighties": 80, "nineties": 90}  # fmt: skip
    digits = m["digits"]
    tens = int(digits) if digits else words[m["word"].lower()]
    year = (when.day.year // 100) * 100 + tens
    if year > when.day.year:
        year -= 100
    return Resolved(SPAN, f"{year:04d}", f"{year + 9:04d}")


def read_century(m: re.Match[str], when: When) -> Resolved | None:
    """A century ("the 20th century", "the nineteenth century"): its hundred years."""
    words = {"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
             "nineteenth": 19, "twentieth": 20, "twenty-first": 21}  # fmt: skip
    n = int(m["n"]) if m["n"] else words[m["word"].lower()]
    if not 10 <= n <= 21:
        return None
    first = (n - 1) * 100
    return Resolved(SPAN, f"{first:04d}", f"{first + 99:04d}")


def read_year_range(m: re.Match[str], when: When) -> Resolved | None:
    """A range of years ("from 2001 to 2006"): the span; None if it runs backwards."""
    first, last = int(m["y1"]), int(m["y2"])
    if last <= first:
        return None
    return Resolved(SPAN, str(first), str(last))


def read_spelled_year(m: re.Match[str], when: When) -> Resolved | None:
    """A year in words ("nineteen ninety-six", "the year two thousand")."""
    year = spelled_year(m["spelled"])
    return Resolved(YEAR, str(year)) if year is not None else None


def read_ago(m: re.Match[str], when: When) -> Resolved | None:
    """A time ago ("five years ago"): the day, month or year that far back, as the unit;
    beside a quarter just spoken of, "a year ago" is that quarter a year back."""
    n = number(m)
    if n is None:
        return None
    unit = m["unit"].lower()
    anchor = when.day
    if unit == "year" and n == int(n) and reference_quarter(when.reference):
        return shift_reference(when.reference, -int(n))
    if unit in {"day", "week"}:
        days = n * (7 if unit == "week" else 1)
        return Resolved(DAY, (anchor - timedelta(days=round(days))).isoformat())
    when_then = add_months(anchor, -round(n * UNIT_MONTHS[unit]))
    if unit == "month":
        return Resolved(MONTH, month_iso(when_then.year, when_then.month))
    return Resolved(YEAR, str(when_then.year))


def read_duration(m: re.Match[str], when: When) -> Resolved | None:
    """A duration up to the day of writing ("for the past three years", "the first time in
    24 years"): the span from then to that day. A length of time ahead ("within the next
    30 years") is no date: None."""
    n = number(m)
    if n is None or m["next"]:
        return None
    return _duration_span(when.day, n, m["unit"].lower(), forward=False)


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
        other = add_months(anchor, sign * round(n * UNIT_MONTHS[unit]))
    first, last = sorted([anchor, other])
    return Resolved(SPAN, first.isoformat(), last.isoformat())


def _month_from(anchor: date, step: int) -> Resolved:
    month = add_months(anchor.replace(day=1), step)
    return Resolved(MONTH, month_iso(month.year, month.month))


def _month_of(match: re.Match[str]) -> int:
    return MONTHS[match.group("month")]


def _year(match: re.Match[str]) -> int:
    text = match.group("year")
    return int(text) if text.isdigit() else spelled_year(text) or 0
