"""Time expressions to dated events: found by our own patterns, resolved against publication.

News dates events relative to the day it is written ("on the 16th", "Saturday", "in
September last year"), so each expression is read into a rule and resolved against the
publication date. General date parsers misread these ("the 9th" as September) and find
dates in numbers ("9,2019"), which is why the rules here are our own: the patterns are in
`timex_rules`, the readers that resolve them in `timex_readers`.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc

from newsdesk.enrich.parsed import sentence_index
from newsdesk.enrich.timex_readers import SPAN, UNRESOLVED, Resolved
from newsdesk.enrich.timex_rules import RULES, SINCE_BEFORE, Rule, governing_verb
from newsdesk.types import EventDraft, MentionDraft, Sentence

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
                Resolved(SPAN, resolved.date, anchor.isoformat())
                if anchor is not None and resolved.date is not None
                else Resolved(UNRESOLVED)
            )
        sentence = sentence_index(starts, start)
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
) -> list[_Candidate]:
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


def _looks_ahead(doc: Doc, start: int, end: int) -> bool:
    """Whether the clause holding the expression is about the future ("will meet Monday")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    # "on Wednesday" attaches where its preposition does, even when the parser hangs the
    # day on a later verb ("signed on Wednesday runs to 23 articles").
    head = span[0] if span[0].dep_ == "prep" else span.root
    token = governing_verb(head, stop_at=_FORWARD_VERBS)
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


def _resolve(rule: Rule, match: re.Match[str], anchor: date | None, ahead: bool) -> Resolved | None:
    if anchor is None:
        if rule.relative and not match.groupdict().get("year"):
            return Resolved(UNRESOLVED)
        # Explicit dates need no anchor; any day serves, since the rule ignores it.
        return rule.read(match, date.min, ahead)
    return rule.read(match, anchor, ahead)
