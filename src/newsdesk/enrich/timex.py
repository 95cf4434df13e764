"""Time expressions to dated events: found by our own patterns, resolved against publication.

News dates events relative to the day it is written ("on the 16th", "Saturday", "in
September last year"), so each expression is read into a rule and resolved against the
publication date. General date parsers misread these ("the 9th" as September) and find
dates in numbers ("9,2019"), which is why the rules here are our own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.tokens import Doc

from newsdesk.types import EventDraft, MentionDraft, Sentence

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

_MONTH = "(?P<month>" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")(?P<half>\s+and\s+a\s+half)?"
_YEAR = r"(?<![\d,.\-/])(?P<year>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|-\d)"
_OPT_YEAR = r"(?:,?\s(?P<year>(?:19|20)\d\d)(?![\d%]))?"
_SEASON = r"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
_EDGE = r"(?:(?P<edge>early|late|mid-?|(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s*)?"
# Words before a bare month that show it is a date ("in May"), not the verb "may".
_MONTH_CUE = r"(?:in|until|by|from|through|during|before|after|of|on|last|early|late|mid-?)\s+"
# Verbs that look forward in time when in the present ("is expected to meet Monday").
_FORWARD_VERBS = frozenset({"expect", "schedule", "plan", "due", "intend"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
# Entities whose names may hold a date word: "June Carter", "the Good Friday Agreement".
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "NORP"}
)
# Present-tense verbs that report or describe rather than schedule ("says Tuesday").
_PRESENT_NOT_AHEAD = frozenset(
    {"say", "tell", "report", "be", "have", "show", "remain", "mark", "come", "follow", "add"}
)


@dataclass(frozen=True)
class _Resolved:
    precision: str
    date: str | None = None
    date_end: str | None = None


# A reader resolves a match against the publication day; `ahead` says the clause looks forward.
_Reader = Callable[[re.Match[str], date, bool], "_Resolved | None"]


def find_events(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    mentions: list[MentionDraft],
    published: datetime | None,
) -> list[EventDraft]:
    """One EventDraft per time expression, resolved against `published`.

    Relative expressions stay "unresolved" (date None) when `published` is None;
    explicit dates ("October 7, 2023") resolve without it.
    """
    anchor = published.date() if published is not None else None
    date_entities = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    starts = [s.start for s in sentences]
    events = []
    for start, end, rule, match in _candidates(text, doc, date_entities):
        start, since = _with_since(text, start)
        ahead = _looks_ahead(doc, start, end)
        resolved = _resolve(rule, match, anchor, ahead)
        if resolved is None:
            continue
        if since:
            # A span up to the day of writing needs that day, even from an explicit start.
            resolved = (
                _Resolved(SPAN, resolved.date, anchor.isoformat())
                if anchor is not None and resolved.date is not None
                else _Resolved(UNRESOLVED)
            )
        sentence = max(bisect_right(starts, start) - 1, 0)
        entities = tuple(i for i, m in enumerate(mentions) if m.sentence == sentence)
        events.append(
            EventDraft(
                sentence,
                text[start:end],
                start,
                end,
                resolved.precision,
                resolved.date,
                resolved.date_end,
                entities,
            )
        )
    return events


# --- Finding candidates ---------------------------------------------------------------


def _candidates(
    text: str,
    doc: Doc,
    date_entities: list[tuple[int, int]],
) -> list[tuple[int, int, _Rule, re.Match[str]]]:
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]
    found = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if rule.needs_date_entity and not _overlaps(start, end, date_entities):
                continue
            if rule.accept is not None and not rule.accept(match, doc):
                continue
            # "June" in "June Carter", "Friday" in "Good Friday Agreement": names, not dates.
            if any(s <= start and end <= e for s, e in names):
                continue
            found.append((start, end, rule, match))
    # Longest first, then earliest: "September last year" wins over "September".
    found.sort(key=lambda c: (c[0] - c[1], c[0]))
    kept: list[tuple[int, int, _Rule, re.Match[str]]] = []
    for candidate in found:
        if not any(candidate[0] < k[1] and k[0] < candidate[1] for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _with_since(text: str, start: int) -> tuple[int, bool]:
    # "Since the end of last year" runs from that point to the day of writing.
    before = re.search(r"(?i)\bsince\s+$", text[max(0, start - 12) : start])
    if before is None:
        return start, False
    return start - len(before.group(0)), True


def _looks_ahead(doc: Doc, start: int, end: int) -> bool:
    """Whether the clause holding the expression is about the future ("will meet Monday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    token = span.root
    for _ in range(4):
        if token.pos_ in {"VERB", "AUX"} or token.lemma_ in _FORWARD_VERBS or token.head is token:
            break
        token = token.head
    verbs = [token]
    # "is expected to meet on Monday": the infinitive looks ahead through its governor.
    if token.dep_ == "xcomp" and token.head is not token:
        verbs.append(token.head)
    for depth, verb in enumerate(verbs):
        auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
        past = verb.tag_ == "VBD" or bool(auxes & {"was", "were", "had"})
        if auxes & _FUTURE_AUX:
            return True
        # "Said it would hold a vigil on Tuesday": reported plans, not conditionals past.
        if "would" in auxes and "have" not in auxes:
            return True
        # "Were expected to run into the weekend" still looks ahead of the writing.
        if verb.lemma_ in _FORWARD_VERBS and (depth > 0 or not past):
            return True
        # "The Fed meets on Wednesday": the present simple of an act is a schedule.
        if verb.tag_ in {"VBZ", "VBP"} and verb.lemma_ not in _PRESENT_NOT_AHEAD and not auxes:
            return True
    return False


# --- Resolving --------------------------------------------------------------------------


def _resolve(
    rule: _Rule, match: re.Match[str], anchor: date | None, ahead: bool
) -> _Resolved | None:
    if anchor is None:
        if rule.relative and not match.groupdict().get("year"):
            return _Resolved(UNRESOLVED)
        # Explicit dates need no anchor; any day serves, since the rule ignores it.
        return rule.read(match, date.min, ahead)
    return rule.read(match, anchor, ahead)


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


def _read_iso(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return _Resolved(DAY, day.isoformat())


def _read_month_day(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
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
        return _Resolved(DAY, date(year, month, day).isoformat())
    except ValueError:
        return None


def _read_month_year(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
    return _Resolved(MONTH, _month_iso(int(m["year"]), _month_of(m)))


def _read_month_relative_year(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
    year = anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _Resolved(MONTH, _month_iso(year, _month_of(m)))


def _read_month_alone(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
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
    return _Resolved(MONTH, _month_iso(year, month))


def _read_weekday(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
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
    return _Resolved(DAY, day.isoformat())


def _read_ordinal_day(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
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
            return _Resolved(DAY, base.replace(day=day).isoformat())
        except ValueError:
            shift += step
    return None


def _read_relative_day(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["word"].lower()]
    return _Resolved(DAY, (anchor + timedelta(days=offset)).isoformat())


def _read_relative_unit(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[rel]
    if rel in {"past", "coming"} and unit != "weekend":
        # "the past week" is the seven days up to writing, not the calendar week before.
        return _duration_span(anchor, 1, unit, forward=rel == "coming")
    if unit == "year":
        return _Resolved(YEAR, str(anchor.year + step))
    if unit == "month":
        month = _add_months(anchor.replace(day=1), step)
        return _Resolved(MONTH, _month_iso(month.year, month.month))
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    if unit == "week":
        return _Resolved(SPAN, monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    return _calendar_weekend(anchor, step)


def _read_weekend(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
    # Bare "the weekend" is the one just gone or under way, unless the clause looks ahead.
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if ahead and anchor.weekday() < 5:
        saturday += timedelta(weeks=1)
    return _weekend(saturday)


def _calendar_weekend(anchor: date, step: int) -> _Resolved:
    monday = anchor - timedelta(days=anchor.weekday())
    # "Last weekend" on a Monday is the one two days back; on a Sunday, the one before.
    saturday = monday - timedelta(days=2) if step < 0 else monday + timedelta(days=5, weeks=step)
    return _weekend(saturday)


def _weekend(saturday: date) -> _Resolved:
    return _Resolved(SPAN, saturday.isoformat(), (saturday + timedelta(days=1)).isoformat())


def _read_year_edge(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
    step = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    edge = m["edge"].lower()
    if m["unit"].lower() == "month":
        month = _add_months(anchor.replace(day=1), step)
        return _Resolved(MONTH, _month_iso(month.year, month.month))
    month = 12 if edge == "end" else 1 if edge in {"beginning", "start"} else 6
    return _Resolved(MONTH, _month_iso(anchor.year + step, month))


def _read_season(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
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
    return _Resolved(SPAN, _month_iso(start.year, start.month), _month_iso(end.year, end.month))


def _read_year(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved:
    if m["decade"]:
        year = int(m["year"])
        return _Resolved(SPAN, str(year), str(year + 9))
    return _Resolved(YEAR, m["year"])


def _read_year_range(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
    first, last = int(m["y1"]), int(m["y2"])
    if last <= first:
        return None
    return _Resolved(SPAN, str(first), str(last))


def _read_ago(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
    n = _number(m)
    if n is None:
        return None
    unit = m["unit"].lower()
    if unit in {"day", "week"}:
        days = n * (7 if unit == "week" else 1)
        return _Resolved(DAY, (anchor - timedelta(days=round(days))).isoformat())
    when = _add_months(anchor, -round(n * UNIT_MONTHS[unit]))
    if unit == "month":
        return _Resolved(MONTH, _month_iso(when.year, when.month))
    return _Resolved(YEAR, str(when.year))


def _read_duration(m: re.Match[str], anchor: date, ahead: bool) -> _Resolved | None:
    n = _number(m)
    if n is None:
        return None
    forward = bool(m["next"]) or ahead
    return _duration_span(anchor, n, m["unit"].lower(), forward=forward)


def _duration_span(anchor: date, n: float, unit: str, *, forward: bool) -> _Resolved:
    # A duration counted back from (or on from) the day of writing.
    sign = 1 if forward else -1
    if unit in {"day", "week"}:
        other = anchor + timedelta(days=sign * round(n * (7 if unit == "week" else 1)))
    else:
        other = _add_months(anchor, sign * round(n * UNIT_MONTHS[unit]))
    first, last = sorted([anchor, other])
    return _Resolved(SPAN, first.isoformat(), last.isoformat())


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
    # days" or "$1.3 trillion a year" say nothing about when.
    if m["next"] or m["past"]:
        return True
    if m["prep"] is None:
        return False
    if m["prep"].lower() == "in":
        return True
    span = doc.char_span(m.start("n"), m.end(), alignment_mode="expand")
    if span is None:
        return False
    verb = span.root
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    # "for" only with the present perfect: "has been minister for more than two decades".
    return any(c.dep_ == "aux" and c.lower_ in {"has", "have", "'ve"} for c in verb.children) or (
        verb.lower_ in {"has", "have"}
    )


def _month_is_date(m: re.Match[str], doc: Doc) -> bool:
    if _inside_name(doc, m.start("month"), m.end("month")):
        return False
    # "May" and "March" are verbs too: only a cue before them makes them months.
    if m["month"] not in {"May", "March"} or m["cue"] or m["edge"]:
        return True
    return re.search(r"(?i)\bsince\s+$", m.string[max(0, m.start() - 8) : m.start()]) is not None


def _weekday_is_date(m: re.Match[str], doc: Doc) -> bool:
    return not _inside_name(doc, m.start("weekday"), m.end("weekday"))


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    # The recogniser misses some names ("the Good Friday Agreement"); the parse still
    # shows the word as a modifier of a proper noun after it.
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    return token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i


def _year_is_date(m: re.Match[str], doc: Doc) -> bool:
    if m["cue"] or m["decade"]:
        return True
    return any(
        e.label_ == "DATE" and e.start_char <= m.start("year") < e.end_char for e in doc.ents
    )


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    read: _Reader
    relative: bool
    accept: Callable[[re.Match[str], Doc], bool] | None = None
    needs_date_entity: bool = False


def _rule(
    name: str,
    pattern: str,
    read: _Reader,
    *,
    relative: bool,
    flags: int = 0,
    accept: Callable[[re.Match[str], Doc], bool] | None = None,
    needs_date_entity: bool = False,
) -> _Rule:
    return _Rule(name, re.compile(pattern, flags), read, relative, accept, needs_date_entity)


_I = re.IGNORECASE
RULES = [
    _rule("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b", _read_iso, relative=False),
    _rule(
        "month_day",
        rf"\b(?:(?:on\s+)?{_WEEKDAY},?\s+)?(?:on\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b{_OPT_YEAR}",
        _read_month_day,
        relative=True,
    ),
    _rule(
        "day_month",
        rf"\b(?:(?:on\s+)?{_WEEKDAY},?\s+)?(?:on\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!\s+\d{{1,2}}\b){_OPT_YEAR}",
        _read_month_day,
        relative=True,
    ),
    _rule(
        "month_year",
        rf"\b(?:in\s+)?{_EDGE}{_MONTH},?\s+{_YEAR}",
        _read_month_year,
        relative=False,
    ),
    _rule(
        "month_relative_year",
        rf"\b(?:in\s+)?{_EDGE}{_MONTH}\s+(?P<rel>last|this|next)\s+year\b",
        _read_month_relative_year,
        relative=True,
    ),
    _rule(
        "month_alone",
        rf"(?:\b(?P<cue>{_MONTH_CUE}))?\b{_EDGE}{_MONTH}(?!\s+\d)\b",
        _read_month_alone,
        relative=True,
        accept=_month_is_date,
    ),
    _rule(
        "weekday",
        rf"\b(?:(?P<rel>last|next|this|on|early|late)\s+)?{_WEEKDAY}\b",
        _read_weekday,
        relative=True,
        accept=_weekday_is_date,
    ),
    _rule(
        "ordinal_day",
        r"\b(?:on\s+)?the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b",
        _read_ordinal_day,
        relative=True,
        accept=_ordinal_is_day,
    ),
    _rule(
        "relative_day",
        r"\b(?P<word>today|tonight|yesterday|tomorrow)\b",
        _read_relative_day,
        relative=True,
        flags=_I,
    ),
    _rule(
        "relative_unit",
        r"\b(?:(?:earlier|later|early|late)\s+)?(?:the\s+)?(?P<rel>this|last|next|past|coming)\s+(?P<unit>week|weekend|month|year)\b(?:'s)?",
        _read_relative_unit,
        relative=True,
        flags=_I,
    ),
    _rule(
        "weekend",
        r"\b(?:over\s+|at\s+)?the\s+weekend\b",
        _read_weekend,
        relative=True,
        flags=_I,
    ),
    _rule(
        "edge_of",
        r"\b(?:the\s+)?(?P<edge>end|beginning|start|middle)\s+of\s+(?P<rel>last|this|next)\s+(?P<unit>year|month)\b",
        _read_year_edge,
        relative=True,
        flags=_I,
    ),
    _rule(
        "season_relative",
        rf"\b(?P<rel>last|this|next)\s+{_SEASON}\b",
        _read_season,
        relative=True,
        flags=_I,
    ),
    _rule(
        "season_year",
        rf"\b(?:in\s+)?{_SEASON}(?:\s+of)?\s+{_YEAR}",
        _read_season,
        relative=False,
        flags=_I,
    ),
    _rule(
        "year_range",
        r"\b(?:from\s+|between\s+)?(?P<y1>(?:19|20)\d\d)\s*(?:to|-|–|through|until)\s*(?P<y2>(?:19|20)\d\d)\b",
        _read_year_range,
        relative=False,
        needs_date_entity=True,
    ),
    _rule(
        "year",
        rf"(?:\b(?P<cue>in|by|until|before|after|during|through)\s+)?{_YEAR}(?P<decade>s)?",
        _read_year,
        relative=False,
        accept=_year_is_date,
    ),
    _rule(
        "ago",
        rf"\b{_NUM}\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b",
        _read_ago,
        relative=True,
        flags=_I,
    ),
    _rule(
        "duration",
        r"\b(?:(?P<prep>for|in|over)\s+)?(?:(?P<past>the\s+(?:past|last))\s+|(?P<next>the\s+(?:next|coming))\s+)?"
        r"(?:(?:more|less|fewer)\s+than\s+|nearly\s+|almost\s+|about\s+|around\s+|over\s+|"
        r"some\s+|roughly\s+|barely\s+|at\s+least\s+|just\s+)?"
        rf"{_NUM}\s+(?P<unit>day|week|month|year|decade)s?\b(?![-‐]|\s+(?:old|ago|later|after|before|earlier))",
        _read_duration,
        relative=True,
        flags=_I,
        accept=_duration_is_anchored,
        needs_date_entity=True,
    ),
]
