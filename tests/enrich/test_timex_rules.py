"""The pattern table: which words each rule matches, before the parse is asked."""

from __future__ import annotations

import pytest

from newsdesk.enrich.timex_rules import RULES, SINCE_BEFORE

RULE = {rule.name: rule for rule in RULES}


def matched(rule: str, text: str) -> str | None:
    match = RULE[rule].pattern.search(text)
    return match.group(0) if match else None


def test_rule_names_are_unique():
    assert len(RULE) == len(RULES)


@pytest.mark.parametrize(
    ("rule", "text", "expression"),
    [
        ("month_day", "It began on Tuesday, October 7, 2023.", "on Tuesday, October 7, 2023"),
        ("day_month", "They met on the 16th of January.", "on the 16th of January"),
        ("month_year", "It was signed in Sept. 2019.", "in Sept. 2019"),
        ("month_relative_year", "in September last year", "in September last year"),
        ("relative_unit", "Prices rose earlier this year's spring.", "earlier this year's"),
        ("edge_of", "at the end of last year", "the end of last year"),
        ("year_range", "He led Japan from 2001 to 2006.", "from 2001 to 2006"),
        ("duration", "for more than two decades", "for more than two decades"),
    ],
)
def test_patterns_match_the_whole_expression(rule: str, text: str, expression: str) -> None:
    assert matched(rule, text) == expression


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("year", "More than 9,2019 containers were shipped."),
        ("year", "A 2019-2020 budget."),
        ("duration", "A 73-year-old man."),
        ("duration", "three years ago"),
        ("month_alone", "They may go."),
    ],
)
def test_patterns_leave_numbers_and_words_that_are_no_dates(rule: str, text: str) -> None:
    assert matched(rule, text) is None


def test_since_is_read_just_before_an_expression():
    assert SINCE_BEFORE.search("in force since ")
    assert not SINCE_BEFORE.search("since the end ")


def test_every_match_holds_its_rules_trigger_word():
    # The trigger lets find_events skip a rule whose word is absent: it must never hide a
    # match the full pattern would find.
    from newsdesk.demo import ARTICLES_DIR

    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES_DIR.rglob("*.txt"))]
    texts.append(
        "Third-quarter net rose from the year-ago quarter; in the first half of 2023, the "
        "'80s, the 11th century, nineteen ninety-six, mid-1990s, two days later, the "
        "following year, the current fiscal year, for the year, ended the day, 2001 to 2006."
    )
    assert texts
    found = 0
    for rule in RULES:
        assert rule.trigger is not None, rule.name
        for text in texts:
            for match in rule.pattern.finditer(text):
                found += 1
                assert rule.trigger.search(match.group(0)), (rule.name, match.group(0))
    assert found > 150
