"""All-caps lines re-read in ordinary case, so the recogniser sees names as names.

Wire headlines, datelines and results tables are often set in capitals ("SOCCER - MILAN'S
LENTINI MOVES TO ATALANTA", "LONDON 1996-08-30"). A recogniser trained on ordinary text
takes every capitalised word for a name there, or none. The article itself says how each
word is written: a word the body spells "Lentini" is a name, one it spells "moves" is not.
Recasing keeps every character where it was, so offsets into the text stay valid.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

# A line shouts when this share of its words of two letters or more are in capitals.
SHOUTING_SHARE = 0.7
# A shouting line this short is a label, a dateline or a table row ("NEW YORK 74 58"):
# a word the article spells nowhere else is more likely a name there than in a headline
# written as a sentence, so it keeps an initial capital.
LABEL_MAX_WORDS = 3
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’.\-&](?=[^\W_]))*")
_VOWELS = frozenset("AEIOUY")


def reading_text(text: str) -> str:
    """`text` with its shouting lines in the case the article writes their words in
    elsewhere; the same length, character for character."""
    lines = text.split("\n")
    shouting = [_shouts(line) for line in lines]
    if not any(shouting):
        return text
    casing = _casing_of(line for line, loud in zip(lines, shouting, strict=True) if not loud)
    return "\n".join(
        _recased(line, casing) if loud else line for line, loud in zip(lines, shouting, strict=True)
    )


def _shouts(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if sum(c.isalpha() for c in w) >= 2]
    loud = sum(w.isupper() for w in words)
    return loud > 0 and loud >= SHOUTING_SHARE * len(words)


def _casing_of(lines: Iterable[str]) -> dict[str, str]:
    """Each word's likeliest spelling, by its uppercase form, from ordinary lines. A word
    that opens a sentence says nothing about its case, so it counts only when nothing
    else does."""
    inside: dict[str, Counter[str]] = {}
    opening: dict[str, Counter[str]] = {}
    for line in lines:
        previous_end = None
        for match in _WORD.finditer(line):
            word = match.group()
            before = line[previous_end : match.start()] if previous_end is not None else ""
            opens = previous_end is None or bool(re.search(r"[.!?:\"“]\s*$", before))
            table = opening if opens else inside
            table.setdefault(word.upper(), Counter())[word] += 1
            previous_end = match.end()
    casing = {key: forms.most_common(1)[0][0] for key, forms in opening.items()}
    casing.update({key: forms.most_common(1)[0][0] for key, forms in inside.items()})
    return casing


def _recased(line: str, casing: dict[str, str]) -> str:
    words = list(_WORD.finditer(line))
    label = len(words) <= LABEL_MAX_WORDS
    parts: list[str] = []
    position = 0
    for index, match in enumerate(words):
        word = match.group()
        parts.append(line[position : match.start()])
        parts.append(_word_case(word, casing, first=index == 0, label=label))
        position = match.end()
    parts.append(line[position:])
    return "".join(parts)


def _word_case(word: str, casing: dict[str, str], *, first: bool, label: bool) -> str:
    if not word.isupper():
        return word
    possessive = re.match(r"(.+?)(['’].*)", word)
    if possessive:
        # "MILAN'S": the article spells "Milan" once or more, rarely "Milan's".
        head, tail = possessive.groups()
        return _word_case(head, casing, first=first, label=label) + tail.lower()
    known = casing.get(word)
    if known is not None and len(known) == len(word):
        return _initial(known) if first else known
    if _acronym(word):
        return word
    if word.lower() in STOP_WORDS and not first:
        return word.lower()
    return _initial(word.lower()) if first or label else word.lower()


def _initial(word: str) -> str:
    return word[:1].upper() + word[1:]


def _acronym(word: str) -> bool:
    # "U.S.", "IMF", "UN": dotted, vowel-less or two letters that are no English word.
    letters = [c for c in word if c.isalpha()]
    if "." in word or not set(letters) & _VOWELS:
        return True
    return len(letters) <= 2 and word.lower() not in STOP_WORDS
