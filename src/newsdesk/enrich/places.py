"""Names the article shows to be places, whatever the recogniser took them for.

The recogniser tags many a prefecture or island as a group, the kind of nationalities,
religions and parties ("Ishikawa Governor Hiroshi Hase", "on Kyushu and Shikoku"), and a
room named like an office as a body ("Speaking in the Oval Office"). The article says
otherwise: it tags the same name a place elsewhere, names the place in full ("Ishikawa
Prefecture"), lists the name with places, or only ever puts things in the room. A
nationality word stays a group: "Korean" of "the Korean Peninsula" is no place.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from newsdesk.enrich.entities import INSTITUTION_WORDS, group_word
from newsdesk.enrich.kinds import (
    GEOGRAPHIC_HEADS,
    PLACE_NOUNS,
    Tagged,
    is_country,
)
from newsdesk.enrich.parsed import word_set

PLACE_LABELS = frozenset({"GPE", "LOC"})
# Last words of a place named in full after its own name: "Ishikawa Prefecture". A
# body's name may end so too ("Mexico City", a club's "Leicester City"): only a group's.
_PLACE_TAILS = GEOGRAPHIC_HEADS | PLACE_NOUNS | word_set("prefecture state")
# The same for a body's one-word name ("Ishikawa" tagged ORG beside "Ishikawa Prefecture"):
# the administrative and natural divisions only, which no company's name ends in.
_DIVISION_TAILS = GEOGRAPHIC_HEADS | word_set("prefecture province county state region")
# Titles of a place's own office: "Ishikawa Governor Hiroshi Hase" governs a place.
_LOCAL_OFFICES = word_set("governor governors mayor mayors")
# Rooms and grounds of a building, which are also the last words of some bodies' names
# ("Oval Office" beside "Foreign Office"): a room is where things happen, never who acts.
ROOM_HEADS = word_set("office room wing garden lawn")
# A name after one of these is where something is: "in the Oval Office", "at the East Room".
_WHERE_BEFORE = re.compile(r"\b(?:in|at|inside|outside|into) (?:the )?$", re.I)
_LISTED = re.compile(r",? (?:and|or) |, ")


def article_places(text: str, found: Sequence[Tagged]) -> list[Tagged]:
    """`found` with the groups the article shows to be places as places (GPE), a body
    named by a division's name without its last word too ("Ishikawa" beside "Ishikawa
    Prefecture"), and the rooms it only ever puts things in as facilities (FAC)."""
    places = _groups_that_are_places(text, found)
    divisions = {
        " ".join(words[:-1])
        for s, e, label in found
        if label in PLACE_LABELS
        and len(words := text[s:e].split()) >= 2
        and words[-1].lower() in _DIVISION_TAILS
    }
    rooms = _rooms(text, found)
    read = []
    for start, end, label in found:
        name = text[start:end]
        group = label == "NORP" and name in places
        if group or (label == "ORG" and " " not in name and name in divisions):
            label = "GPE"
        elif label in {"ORG", "FAC"} and name in rooms:
            label = "FAC"
        read.append((start, end, label))
    return read


def _groups_that_are_places(text: str, found: Sequence[Tagged]) -> set[str]:
    """Forms tagged a group that the article tags a place elsewhere, names in full as a
    place ("Ishikawa" of "Ishikawa Prefecture") or lists beside a place ("Kyushu and
    Shikoku") or before the title of its own office ("Ishikawa Governor"), or that name
    a country; never a creed or a plural, nor a nationality but by the first sign
    ("Republican Governor", "Korean" of "the Korean Peninsula")."""
    tagged_places = {text[s:e] for s, e, label in found if label in PLACE_LABELS}
    named_in_full = {
        " ".join(words[:-1])
        for s, e, label in found
        if label in PLACE_LABELS | {"FAC"}
        and len(words := text[s:e].split()) >= 2
        and words[-1].lower() in _PLACE_TAILS
    }
    listed: set[str] = set()
    ordered = sorted(found)
    for (s1, e1, l1), (s2, e2, l2) in pairwise(ordered):
        if not _LISTED.fullmatch(text[e1:s2]):
            continue
        if l1 == "NORP" and l2 in PLACE_LABELS:
            listed.add(text[s1:e1])
        elif l2 == "NORP" and l1 in PLACE_LABELS:
            listed.add(text[s2:e2])
    governed = {
        text[s:e]
        for s, e, label in found
        if label == "NORP" and text[e : e + 1] == " " and _next_word(text, e) in _LOCAL_OFFICES
    }
    groups = {text[s:e] for s, e, label in found if label == "NORP"}
    # The same form tagged a place says most: there a nationality's ending is a place's
    # too ("Miyazaki"); the other signs need a name without one.
    return {
        name
        for name in groups
        if is_country(name)
        or (name in tagged_places and not group_word(name, nationality=False))
        or (name in named_in_full | listed | governed and not group_word(name))
    }


def _next_word(text: str, end: int) -> str:
    after = text[end + 1 : end + 30].split(maxsplit=1)
    return after[0].lower() if after else ""


def _rooms(text: str, found: Sequence[Tagged]) -> set[str]:
    """Names of rooms the article only ever puts things in ("Speaking in the Oval
    Office"): a body of that shape ("the Foreign Office said") acts, and its qualifier
    is an institution's word."""
    where: dict[str, list[bool]] = defaultdict(list)
    for start, end, label in found:
        if label not in {"ORG", "FAC"}:
            continue
        name = text[start:end]
        words = name.lower().split()
        if len(words) < 2 or words[-1] not in ROOM_HEADS or set(words[:-1]) & INSTITUTION_WORDS:
            continue
        where[name].append(bool(_WHERE_BEFORE.search(text, max(0, start - 20), start)))
    return {name for name, placed in where.items() if all(placed)}
