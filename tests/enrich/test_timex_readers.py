"""Readers: a matched expression and the day of writing to a day, month, year or span.

Matches come from the rule table's own patterns, so these run without a parse; how the
whole of find_events reads sentences is in test_timex.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.enrich.timex_readers import Resolved, When
from newsdesk.enrich.timex_rules import RULES

RULE = {rule.name: rule for rule in RULES}
WED = date(2024, 1, 17)


def read(rule: str, text: str, anchor: date, ahead: bool = False) -> Resolved | None:
    match = RULE[rule].pattern.search(text)
    assert match is not None, (rule, text)
    return RULE[rule].read(match, When(anchor, ahead))


# (rule, text, anchor, ahead, precision, date, date_end)
CASES = [
    ("month_day", "on February 29", date(2024, 3, 1), False, "day", "2024-02-29", None),
    ("ordinal_day", "the 31st", date(2024, 3, 10), False, "day", "2024-01-31", None),
    ("season_relative", "this winter", date(2024, 1, 10), False, "span", "2023-12", "2024-02"),
    ("season_relative", "last winter", date(2024, 1, 10), False, "span", "2022-12", "2023-02"),
    # "Last weekend" on a Monday is two days back; on a Sunday, the one before.
    ("relative_unit", "last weekend", date(2024, 1, 15), False, "span", "2024-01-13",
     "2024-01-14"),
    ("relative_unit", "last weekend", date(2024, 1, 14), False, "span", "2024-01-06",
     "2024-01-07"),
    ("weekend", "the weekend", WED, True, "span", "2024-01-20", "2024-01-21"),
    ("weekend", "the weekend", WED, False, "span", "2024-01-13", "2024-01-14"),
    ("ago", "two and a half years ago", WED, False, "year", "2021", None),
    ("ago", "three weeks ago", WED, False, "day", "2023-12-27", None),
    ("month_alone", "by September", date(2024, 8, 1), False, "month", "2024-09", None),
    ("month_alone", "by September", date(2024, 11, 1), False, "month", "2024-09", None),
    ("weekday", "next Thursday", WED, False, "day", "2024-01-25", None),
    ("relative_unit", "the past week", WED, False, "span", "2024-01-10", "2024-01-17"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "text", "anchor", "ahead", "precision", "iso", "end"), CASES)
def test_readers_resolve_against_the_day_of_writing(
    rule: str, text: str, anchor: date, ahead: bool, precision: str, iso: str, end: str | None
) -> None:
    assert read(rule, text, anchor, ahead) == Resolved(precision, iso, end)


@pytest.mark.parametrize(
    ("rule", "text", "anchor"),
    [
        ("month_day", "on February 30", date(2025, 3, 1)),  # no such day in any year
        ("iso", "2023-02-30", WED),
        ("year_range", "2006 to 2001", WED),
        ("ago", "0 years ago", WED),
    ],
)
def test_readers_refuse_dates_that_do_not_exist(rule: str, text: str, anchor: date) -> None:
    assert read(rule, text, anchor) is None
