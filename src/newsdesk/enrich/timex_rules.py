"""The pattern table: which words make a time expression, and which reader resolves each.

Patterns are our own regular expressions; an `accept` check looks at the parse where the
words alone are ambiguous ("May" the month or the verb, "the 16th" day or century).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsdesk.enrich.timex_calendar import NUMBER_WORDS, TEENS, TENS, UNITS
from newsdesk.enrich.timex_periods import (
    read_anaphoric_unit,
    read_earlier_later,
    read_half,
    read_quarter,
    read_quarter_mention,
    read_the_day,
    read_the_year,
    read_year_ago_period,
)
from newsdesk.enrich.timex_readers import (
    MONTH_GROUP,
    WEEKDAYS,
    Reader,
    read_ago,
    read_century,
    read_duration,
    read_in_the_unit,
    read_iso,
    read_month_alone,
    read_month_day,
    read_month_relative_year,
    read_month_year,
    read_ordinal_day,
    read_relative_day,
    read_relative_unit,
    read_season,
    read_short_decade,
    read_spelled_year,
    read_weekday,
    read_weekend,
    read_year,
    read_year_edge,
    read_year_end,
    read_year_end_day,
    read_year_range,
)

_MONTH = MONTH_GROUP
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")(?P<half>\s+and\s+a\s+half)?"
_YEAR = r"(?<![\d,.\-/])(?P<year>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|-\d)"
# Spaces within a line: a headline's last word and the dateline below are not one date.
_GAP = r"[^\S\n]+"
_OPT_YEAR = r"(?:,?[^\S\n](?P<year>(?:19|20)\d\d)(?![\d%]))?"
_SEASON = r"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
# Years in words, as broadcast transcripts write them: "nineteen ninety-six", "two thousand".
_SPELLED = (
    r"(?:(?:"
    + "|".join(TEENS)
    + r")[\s-]+(?:"
    + "|".join(TENS)
    + r")(?:[\s-]+(?:"
    + "|".join(UNITS)
    + r"))?|two\s+thousand(?:\s+(?:and\s+)?(?:"
    + "|".join(UNITS)
    + r"))?)"
)
_ORDINAL_Q = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
# "Quarter" as a period, not a share ("a quarter of the vote") or a quarter-final.
_QUARTER = (
    r"quarter\b(?![-\s]+(?:point|percent|mile|century|final|"
    r"of\s+(?:a|an|the|all|its|their|those|these)\b))"
)
_EDGE = r"(?:(?P<edge>early|late|mid-?|(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s*)?"
# Words before a bare month that show it is a date ("in May"), not the verb "may".
_MONTH_CUE = r"(?i:in|until|by|from|through|during|before|after|of|on|last|early|late|mid-?)\s+"
# Words before "in N years" that make it a count back from the day of writing: "the
# first visit in 24 years", "the highest in a decade", "the worst drought in 50 years".
_RECORD_BEFORE = re.compile(
    r"(?i)\b(?:first|last|time|ever|once|\w+est|most|least|biggest|worst|best|only|record)\b"
    r"[^.;:]{0,25}$"
)
# "since" just before an expression: a span up to the day of writing, and a date cue.
SINCE_BEFORE = re.compile(r"(?i)\bsince\s+$")


@dataclass(frozen=True)
class Rule:
    """One kind of time expression: its pattern, its reader, and when a match counts."""

    name: str
    pattern: re.Pattern[str]
    read: Reader
    relative: bool
    accept: Callable[[re.Match[str], Doc], bool] | None = None
    needs_date_entity: bool = False
    # Resolved against the date the text last spoke of, not the day of writing.
    anaphoric: bool = False
    # A word every match holds: when the text lacks it, the full pattern is not run.
    trigger: re.Pattern[str] | None = None


# Steps up the parse to the verb: a date further below it is about some noun, not the
# verb's act; `timex` climbs on through prepositions and nouns for the clause's tense.
GOVERNOR_STEPS = 4


def governing_verb(token: Token, stop_at: frozenset[str] = frozenset()) -> Token:
    """The verb (or auxiliary) `token` hangs from, at most `GOVERNOR_STEPS` up the parse;
    a lemma in `stop_at` ends the climb too."""
    for _ in range(GOVERNOR_STEPS):
        # The tag, not the coarse part of speech, says verb: "sanctions" tagged NNS is a noun.
        verb = token.pos_ in {"VERB", "AUX"} and token.tag_.startswith(("VB", "MD"))
        if verb or token.lemma_ in stop_at or token.head.i == token.i:
            break
        token = token.head
    return token


# --- Acceptance checks that need the parse ------------------------------------------------


def _ordinal_is_day(m: re.Match[str], doc: Doc) -> bool:
    # "the 16th" is a day unless a noun follows: "the 16th century", "the 5th round".
    span = doc.char_span(m.start("day"), m.end(), alignment_mode="expand")
    if span is None:
        return True
    following = doc[span.end] if span.end < len(doc) else None
    return following is None or following.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"}


def _duration_is_anchored(m: re.Match[str], doc: Doc) -> bool:
    # Only durations that reach the day of writing make a span: "for the past three
    # years", "the first time in 17 years", "has served for two decades". "Lasted three
    # days", "$1.3 trillion a year" or "will open in three years" say nothing of a span.
    if m["next"] or m["past"]:
        return True
    if m["prep"] is None:
        return False
    before = m.string[max(0, m.start() - 40) : m.start()]
    if m["prep"].lower() == "in" and _RECORD_BEFORE.search(before):
        return True
    span = doc.char_span(m.start("n"), m.end(), alignment_mode="expand")
    if span is None:
        return False
    verb = governing_verb(span.root)
    # Otherwise only with the present perfect: "has been minister for more than two
    # decades", "has not rained in three years".
    return any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in verb.children) or (
        verb.lower_ in {"has", "have"}
    )


def _month_is_date(m: re.Match[str], doc: Doc) -> bool:
    if _inside_name(doc, m.start("month"), m.end("month")):
        return False
    # "May" and "March" are verbs too: only a cue before them makes them months.
    if m["month"] not in {"May", "March"} or m["cue"] or m["edge"]:
        return True
    return SINCE_BEFORE.search(m.string[max(0, m.start() - 8) : m.start()]) is not None


def _weekday_is_date(m: re.Match[str], doc: Doc) -> bool:
    # "Departing each Thursday" is a schedule (a TimeML SET), not a day.
    if _EVERY_BEFORE.search(m.string[max(0, m.start() - 8) : m.start()]):
        return False
    # "Flights leave on Monday and Tuesday nights": plural parts of days recur.
    if _NIGHTS_AFTER.match(m.string, m.end()):
        return False
    return not _inside_name(doc, m.start("weekday"), m.end("weekday"))


_EVERY_BEFORE = re.compile(r"(?i)\b(?:each|every)\s+$")
_NIGHTS_AFTER = re.compile(
    r"(?i)(?:\s+(?:and|or)\s+\w+day)?\s+(?:nights|mornings|afternoons|evenings)\b"
)


# Nouns "today's" makes the present age rather than the day ("today's world", "today's
# personal computers"); "today's editions", "today's vote" stay the day of writing.
_NOWADAYS = frozenset(
    {"world", "society", "generation", "youth", "child", "kid", "family", "economy",
     "culture", "technology", "computer", "consumer", "workplace", "standard", "age"}
)  # fmt: skip


def _relative_is_date(m: re.Match[str], doc: Doc) -> bool:
    # "ABC News' \"This Week\"", "This is VOA Today": capitalised after a quote mark or a
    # proper noun, the words are a programme's name, not a date.
    word = m.group("unit") if "unit" in m.re.groupindex else m.group("word")
    if word.lower() == "tomorrow" and m.string[max(0, m.start() - 3) : m.start()] == "of ":
        return False  # "the people of tomorrow": the future at large
    if word.lower() == "today" and m.string[m.end() : m.end() + 2] in {"'s", "’s"}:
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and span.root.dep_ == "poss" and span.root.head.lemma_ in _NOWADAYS:
            return False  # "in today's world": the present age, not the day of writing
    if not word[:1].isupper():
        return True
    before = m.string[max(0, m.start() - 2) : m.start()].rstrip(" ")
    if before[-1:] in {'"', "“", "`"}:
        return False
    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None or span.start == 0:
        return True
    return doc[span.start - 1].pos_ != "PROPN"


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    # The recogniser misses some names ("the Good Friday Agreement"); the parse still
    # shows the word as a modifier of a proper noun after it.
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    return token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i


# Words before "the day" that make it the day the report is about: markets "ended the
# day" higher, a figure "for the day"; not "the day before", "Independence Day".
_DAY_BEFORE = re.compile(
    r"(?i)\b(?:end(?:ed|ing|s)?|finish(?:ed|ing|es)?|clos(?:e|ed|es|ing)|start(?:ed|ing|s)?"
    r"|for|(?:start|end|close|rest|middle|beginning)\s+of)\s+$"
)


# Words before "the year" that make it a year the report is about: results "for the
# year", "the first nine months of the year", "by the end of the year"; not "Player of
# the Year", "a year-end".
_YEAR_BEFORE = re.compile(
    r"(?i)(?:\b(?:for|during|through|throughout|over|into)|(?-i:(?<![A-Z][a-z]{2}))\s(?:of|in))\s+$"
)


# Before "year-end", the words that make it a point in time rather than a modifier.
_YEAR_END_BEFORE = re.compile(
    r"(?i)\b(?:by|since|until|till|before|after|at|from|through|around|near)\s+(?:the\s+)?$"
)


def _year_end_is_a_day(m: re.Match[str], doc: Doc) -> bool:
    return _YEAR_END_BEFORE.search(m.string, max(0, m.start() - 16), m.start()) is not None


def _year_is_the_years_own(m: re.Match[str], doc: Doc) -> bool:
    if m.group(0)[4:].strip().lower() != "year":
        return True  # "the full year", "the fiscal year" say it themselves
    before = m.string[max(0, m.start() - 24) : m.start()]
    if re.search(r"[A-Z]\w*\s+of\s+$", before):
        return False  # a title: "Player of the Year"
    return _YEAR_BEFORE.search(before) is not None


def _day_is_the_days_own(m: re.Match[str], doc: Doc) -> bool:
    if m.group(0).lower().startswith(("earlier", "later", "late", "early")):
        return True
    return _DAY_BEFORE.search(m.string[max(0, m.start() - 20) : m.start()]) is not None


def _year_is_date(m: re.Match[str], doc: Doc) -> bool:
    if m["cue"] or m["decade"]:
        return True
    return any(
        e.label_ == "DATE" and e.start_char <= m.start("year") < e.end_char for e in doc.ents
    )


# --- The table ------------------------------------------------------------------------------


def _rule(
    name: str,
    pattern: str,
    read: Reader,
    *,
    relative: bool,
    flags: int = 0,
    accept: Callable[[re.Match[str], Doc], bool] | None = None,
    needs_date_entity: bool = False,
    anaphoric: bool = False,
) -> Rule:
    trigger = re.compile(_TRIGGERS[name]) if name in _TRIGGERS else None
    return Rule(
        name,
        re.compile(pattern, flags),
        read,
        relative,
        accept,
        needs_date_entity,
        anaphoric,
        trigger,
    )


_I = re.IGNORECASE
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_SEASON_WORD = r"(?i)spring|summer|autumn|fall|winter"
# The words without which each rule cannot match. Most patterns open on optional words
# ("in the past", "more than"), which the regex engine tries at every position; a search
# for the one word they all need is much cheaper, and most texts lack most of them.
_TRIGGERS = {
    "iso": r"\d{4}-\d\d-\d\d",
    "month_day": _MONTH_WORD,
    "day_month": _MONTH_WORD,
    "month_year": _MONTH_WORD,
    "month_relative_year": _MONTH_WORD,
    "month_alone": _MONTH_WORD,
    "weekday": r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day",
    "ordinal_day": r"\d(?:st|nd|rd|th)\b",
    "relative_day": r"(?i)today|tonight|yesterday|tomorrow",
    "relative_unit": r"(?i)\b(?:this|last|next|past|coming)\s+(?:week|month|year|decade)",
    "weekend": r"(?i)weekend",
    "edge_of": r"(?i)\b(?:end|beginning|start|middle)\s+of\s",
    "season_relative": _SEASON_WORD,
    "season_year": _SEASON_WORD,
    "season_bare": _SEASON_WORD,
    "season_spelled_year": _SEASON_WORD,
    "spelled_year": r"(?i)\b(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|thousand)\b",
    "quarter": r"(?i)quarter|\bQ[1-4]",
    "relative_quarter": r"(?i)quarter",
    "quarter_mention": r"(?i)quarter|period",
    "year_ago_period": r"(?i)year[-\s](?:ago|earlier)|(?:comparable|corresponding|same)\s+"
    r"(?:quarter|period)|year's\s+(?:quarter|period)",
    "half": r"(?i)\bhalf\s+of\s",
    "in_the_unit": r"(?i)in\s+the\s+(?:year|month)|current",
    "anaphoric_unit": r"(?i)following|previous|prior|same|that\s+(?:year|month|day)|"
    r"(?:year|month|day)\s+(?:before|after)",
    "the_year": r"(?i)\byear\b",
    "year_end": r"(?i)year(?:['’]s|\s)\s*end",
    "year_end_day": r"(?i)year-end",
    "the_day": r"(?i)\bday\b",
    "century": r"(?i)century",
    "short_decade": r"(?i)['’][2-9]0s|ties\b",
    "year_edge": r"(?:early|mid|late)-\d",
    "earlier_later": r"(?i)\b(?:earlier|later)\b",
    "year_range": r"(?:19|20)\d\d\s*(?:to|-|–|through|until)",
    "year": r"(?:1[6-9]|20)\d\d",
    "ago": r"(?i)\bago\b",
    "duration": r"(?i)(?:day|week|month|year|decade)s?\b",
}
# Every kind of expression find_events looks for; overlaps go to the longest match.
RULES: list[Rule] = [
    _rule("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b", read_iso, relative=False),
    _rule(
        "month_day",
        rf"\b(?:(?:on\s+)?{_WEEKDAY},?{_GAP})?(?:on\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b{_OPT_YEAR}",
        read_month_day,
        relative=True,
    ),
    _rule(
        "day_month",
        rf"\b(?:(?:on\s+)?{_WEEKDAY},?{_GAP})?(?:on\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!\s+\d{{1,2}}\b){_OPT_YEAR}",
        read_month_day,
        relative=True,
    ),
    _rule(
        "month_year",
        rf"\b(?:in\s+)?{_EDGE}{_MONTH},?\s+(?:{_YEAR}|(?P<spelled>{_SPELLED})\b)",
        read_month_year,
        relative=False,
    ),
    _rule(
        "month_relative_year",
        rf"\b(?:in\s+)?{_EDGE}{_MONTH}\s+(?P<rel>last|this|next)\s+year\b",
        read_month_relative_year,
        relative=True,
    ),
    _rule(
        "month_alone",
        rf"(?:\b(?P<cue>{_MONTH_CUE}))?\b{_EDGE}{_MONTH}(?!\s+\d)\b",
        read_month_alone,
        relative=True,
        accept=_month_is_date,
    ),
    _rule(
        "weekday",
        rf"\b(?:(?P<rel>last|next|(?:the\s+)?previous|this\s+coming|this\s+past|coming|this|on|early|late|until|till)"
        rf"\s+)?{_WEEKDAY}\b",
        read_weekday,
        relative=True,
        accept=_weekday_is_date,
    ),
    _rule(
        "ordinal_day",
        r"\b(?:on\s+)?the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b",
        read_ordinal_day,
        relative=True,
        accept=_ordinal_is_day,
    ),
    _rule(
        "relative_day",
        r"\b(?P<word>today|tonight|yesterday|tomorrow)\b",
        read_relative_day,
        relative=True,
        flags=_I,
        accept=_relative_is_date,
    ),
    _rule(
        "relative_unit",
        r"\b(?:(?:earlier|later|early|late)\s+)?(?:the\s+)?(?P<rel>this|last|next|past|coming)\s+(?P<unit>week|weekend|month|year|decade)\b(?:'s)?",
        read_relative_unit,
        relative=True,
        flags=_I,
        accept=_relative_is_date,
    ),
    _rule(
        "weekend",
        r"\b(?:over\s+|at\s+)?the\s+weekend\b",
        read_weekend,
        relative=True,
        flags=_I,
    ),
    _rule(
        "edge_of",
        r"\b(?:the\s+)?(?P<edge>end|beginning|start|middle)\s+of\s+(?P<rel>last|this|next)\s+(?P<unit>year|month)\b",
        read_year_edge,
        relative=True,
        flags=_I,
    ),
    _rule(
        "season_relative",
        rf"\b(?P<rel>last|this|next)\s+{_SEASON}\b",
        read_season,
        relative=True,
        flags=_I,
    ),
    _rule(
        "season_year",
        rf"\b(?:in\s+)?{_SEASON}(?:\s+of)?\s+{_YEAR}",
        read_season,
        relative=False,
        flags=_I,
    ),
    _rule(
        "season_bare",
        rf"\b(?:(?P<rel>this\s+past)\s+|(?:in|over|during|through)\s+the\s+|the\s+)"
        rf"(?:(?:early|late)\s+)?{_SEASON}\b",
        read_season,
        relative=True,
        flags=_I,
    ),
    _rule(
        "spelled_year",
        # Not "two thousand years", a count.
        rf"\b(?:the\s+year\s+)?(?P<spelled>{_SPELLED})\b(?![\s-]+(?:years?|people|troops)\b)",
        read_spelled_year,
        relative=False,
        flags=_I,
    ),
    _rule(
        "season_spelled_year",
        rf"\b(?:the\s+)?{_SEASON}\s+of\s+(?P<year>{_SPELLED})\b",
        read_season,
        relative=False,
        flags=_I,
    ),
    _rule(
        "quarter",
        r"\b(?:(?:the|its|a|this|their|our|his|her)\s+)?(?:(?P<year>(?:19|20)\d\d)\s+|"
        r"(?P<rel>this|last|next)\s+year's\s+)?(?:(?:fiscal|flat|calendar|financial)[\s-]+)*"
        rf"{_ORDINAL_Q}[\s-]+{_QUARTER}"
        r"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<year2>(?:19|20)\d\d)|(?P<rel2>this|last|next)\s+year))?"
        r"|\b(?P<qn>(?<![\w-])Q[1-4])(?:\s+(?:of\s+)?(?:(?P<qyear>20\d\d)))?\b",
        read_quarter,
        relative=True,
        flags=_I,
    ),
    _rule(
        "relative_quarter",
        r"\b(?:the\s+)?(?P<rel>this|last|next|current|coming|previous)\s+(?P<unit>quarter)\b(?:'s)?",
        read_relative_unit,
        relative=True,
        flags=_I,
    ),
    _rule(
        "quarter_mention",
        r"\b(?:(?:the|that)\s+(?:(?:latest|most\s+recent|same|recent)\s+)?(?:(?P<year>(?:19|20)\d\d)\s+)?quarter\b"
        r"(?![-\s]+(?:point|percent|mile|century|final|of\b)|-(?:to|over|on)-)"
        r"|the\s+(?:(?:latest|most\s+recent)\s+(?:fiscal\s+)?|(?P<pyear>(?:19|20)\d\d)\s+)period\b)",
        read_quarter_mention,
        relative=True,
        flags=_I,
    ),
    _rule(
        "year_ago_period",
        # "year-earlier results", "the year-ago quarter"; a bare "a year earlier" is left
        # to the rules that count from the date spoken of.
        r"\b(?:(?:the|a|its)\s+)?(?:(?:comparable|corresponding|same)\s+)?"
        r"(?:year-(?:ago|earlier)\b|year\s+(?:ago|earlier)(?=\s+(?:\w+\s+)?(?:quarter|period)\b))"
        rf"(?:\s+(?:{_ORDINAL_Q}\s+)?(?P<period>quarter|period)\b)?"
        r"|\b(?:the\s+)?(?:comparable|corresponding|same)\s+(?P<period2>quarter|period)\s+"
        r"(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier))\b"
        r"|\blast\s+year's\s+(?:quarter|period)\b"
        r"|\bthe\s+quarter\s+a\s+year\s+(?:ago|earlier)\b",
        read_year_ago_period,
        relative=True,
        flags=_I,
    ),
    _rule(
        "half",
        r"\b(?:the\s+)?(?P<h>first|second|last)\s+half\s+of\s+(?:(?P<year>(?:19|20)\d\d)|(?P<rel>this|last|next)\s+year)\b",
        read_half,
        relative=True,
        flags=_I,
    ),
    _rule(
        "in_the_unit",
        r"\b(?:(?:earlier|later)\s+in\s+the\s+(?P<unit>year|month)"
        r"|the\s+current\s+(?:fiscal\s+)?(?P<unit2>year))\b",
        read_in_the_unit,
        relative=True,
        flags=_I,
    ),
    _rule(
        "anaphoric_unit",
        r"\b(?:(?:the\s+)?(?P<rel>following|previous|prior|same)\s+(?P<unit>year|month|day)"
        r"|that\s+(?P<unit2>year|month|day)"
        # "The day before the plunge" counts from the plunge, which has no date here.
        r"|the\s+(?P<unit3>year|month|day)\s+(?P<rel2>before|after)\b"
        r"(?=\s*[,.;:!?)\n]|\s*$|\s+(?:and|but|when|he|she|it|they|we)\b))\b",
        read_anaphoric_unit,
        relative=True,
        flags=_I,
        anaphoric=True,
    ),
    _rule(
        "the_year",
        r"\bthe\s+(?:(?:full|fiscal|calendar)\s+)*year\b"
        r"(?!['’]s|\s+(?:before|after|earlier|ago|later|since|that|when|in\s+which|of|to|\d|ended|ending|ends|through))",
        read_the_year,
        relative=True,
        flags=_I,
        accept=_year_is_the_years_own,
    ),
    _rule(
        "year_end",
        # "By year end", "by year's end": the end of the year of writing (TimeML: the year).
        r"\b(?:the\s+)?(?:(?P<rel>this|last|next)\s+)?year(?:['’]s\s+|\s+)end\b(?![-\s]+(?:of|result|bonus))",
        read_year_end,
        relative=True,
        flags=_I,
    ),
    _rule(
        "year_end_day",
        # "By year-end", "since year-end" (not "year-end results"): the year's last day.
        r"\byear-end\b(?![-\s]+[a-z])",
        read_year_end_day,
        relative=True,
        flags=_I,
        accept=_year_end_is_a_day,
    ),
    _rule(
        "the_day",
        r"\b(?:(?:earlier|later|late|early)\s+in\s+the\s+day|the\s+day)\b"
        r"(?!\s+(?:before|after|of|when|that|the|it|he|she|they|we)\b)",
        read_the_day,
        relative=True,
        flags=_I,
        accept=_day_is_the_days_own,
    ),
    _rule(
        "century",
        r"\b(?:the\s+)?(?:(?P<n>\d{2})(?:st|nd|rd|th)|(?P<word>eleventh|twelfth|thirteenth|"
        r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
        r"twenty-first))[\s-]+century\b",
        read_century,
        relative=False,
        flags=_I,
    ),
    _rule(
        "short_decade",
        r"\bthe\s+(?:(?:early|mid|late)[\s-]*)?(?:['’](?P<digits>[2-9]0)s|(?P<word>twenties|"
        r"thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
        read_short_decade,
        relative=True,
        flags=_I,
    ),
    _rule(
        "year_edge",
        r"\b(?P<edge>early|mid|late)-(?P<year>(?:1[6-9]|20)\d\d)(?P<decade>s)?\b",
        read_year,
        relative=False,
    ),
    _rule(
        "earlier_later",
        rf"\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>earlier|later)\b",
        read_earlier_later,
        relative=True,
        flags=_I,
        anaphoric=True,
    ),
    _rule(
        "year_range",
        r"\b(?:from\s+|between\s+)?(?P<y1>(?:19|20)\d\d)\s*(?:to|-|–|through|until)\s*(?P<y2>(?:19|20)\d\d)\b",
        read_year_range,
        relative=False,
        needs_date_entity=True,
    ),
    _rule(
        "year",
        rf"(?:\b(?P<cue>in|by|until|before|after|during|through)\s+)?{_YEAR}(?P<decade>s)?",
        read_year,
        relative=False,
        accept=_year_is_date,
    ),
    _rule(
        "ago",
        rf"\b{_NUM}\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b",
        read_ago,
        relative=True,
        flags=_I,
    ),
    _rule(
        "duration",
        r"\b(?:(?P<prep>for|in|over)\s+)?(?:(?P<past>the\s+(?:past|last))\s+|(?P<next>the\s+(?:next|coming))\s+)?"
        r"(?:(?:more|less|fewer)\s+than\s+|nearly\s+|almost\s+|about\s+|around\s+|over\s+|"
        r"some\s+|roughly\s+|barely\s+|at\s+least\s+|just\s+)?"
        rf"{_NUM}\s+(?P<unit>day|week|month|year|decade)s?\b(?![-‐]|\s+(?:old|ago|later|after|before|earlier))",
        read_duration,
        relative=True,
        flags=_I,
        accept=_duration_is_anchored,
        needs_date_entity=True,
    ),
]
