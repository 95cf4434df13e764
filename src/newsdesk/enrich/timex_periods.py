"""Readers of periods: quarters and halves, and the expressions that lean on the period
the text last spoke of ("the quarter", "a year earlier", "the following year").

Earnings news names a quarter once ("third-quarter profit rose") and then compares with
it ("from a year earlier", "in the year-ago quarter"); a story told forward moves its
time on ("On May 22, 1995 ... the following year"). `When.reference` carries that period.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from newsdesk.enrich.timex_calendar import (
    DAY,
    MONTH,
    ORDINALS,
    SPAN,
    STEP,
    YEAR,
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
)
from newsdesk.enrich.timex_readers import MONTH_GROUP, MONTHS, read_ago

# "The quarter ended July 31", "the quarter ending Sept. 30": the month the quarter closes.
_QUARTER_ENDED = re.compile(rf"\s+(?:that\s+)?(?:ended|ending)\s+{MONTH_GROUP}\s+\d")


def read_the_day(m: re.Match[str], when: When) -> Resolved:
    """ "Ended the day higher", "later in the day": the day the text spoke of last, or the
    day of writing."""
    reference = when.reference
    if reference is not None and reference.precision == DAY and reference.date:
        return Resolved(DAY, reference.date, leaned=True)
    return Resolved(DAY, when.day.isoformat())


def read_the_year(m: re.Match[str], when: When) -> Resolved:
    """ "For the year", "the full year": the year of the quarter just spoken of (results
    come by quarter and by year), else the year of writing."""
    quarter = reference_quarter(when.reference)
    if quarter is not None:
        return Resolved(YEAR, str(quarter[0]), leaned=True)
    return Resolved(YEAR, str(when.day.year))


def read_quarter(m: re.Match[str], when: When) -> Resolved | None:
    """A quarter by number ("the third quarter", "Q3 2024", "last year's fourth quarter");
    without a year, the nearest such quarter in the clause's direction."""
    quarter = int(m["qn"][1]) if m["qn"] else ORDINALS[m["q"].lower()]
    named, rel = match_group(m, "year", "year2", "qyear"), match_group(m, "rel", "rel2")
    if named:
        year = int(named)
    elif rel:
        year = when.day.year + STEP[rel.lower()]
    else:
        year = _nearest_quarter_year(quarter, when)
    return Resolved(SPAN, *quarter_span(year, quarter))


def read_quarter_mention(m: re.Match[str], when: When) -> Resolved:
    """ "The quarter", "the latest period", "the 1988 quarter": the quarter the text last
    spoke of (in the year named, if one is), else the last quarter that has ended."""
    named = match_group(m, "year", "pyear")
    if named and when.reference is not None and when.reference.precision == YEAR:
        # "Nine months ... compared with the 1988 period": the period is that year's.
        return Resolved(YEAR, named, leaned=True)
    reference = reference_quarter(when.reference)
    if reference is not None and re.search(r"(?i)latest|recent", m.group(0)):
        # "The latest quarter" is one that is over: the quarter just over the report spoke
        # of, not a coming one ("a fourth-quarter charge"); with none, a quarter named but
        # not over by the calendar is a fiscal one, reported and so over.
        last_day = date.fromisoformat(quarter_span(*reference)[1] + "-01")
        if add_months(last_day, 1) > when.day and when.reported is not None:
            # Named anew, the quarter just over is what "a year ago" then compares with.
            return replace(when.reported, leaned=False)
    leaned = reference is not None
    if reference is None:
        reference = _quarter_ended(m, when)
    if reference is None:
        last = add_months(when.day.replace(day=1), -3)
        reference = (last.year, quarter_of_day(last))
    year = int(named) if named else reference[0]
    return Resolved(SPAN, *quarter_span(year, reference[1]), leaned=leaned)


def _quarter_ended(m: re.Match[str], when: When) -> tuple[int, int] | None:
    # "The quarter ended July 31" is May to July, whatever the company's calendar: named,
    # as TimeML names it, by the calendar quarter holding two of its three months (the
    # middle one's), in the latest year whose end month has come.
    ended = _QUARTER_ENDED.match(m.string, m.end())
    if ended is None:
        return None
    month = MONTHS[ended["month"].capitalize()]
    year = when.day.year if month <= when.day.month else when.day.year - 1
    middle = add_months(date(year, month, 1), -1)
    return middle.year, quarter_of_day(middle)


def read_year_ago_period(m: re.Match[str], when: When) -> Resolved:
    """ "The year-ago quarter", "year-earlier results": the quarter spoken of a year back,
    or last year when no quarter was."""
    return replace(_year_ago_period(m, when), leaned=True)


