"""Names in results tables: a place that scores is a team.

Sports pages print results and standings as lines of names and numbers ("Bradford 1
Tranmere 0", "Haitai 64 2 43 .596 -", "Birmingham v Barnsley"). A recogniser trained on
prose calls the clubs there places, since most are named after their towns, or nothing
at all. In such a line a name followed by a score, or set against another by "v", is a
side: an organisation, unless it is written as a person's ("P. Simmons 4-38").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newsdesk.enrich.parsed import word_set

Tagged = tuple[int, int, str]  # start, end, spaCy label

# Labels the recogniser gives a club named after its town, or after its supporters.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
# Lowercase words results lines hold besides names and numbers ("83 and 174", "not out").
# A line with more lowercase words than numbers is prose, even when it reports a score.
_NAME = re.compile(
    r"(?<![\w.'’\-])(?:[A-Z][\w'’.\-&]*)(?:\s(?:of|de|the|and|&)?\s?[A-Z][\w'’.\-&]*)*"
)
_NUMBER = re.compile(r"(?<![\w.])[\d][\d.,:/\-]*(?![\w])|(?<![\w])\.\d+")
_LOWER = re.compile(r"(?<![\w'’\-])[a-z][a-z'’\-]*")
_AGAINST = frozenset({"v", "v.", "vs", "vs."})
# "P. Simmons", "A.de Silva": a person, the way scorecards name players.
_INITIALS = re.compile(r"^(?:[A-Z]\.\s?)+[A-Za-z]")
# Dates are numbers too, and never scores: "LONDON 1996-08-30", "Jan. 5, 2024".
_DATE = re.compile(r"^(?:\d{4}-\d\d-\d\d|1[89]\d\d|20\d\d)$")
_CALENDAR = word_set(
    """
    jan jan. january feb feb. february mar mar. march apr apr. april may jun jun. june jul
    jul. july aug aug. august sep sep. sept sept. september oct oct. october nov nov.
    november dec dec. december monday tuesday wednesday thursday friday saturday sunday
    """
)
_ACCOUNTS = re.compile(r"[$€£¥%]|\d,\d{3}\b|\b(?:pct|shrs|cts|mln|bln)\b")
_DATELINE_REST = re.compile(r"(?:,[\w .'’\-]+)?\s+(?:\d{4}-\d\d-\d\d|\()")
# A line needs two scores to be a results line: one number beside a name is a date,
# an age or a count as often.
MIN_SCORES = 2


def team_spans(text: str, found: Sequence[Tagged]) -> list[Tagged]:
    """`found` with the sides in results lines labelled ORG (added where untagged), and
    every other mention of those sides' names in the article too, datelines aside."""
    teams: set[tuple[int, int]] = set()
    for start, end in _sides(text):
        inside = [f for f in found if f[0] >= start and f[1] <= end]
        overlapping = [f for f in found if f[0] < end and f[1] > start]
        if any(f[2] == "PERSON" for f in overlapping) or _INITIALS.match(text[start:end]):
            continue
        if overlapping and not inside:
            continue  # the recogniser saw a longer name here; leave it be
        if all(f[2] in PLACE_LABELS for f in inside):
            teams.add((start, end))
    if not teams:
        return list(found)
    names = {text[s:e] for s, e in teams}
    kept = [f for f in found if not any(f[0] < e and f[1] > s for s, e in teams)]
    relabelled = [
        (s, e, "ORG")
        if label in PLACE_LABELS and text[s:e] in names and not _dateline(text, s, e)
        else (s, e, label)
        for s, e, label in kept
    ]
    return [*relabelled, *((s, e, "ORG") for s, e in teams)]


def _dateline(text: str, start: int, end: int) -> bool:
    # "NEW YORK 1996-08-30", "MOSCOW (Reuters) -": where the story was filed, a place.
    opens_line = start == 0 or text[start - 1] == "\n"
    return opens_line and bool(_DATELINE_REST.match(text, end))


def _sides(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the names in results lines that a score follows or "v" sets apart."""
    offset = 0
    for line in text.split("\n"):
        if _is_results_line(line):
            yield from ((offset + s, offset + e) for s, e in _line_sides(line))
        offset += len(line) + 1


def _is_results_line(line: str) -> bool:
    # Money, shares and thousands are accounts ("Revs 130 1,279", "Net loss $0.22"),
    # not scores.
    if _ACCOUNTS.search(line):
        return False
    numbers = sum(not _DATE.match(n) for n in _NUMBER.findall(line))
    lower = [w for w in _LOWER.findall(line)]
    against = sum(w in _AGAINST for w in lower)
    if against:
        return len(lower) - against <= 1
    return numbers >= MIN_SCORES and len(lower) < numbers and len(lower) <= 2


def _line_sides(line: str) -> Iterator[tuple[int, int]]:
    for match in _NAME.finditer(line):
        start, end = match.span()
        name = match.group()
        while name and name[-1] in ".-'’&":
            name = name[:-1]
            end -= 1
        if not name or name.lower() in _CALENDAR:
            continue
        after = line[end:].lstrip()
        before = line[:start].rstrip()
        score = re.match(r"\.?\d[\d.,:/\-]*", after)
        scored = score is not None and not _DATE.match(score.group())
        against = after.split(" ", 1)[0].lower() in _AGAINST or (
            before.rsplit(" ", 1)[-1].lower() in _AGAINST
        )
        if scored or against:
            yield start, end
