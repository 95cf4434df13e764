"""Time expressions to dated events: found by our own patterns, resolved against publication.

News dates events relative to the day it is written ("on the 16th", "Saturday", "in
September last year"), so each expression is read into a rule and resolved against the
publication date. General date parsers misread these ("the 9th" as September) and find
dates in numbers ("9,2019"), which is why the rules here are our own: the patterns are in
`timex_rules`, the readers that resolve them in `timex_readers` and `timex_periods`.

Reading goes in text order, carrying the period last spoken of, so that "the quarter",
"a year earlier" and "the following year" can lean on it; the day of a statement ("said
Sunday") is not such a period. The clause's tense (read off the parse) picks between the
same date behind or ahead of the day of writing; without one, the nearer wins.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc, Token

from newsdesk.enrich.parsed import sentence_index
from newsdesk.enrich.timex_calendar import add_months, quarter_of_day, reference_quarter
from newsdesk.enrich.timex_readers import DAY, MONTH, SPAN, UNRESOLVED, YEAR, Resolved, When
from newsdesk.enrich.timex_rules import RULES, SINCE_BEFORE, Rule, governing_verb
from newsdesk.types import EventDraft, MentionDraft, Sentence

# Verbs that look forward in time when in the present ("is expected to meet Monday").
_FORWARD_VERBS = frozenset({"expect", "schedule", "plan", "due", "intend", "slate", "poise"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
# Entities whose names may hold a date word: "June Carter", "the Good Friday Agreement".
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "NORP"}
)
# Present-tense verbs that report or describe rather than schedule ("says Tuesday").
_PRESENT_NOT_AHEAD = frozenset(
    {"say", "tell", "report", "be", "have", "show", "remain", "mark", "come", "follow", "add"}
)
# Verbs of saying: an expression they govern dates the statement ("said Sunday"), which
# is the report, not the period the report is about.
SPEECH_VERBS = frozenset(
    {"say", "tell", "announce", "report", "state", "add", "confirm", "note", "write",
     "explain", "declare", "insist", "comment", "quote", "tweet"}
)  # fmt: skip
# "The quarter" and "a year earlier" refer to a period spoken of at most this many
# sentences before (earnings reports name the quarter once, then compare with it).
REFERENCE_SENTENCES = 2
# A story told forward ("In March ... The following month") moves on from the last date
# it gave, a paragraph or so back.
NARRATIVE_SENTENCES = 4
# Prepositions before an expression are its signal, not part of it (TimeML leaves them
# out: "on Tuesday" is the expression "Tuesday"); "since" changes the reading and stays.
_SIGNAL = re.compile(
    r"(?i)(?:on|in|at|during|over|by|until|through|from|between|for|before|after|of)\s+"
)
# "The quarter ended Sept. 30": the day closes the period spoken of; the period, not the
# day, is what "a year earlier" then compares with.
_PERIOD_END = re.compile(
    r"(?i)\b(?:quarter|period|months|year|weeks|half)\s+(?:that\s+)?(?:ended|ending|ends|to)\s+$"
)
# Before a possessive weekday or "the weekend", words that make it an occasion still to come.
_AHEAD_OF = re.compile(r"(?i)\b(?:ahead\s+of|until|upcoming|coming|next)\s+$")
# Verbs whose past is spelled as their present: "the index hurt the composite on Friday"
# is no schedule.
_SAME_IN_PAST = frozenset(
    {"hurt", "cut", "put", "set", "hit", "let", "cost", "quit", "spread", "shut", "bet",
     "cast", "burst", "split", "shed", "upset", "beat", "read", "bid", "broadcast"}
)  # fmt: skip
# Prepositions that put an expression at the time of its verb's act ("met on Monday");
# "to", "until", "through" and "by" name an end point instead ("extended to Nov. 16").
_AT_TIME = frozenset({"on", "in", "at", "during", "over", "around", "about", "since", "of"})

# Months of the year to date ("the first nine months", "the latest six months"): a period
# compared by years, whatever quarter the report is about.
_MONTHS_SO_FAR = re.compile(
    r"(?i)\b(?:first|latest|past|last)\s+(?:six|nine|eleven|\d{1,2})\s+months\b"
)

_Candidate = tuple[int, int, Rule, re.Match[str]]


def find_events(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    mentions: list[MentionDraft],
    published: datetime | None,
) -> list[EventDraft]:
    """One EventDraft per time expression, resolved against `published`.

    Relative expressions stay "unresolved" (date None) when `published` is None;
    explicit dates ("October 7, 2023") resolve without it. Anaphoric ones ("the
    following year", "two days later") are left out when nothing came before to lean on.
    """
    anchor = published.date() if published is not None else None
    date_entities = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    starts = [s.start for s in sentences]
    events = []
    reference: tuple[int, Resolved] | None = None  # (sentence, what it resolved to)
    reported: Resolved | None = None  # the quarter just over, once spoken of
    for start, end, rule, match in _candidates(text, doc, date_entities):
        start, since = _with_since(text, start)
        sentence = sentence_index(starts, start)
        ahead, past, speech = _tense(doc, start, end)
        if since:
            # "Since May": a start that has come, whatever the verb's tense.
            ahead, past = False, True
        if match.groupdict().get("weekday") and text[end : end + 2] in {"'s", "’s"}:
            # "Tuesday's ruling" is done unless still awaited ("ahead of Tuesday's vote").
            ahead = _AHEAD_OF.search(text[max(0, start - 20) : start]) is not None
            past = not ahead
        elif rule.name == "weekend" and _AHEAD_OF.search(text[max(0, start - 20) : start]):
            # "Squared positions ahead of the weekend": the one to come, whatever the tense.
            ahead, past = True, False
        reach = NARRATIVE_SENTENCES if _leans_back(rule, match) else REFERENCE_SENTENCES
        near = reference if reference and sentence - reference[0] <= reach else None
        if anchor is not None and _MONTHS_SO_FAR.search(text, starts[sentence], start):
            # "In the first nine months, net rose from a year earlier": months of the year
            # to date, so "a year earlier" and "the 1988 period" are years, not quarters.
            near = (sentence, Resolved(YEAR, str(anchor.year)))
        elif near is None and reported is not None:
            # An earnings report names its quarter and compares with "a year earlier"
            # paragraphs on: with no period spoken of lately, the quarter just over.
            near = (sentence - REFERENCE_SENTENCES - 1, reported)
        when = When(
            anchor or date.min,
            ahead,
            past,
            near[1] if near else None,
            near is not None and near[0] == sentence,
            reported,
        )
        resolved = _resolve(rule, match, when, anchored=anchor is not None)
        if resolved is None:
            continue
        if since:
            # A span up to the day of writing needs that day, even from an explicit start.
            resolved = (
                Resolved(SPAN, resolved.date, anchor.isoformat())
                if anchor is not None and resolved.date is not None
                else Resolved(UNRESOLVED)
            )
        elif (
            not speech
            and _is_reference(resolved)
            and (not resolved.leaned or _moves_on(resolved, reference))
            and not _PERIOD_END.search(text[max(0, start - 30) : start])
        ):
            reference = (sentence, resolved)
            if anchor is not None and _is_just_over(resolved, anchor):
                reported = resolved
        if not since:
            signal = _SIGNAL.match(text, start, end)
            if signal is not None and signal.end() < end:
                start = signal.end()
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
                date_confidence(rule, match, resolved, tensed=ahead or past, since=since),
            )
        )
    return events


# How sure a date is, by how it was read: named in full ("October 7, 2023", "in 2019",
# "the third quarter of 1990"); counted from the day of writing by a word that fixes it
# ("yesterday", "last week", "three days ago") or by the clause's tense ("met Monday",
# "will meet Monday"); the nearest of two guesses with no tense to choose ("Monday");
# leaning on a period spoken of before ("a year earlier", "the quarter") or vague ("the
# year", "for the past three years", "since May").
EXPLICIT, COUNTED, GUESSED, VAGUE = 1.0, 0.8, 0.6, 0.4
# Readers whose date needs no choice once the day of writing is known.
_COUNTED_RULES = frozenset(
    {"relative_day", "relative_unit", "relative_quarter", "ago", "edge_of", "half",
     "month_relative_year", "year_end"}
)  # fmt: skip
# Readers that pick between dates behind and ahead of the day of writing.
_CHOOSING_RULES = frozenset(
    {"month_day", "day_month", "month_alone", "weekday", "ordinal_day", "season_bare",
     "season_relative", "quarter", "short_decade", "weekend"}
)  # fmt: skip


def date_confidence(
    rule: Rule, match: re.Match[str], resolved: Resolved, *, tensed: bool, since: bool
) -> float:
    """How sure an expression's date is: `EXPLICIT` when the words name it, `COUNTED` when
    the day of writing fixes it (a relative word, or a tense choosing the side of a weekday),
    `GUESSED` when the nearer side was taken without one, `VAGUE` otherwise."""
    if resolved.date is None:
        return 0.0
    if since or resolved.leaned or rule.anaphoric:
        return VAGUE
    named = match.groupdict()
    if not rule.relative or any(named.get(g) for g in ("year", "year2", "qyear")):
        return EXPLICIT
    if rule.name in _COUNTED_RULES:
        return COUNTED
    if rule.name in _CHOOSING_RULES:
        rel = " ".join((named.get("rel") or named.get("cue") or "").lower().split())
        rel = rel.removeprefix("the ")
        decided = tensed or rel in {"last", "next", "this", "coming", "this past", "previous"}
        return COUNTED if decided else GUESSED
    return VAGUE


def _leans_back(rule: Rule, match: re.Match[str]) -> bool:
    # "The following year" and "the previous Friday" count from a date given a paragraph
    # or so back ("closed lower Friday ... down 4.5% from the previous Friday").
    if rule.anaphoric:
        return True
    rel = " ".join((match.groupdict().get("rel") or "").lower().split())
    return rule.name == "weekday" and rel.removeprefix("the ") == "previous"


def _moves_on(resolved: Resolved, reference: tuple[int, Resolved] | None) -> bool:
    # A story told forward moves its time on ("the following year", "two days later");
    # a comparison ("a year earlier", "the year-ago quarter") looks back and leaves it.
    if reference is None or reference[1].date is None or resolved.date is None:
        return False
    return resolved.date[:4] > reference[1].date[:4] or (
        resolved.date > reference[1].date and resolved.precision == reference[1].precision
    )


def _is_just_over(resolved: Resolved, day: date) -> bool:
    # The calendar quarter that ended last before the day of writing: the one an
    # earnings report is about (results come in the weeks after a quarter ends).
    last = add_months(day.replace(day=1), -3)
    return reference_quarter(resolved) == (last.year, quarter_of_day(last))


def _is_reference(resolved: Resolved) -> bool:
    # A period a later "a year earlier" can lean on: a day, month, year or a quarter-like
    # span of months, not a span that runs to the day of writing.
    if resolved.date is None:
        return False
    if resolved.precision in {DAY, MONTH, YEAR}:
        return True
    return resolved.precision == SPAN and len(resolved.date) == 7 == len(resolved.date_end or "")


# --- Finding candidates ---------------------------------------------------------------


def _candidates(
    text: str,
    doc: Doc,
    date_entities: list[tuple[int, int]],
) -> list[_Candidate]:
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]
    found = []
    for rule in RULES:
        if rule.trigger is not None and rule.trigger.search(text) is None:
            continue
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
    kept: list[_Candidate] = []
    for candidate in found:
        if not any(candidate[0] < k[1] and k[0] < candidate[1] for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _with_since(text: str, start: int) -> tuple[int, bool]:
    # "Since the end of last year" runs from that point to the day of writing.
    before = SINCE_BEFORE.search(text[max(0, start - 12) : start])
    if before is None:
        return start, False
    return start - len(before.group(0)), True


# --- Anchoring --------------------------------------------------------------------------


def _tense(doc: Doc, start: int, end: int) -> tuple[bool, bool, bool]:
    """Whether the clause holding the expression looks ahead ("will meet Monday") or back
    ("met Monday"), and whether a verb of saying governs it ("said Monday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False, False, False
    if len(span) > 1 and span[0].pos_ in {"ADP", "SCONJ"}:
        # "through January": the preposition stands between the expression and its verb.
        span = span[1:]
    root = span.root
    before = doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.pos_ == "ADP"
        and before.lower_ in _AT_TIME
        and not any(child.dep_ == "pobj" for child in before.children)
    ):
        # "Signed on Wednesday runs to 23 articles": the parser hung the day on a later
        # verb and left its preposition empty; the day goes where its preposition does.
        root = before
    token = governing_verb(root, stop_at=_FORWARD_VERBS)
    if not token.tag_.startswith(("VB", "MD")):
        # "Vetoed a resolution on sanctions at the meeting in May": the clause's verb is
        # further up, past a chain of prepositions and nouns.
        token = governing_verb(token, stop_at=_FORWARD_VERBS)
    # The verb's tense dates the expression only when the expression modifies it ("met
    # on Monday"), not when it sits in the verb's object ("set Nov. 10 as the deadline",
    # "declared a dividend payable Dec. 15").
    direct = _modifies(root, token, through_nouns=True)
    # "Said on Sunday" dates the saying; "reported third-quarter net" names what was said.
    speech = token.lemma_ in SPEECH_VERBS and _modifies(root, token, through_nouns=False)
    verbs = [token]
    # "is expected to meet on Monday": the infinitive looks ahead through its governor.
    if token.dep_ == "xcomp" and token.head.i != token.i:
        verbs.append(token.head)
    past = False
    for depth, verb in enumerate(verbs):
        auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
        if auxes & _FUTURE_AUX:
            return True, False, speech
        # "Said it would hold a vigil on Tuesday": reported plans, not conditionals past.
        if "would" in auxes and "have" not in auxes:
            return True, False, speech
        was = verb.tag_ == "VBD" or bool(auxes & {"was", "were", "had", "did"})
        # "Were expected to run into the weekend" still looks ahead of the writing.
        if verb.lemma_ in _FORWARD_VERBS and (depth > 0 or not was):
            return True, False, speech
        # "Is to resume trading Tuesday", "is set to resume Monday": arranged, ahead.
        if (
            depth > 0
            and verb.lemma_ in {"be", "set"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verbs[0].children)
        ):
            return True, False, speech
        # "The Fed meets on Wednesday": the present simple of an act is a schedule.
        if (
            direct
            and verb.tag_ in {"VBZ", "VBP"}
            and verb.lemma_ not in _PRESENT_NOT_AHEAD
            and verb.lower_ not in _SAME_IN_PAST
            and not auxes
        ):
            return True, False, speech
        if depth == 0 and direct:
            # The present perfect names no past day ("has set Nov. 10 as the deadline"
            # in early November is ahead): only the simple past fixes the side.
            past = was
    return False, past, speech


def _modifies(root: Token, verb: Token, *, through_nouns: bool) -> bool:
    # Between the expression and its verb may stand prepositions of time ("met on
    # Monday") and the nouns they hang from ("vetoed a resolution at the meeting in
    # May"), not an end point ("extended to Nov. 16") or a quality ("payable Dec. 15").
    # Tokens are compared by index: spaCy makes a new Token object on every access.
    token = root
    while token.i != verb.i and token.head.i != token.i:
        if token.i != root.i and not (
            (token.pos_ == "ADP" and token.lower_ in _AT_TIME)
            or (
                through_nouns and token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"pobj", "dobj"}
            )
        ):
            return False
        if token.i == root.i and token.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "appos"}:
            return False
        token = token.head
    return True


def _resolve(rule: Rule, match: re.Match[str], when: When, *, anchored: bool) -> Resolved | None:
    if not anchored:
        if rule.relative and not match.groupdict().get("year"):
            return Resolved(UNRESOLVED)
        # Explicit dates need no anchor; any day serves, since the rule ignores it.
        return rule.read(match, When(date.min))
    return rule.read(match, when)
