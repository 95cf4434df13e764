"""Bylines, credits and photo credits: lines of an article that say who made it, not what happened.

"By MARIA KOVAL, Associated Press", "Herald wire desk", "Reporting by Leo Grant; Editing
by ..." and the "(Reuters)" of a dateline name the people and agencies that wrote the
story. They are not in the news, so nothing in them is a mention of anyone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.enrich.parsed import word_set

# Wire services whose names follow a reporter's in a credit ("KIM TAE-HO, Associated Press").
WIRE_SERVICES = (
    "Associated Press",
    "AP",
    "Reuters",
    "AFP",
    "Agence France-Presse",
    "Bloomberg",
    "Kyodo",
    "Kyodo News",
    "Yonhap",
    "Xinhua",
    "Tass",
    "TASS",
    "dpa",
    "UPI",
    "EFE",
    "ANSA",
)
# Words that end a newsroom credit line ("Herald wire desk", "By Eastbridge Times staff").
_CREDIT_WORDS = word_set(
    """
    staff desk correspondent correspondents reporter reporters writer writers editor
    editors newsroom bureau
    """
)
# A credit is a short line: a sentence of the story that starts "By the time" is not one.
MAX_CREDIT_WORDS = 14
Span = tuple[int, int]
_WIRE = "|".join(re.escape(w) for w in sorted(WIRE_SERVICES, key=len, reverse=True))
_WIRE_ALONE = re.compile(rf"^\s*\(?(?:{_WIRE})\)?\s*$")
_BYLINE = re.compile(r"^\s*By\s+[A-Z][^.!?]*$")
_REPORTER_AND_WIRE = re.compile(rf"^\s*[A-Z][\w.'’\- ]+,\s+(?:{_WIRE})\s*$")
_CREDIT_LEAD = re.compile(
    r"^\s*\(?\s*(?:(?:Additional\s+)?[Rr]eporting|Editing|Writing|Compiled|Photo(?:graph)?s?|"
    r"Image|Credit|Video)\b(?:\s+by\b|:)"
)
# "MOSCOW (Reuters) -", "SEOUL, South Korea (AP) —": the agency of a dateline.
_DATELINE_CREDIT = re.compile(rf"^[A-Z][A-Z .'’\-]+(?:,[\w .'’\-]+)?\s\(((?:{_WIRE}))\)\s*[-—–]")


# "REUTERS/Valentyn Ogirenko/File Photo", "© Thomson Reuters 2025": credits that pages
# leave inside the text they glue captions to.
_INLINE_CREDIT = re.compile(
    r"\b[A-Z]{2,}/[A-Z][a-z][\w'’\-]*(?: [A-Z][\w'’\-]*){1,2}(?:/(?:File|Pool)(?: Photo)?)?"
    r"|(?:©|\(c\)|\bCopyright\b)[^.\n]*"
)


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the credits in an article: whole credit lines, the agency in
    parentheses after a dateline, and photo credits and copyright notices in running text."""
    spans = []
    for credit in _INLINE_CREDIT.finditer(text):
        spans.append(credit.span())
        if "/" in credit.group():
            # The photo's caption is the sentence just before its credit ("A launcher of
            # a Patriot system is seen ... 2024. REUTERS/Valentyn Ogirenko/File Photo").
            spans.append((_sentence_start(text, credit.start()), credit.start()))
    offset = 0
    for line in text.split("\n"):
        if is_credit_line(line):
            spans.append((offset, offset + len(line)))
        else:
            dateline = _DATELINE_CREDIT.match(line)
            if dateline:
                spans.append((offset + dateline.start(1), offset + dateline.end(1)))
        offset += len(line) + 1
    return spans


# "By" opening a byline; the names after it are the reporters', listed with "and" or commas.
_BY = re.compile(r"\bBy\s+$")
_LISTED = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)")


def byline_names(text: str, credits: Sequence[Span], people: Sequence[Span]) -> set[int]:
    """Indexes of `people` (person names as offsets, in order) that a byline glued into
    running text names: "... /File Photo By Steve Holland and Trevor Hunnicutt U.S.
    President Donald Trump said", where the byline line broke when the page was flattened.
    A "By" counts where it opens a line or follows a credit, never inside a sentence."""
    ends = {e for _, e in credits}
    taken: set[int] = set()
    for index, (start, _) in enumerate(people):
        by = _BY.search(text, max(0, start - 6), start)
        if by is None or index in taken:
            continue
        before = text[: by.start()].rstrip(" ")
        if before and not before.endswith("\n") and len(before) not in ends:
            continue
        taken.add(index)
        # The reporters listed after the first: "Steve Holland and Trevor Hunnicutt".
        following = index
        while following + 1 < len(people):
            gap = text[people[following][1] : people[following + 1][0]]
            if not _LISTED.fullmatch(gap):
                break
            following += 1
            taken.add(following)
    return taken


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence ending just before `end` starts: after the previous line break or
    full stop followed by a space."""
    body = text[:end].rstrip()
    boundary = max(
        body.rfind("\n"), *(body.rfind(mark, 0, len(body) - 1) for mark in (". ", "? ", "! "))
    )
    if boundary < 0:
        return 0
    return boundary + (1 if text[boundary] == "\n" else 2)


def is_credit_line(line: str) -> bool:
    """Whether a line of an article is a byline, a credit or a photo credit."""
    words = line.split()
    if not words or len(words) > MAX_CREDIT_WORDS:
        return False
    if _BYLINE.match(line) or _REPORTER_AND_WIRE.match(line) or _CREDIT_LEAD.match(line):
        return True
    # "Associated Press" alone on the line between headline and lead: the story's credit.
    if _WIRE_ALONE.match(line):
        return True
    return len(words) <= MAX_CREDIT_WORDS // 2 and words[-1].lower() in _CREDIT_WORDS