def _year_ago_period(m: re.Match[str], when: When) -> Resolved:
    if m["q"]:
        quarter = ORDINALS[m["q"].lower()]
        year = (reference_quarter(when.reference) or (when.day.year, 0))[0] - 1
        return Resolved(SPAN, *quarter_span(year, quarter))
    reference = reference_quarter(when.reference)
    if reference is not None:
        return Resolved(SPAN, *quarter_span(reference[0] - 1, reference[1]))
    if re.search(r"(?i)quarter|period", m.group(0)):
        last = add_months(when.day.replace(day=1), -3)
        return Resolved(SPAN, *quarter_span(last.year - 1, quarter_of_day(last)))
    return Resolved(YEAR, str(when.day.year - 1))


def read_half(m: re.Match[str], when: When) -> Resolved:
    """A half of a year ("the first half of 2024", "the second half of this year")."""
    year = int(m["year"]) if m["year"] else when.day.year + STEP[m["rel"].lower()]
    first = 1 if m["h"].lower() == "first" else 7
    return Resolved(SPAN, month_iso(year, first), month_iso(year, first + 5))


def read_earlier_later(m: re.Match[str], when: When) -> Resolved | None:
    """ "A year earlier", "two days later": that far from the date the text last spoke of;
    "earlier" with none counts back from the day of writing, "later" with none is unknown."""
    resolved = _earlier_later(m, when)
    return replace(resolved, leaned=True) if resolved else None


def _earlier_later(m: re.Match[str], when: When) -> Resolved | None:
    n = number(m)
    if n is None or n != int(n):
        return None
    sign = 1 if m["dir"].lower() == "later" else -1
    unit = m["unit"].lower()
    reference = when.reference
    if (
        reference is None
        or reference.date is None
        or (reference.precision == SPAN and not (reference_quarter(reference)))
    ):
        if sign > 0:
            return None
        return read_ago(m, When(when.day))
    if unit == "year":
        return shift_reference(reference, sign * int(n))
    if unit in {"day", "week"} and reference.precision == DAY:
        days = int(n) * (7 if unit == "week" else 1)
        day = date.fromisoformat(reference.date) + timedelta(days=sign * days)
        return Resolved(DAY, day.isoformat())
    if unit == "month" and reference.precision in {DAY, MONTH}:
        start = date.fromisoformat(reference.date[:7] + "-01")
        moved = add_months(start, sign * int(n))
        return Resolved(MONTH, month_iso(moved.year, moved.month))
    return None


def read_anaphoric_unit(m: re.Match[str], when: When) -> Resolved | None:
    """ "That year", "the following month", "the year before": the unit of the date the
    text last spoke of, or the one after or before it; unknown when none was."""
    resolved = _anaphoric_unit(m, when)
    return replace(resolved, leaned=True) if resolved else None


def _anaphoric_unit(m: re.Match[str], when: When) -> Resolved | None:
    reference = when.reference
    if reference is None or reference.date is None or reference.precision == SPAN:
        return None
    unit = (match_group(m, "unit", "unit2", "unit3") or "").lower()
    step = {"following": 1, "next": 1, "after": 1, "previous": -1, "before": -1, "prior": -1}
    shift = step.get((match_group(m, "rel", "rel2") or "").lower(), 0)
    iso = reference.date
    if unit == "year":
        return Resolved(YEAR, str(int(iso[:4]) + shift))
    if unit == "month" and len(iso) >= 7:
        moved = add_months(date.fromisoformat(iso[:7] + "-01"), shift)
        return Resolved(MONTH, month_iso(moved.year, moved.month))
    if unit == "day" and len(iso) == 10:
        return Resolved(DAY, (date.fromisoformat(iso) + timedelta(days=shift)).isoformat())
    return None


def _nearest_quarter_year(quarter: int, when: When) -> int:
    # A quarter is spoken of once it is under way or over (results come after it ends),
    # so the latest one begun, unless the clause looks ahead: then the nearest ("will
    # report third-quarter results" in October is the one just over).
    starts = []
    for year in (when.day.year - 1, when.day.year, when.day.year + 1):
        first, _ = quarter_span(year, quarter)
        start = date.fromisoformat(first + "-01")
        end = add_months(start, 3) - timedelta(days=1)
        if start <= when.day <= end:
            return year
        starts.append(start if start > when.day else end)
    return nearest(starts, When(when.day, past=not when.ahead)).year  # type: ignore[union-attr]
