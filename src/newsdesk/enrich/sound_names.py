"""People of other nations written by sound in Hangul, kana or Chinese characters
("라브로프", "ラブロフ", "拉夫罗夫" for Lavrov), which no recogniser of those languages reads:
found in an article of a story whose English articles name the person, where the written
form and the English name sound alike.

Sounds are compared as consonant skeletons, the vowels dropped (loan words add vowels of
their own: the "eu" of "라브로프", the "u" of "ラブロフ"), with the mappings the three
languages use for sounds they lack folded together: l and r, b v p and f, an h for an f
(Japanese "Fumio" is "후미오"). A skeleton is weak evidence, so a form is taken only where
one of the story's people fits it, and only as a full name (given and family name side by
side) or as a family name beside a title ("라브로프 장관", "总统特朗普", "ラブロフ外相").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.enrich.character_names import CHINESE_TITLE, JAPANESE, JAPANESE_TITLE
from newsdesk.enrich.foreign import KOREAN, KOREAN_PARTICLES, KOREAN_TITLE
from newsdesk.enrich.names import name_parts
from newsdesk.enrich.romanise import chinese_reading, hangul_readings, kana_reading
from newsdesk.types import MentionDraft

CHINESE = "zh"
SOUND_LANGUAGES = frozenset({KOREAN, JAPANESE, CHINESE})
# Shorter skeletons ("N", "S") fit too many words of any language.
MIN_SKELETON = 2

# Latin spellings as consonant classes, longest spellings first: S for the sibilants and
# affricates (Korean ㅈ writes both z and j), L for l and r, N for the nasals, P for b, v
# and p, F for an English f (which a Korean h may write), K, T, H.
_ENGLISH_SOUNDS = (
    ("sch", "S"), ("sh", "S"), ("ch", "S"), ("zh", "S"), ("ts", "S"), ("tz", "S"),
    ("kh", "K"), ("gh", "K"), ("ck", "K"), ("qu", "K"), ("th", "T"), ("ph", "F"),
    ("ng", "N"), ("x", "KS"), ("q", "K"), ("c(?=[eiy])", "S"), ("c", "K"),
    ("h(?![aeiou])", ""),
)  # fmt: skip
# Romanised Hangul, Hepburn and pinyin: their x, q and c are sibilants, their f a p.
_WRITTEN_SOUNDS = (
    ("sh", "S"), ("ch", "S"), ("zh", "S"), ("ts", "S"), ("ng", "N"), ("x", "S"), ("q", "S"),
    ("c", "S"), ("f", "P"),
)  # fmt: skip
_LETTERS = (
    ("[sjz]", "S"), ("[kg]", "K"), ("[td]", "T"), ("[bpv]", "P"), ("f", "F"), ("[lr]", "L"),
    ("[mn]", "N"), ("h", "H"),
)  # fmt: skip

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc]+")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# What joins a given name to a family name in each script: a space, or a middle dot.
_NAME_JOINS = frozenset({" ", "・", "·", "‧", "•"})
# Japanese writes a foreigner's country before the title ("ラブロフ露外相", "米大統領").
_JAPANESE_COUNTRY = re.compile("[露米中韓朝英仏独伊印]")
_CHINESE_TITLE_BEFORE = re.compile(f"(?:{CHINESE_TITLE.pattern})$")


@lru_cache(maxsize=65536)
def english_skeleton(word: str) -> str:
    """The consonant classes of a name as English spells it ("Lavrov": LPLP)."""
    return _skeleton(word, _ENGLISH_SOUNDS)


def _skeleton(latin: str, spellings: tuple[tuple[str, str], ...]) -> str:
    s = re.sub(r"[^a-z]", "", latin.lower())
    s = re.sub(r"(.)\1+", r"\1", s)  # "Rutte", "Abbas"
    for spelling, sound in (*spellings, *_LETTERS):
        s = re.sub(spelling, sound, s)
    # One sound written twice with no vowel between: romanised Hangul's "lr" of 블라.
    s = re.sub(r"([A-Z])\1+", r"\1", s)
    return re.sub(r"[a-z]", "", s)


def written_skeleton(latin: str) -> str:
    """The consonant classes of a romanised Hangul, kana or pinyin form ("rabeuropeu": LPLP)."""
    return _skeleton(latin, _WRITTEN_SOUNDS)


def sounds_alike(english: str, written: str) -> bool:
    """Whether an English skeleton and a written form's skeleton may be one name: the
    same classes, an English f written as p or h."""
    return len(english) == len(written) and all(
        e == w or (e == "F" and w in "PH") for e, w in zip(english, written, strict=True)
    )


@dataclass(frozen=True)
class _Person:
    entity_id: int
    family: str
    given: tuple[str, ...]


@dataclass(frozen=True)
class _Form:
    start: int
    end: int
    skeleton: str


def sibling_mentions(
    text: str,
    language: str,
    sentences: Sequence[tuple[int, int]],
    people: Sequence[tuple[int, str]],
    taken: Sequence[tuple[int, int]] = (),
) -> list[tuple[MentionDraft, int]]:
    """Mentions, with the entity id each names, of the `people` (id, English name) of a
    story that an article of it in Korean, Japanese or Chinese writes by sound; none
    overlapping the spans already `taken` by its other mentions, and none for a form
    that two of the people fit."""
    if language not in SOUND_LANGUAGES:
        return []
    persons = [p for p in (_person(i, n) for i, n in people) if p is not None]
    forms = _forms(text, language)
    if not persons or not forms:
        return []
    found: dict[str, int] = {}
    named_at: set[int] = set()
    for index, form in enumerate(forms):
        if form.start in named_at:
            continue  # a longer form at the same place: the name with its particle
        fitting = _fitting(persons, form.skeleton)
        if len(fitting) != 1 or not sounds_alike(fitting[0].family, form.skeleton):
            continue
        person = fitting[0]
        named_at.add(form.start)
        full = _full_name(text, forms, index, person)
        if full is not None:
            found.setdefault(text[full[0] : full[1]], person.entity_id)
            found.setdefault(text[form.start : form.end], person.entity_id)
        elif _titled(text, form, language):
            found.setdefault(text[form.start : form.end], person.entity_id)
    return placed_mentions(text, _occurrences(text, found, forms), "PERSON", sentences, taken)


def placed_mentions(
    text: str,
    spans: Sequence[tuple[int, int, int]],
    label: str,
    sentences: Sequence[tuple[int, int]],
    taken: Sequence[tuple[int, int]] = (),
) -> list[tuple[MentionDraft, int]]:
    """Mentions labelled `label` of the (start, end, entity id) `spans`, earlier spans first
    where two overlap and none overlapping `taken`; in text order."""
    mentions: list[tuple[MentionDraft, int]] = []
    used = list(taken)
    for start, end, entity_id in spans:
        if any(start < b and a < end for a, b in used):
            continue
        used.append((start, end))
        sentence = next((i for i, (a, b) in enumerate(sentences) if a <= start < b), 0)
        mentions.append((MentionDraft(text[start:end], label, start, end, sentence), entity_id))
    return sorted(mentions, key=lambda m: m[0].start)


def _person(entity_id: int, name: str) -> _Person | None:
    # East Asian names are read from their own script by the recognisers; only names the
    # English press writes given name first are sought by sound.
    parts = name_parts(name)
    if parts.family_first or parts.native or not parts.family:
        return None
    family = english_skeleton(parts.family)
    if len(family) < MIN_SKELETON:
        return None
    given = tuple(english_skeleton(g) for g in parts.given if len(g) > 1)
    return _Person(entity_id, family, tuple(g for g in given if g))


def _fitting(persons: list[_Person], skeleton: str) -> list[_Person]:
    # A form one person's family name fits and another's given name is no one's for sure.
    return [
        p
        for p in persons
        if sounds_alike(p.family, skeleton) or any(sounds_alike(g, skeleton) for g in p.given)
    ]


def _full_name(
    text: str, forms: list[_Form], index: int, person: _Person
) -> tuple[int, int] | None:
    # A given name just before the family name, or just after it (Korean and Chinese
    # write a Japanese name family first: "기시다 후미오").
    form = forms[index]
    for other in forms:
        if other.end < form.start and text[other.end : form.start] in _NAME_JOINS:
            first, last = other, form
        elif form.end < other.start and text[form.end : other.start] in _NAME_JOINS:
            first, last = form, other
        else:
            continue
        if any(sounds_alike(g, other.skeleton) for g in person.given):
            return first.start, last.end
    return None


def _titled(text: str, form: _Form, language: str) -> bool:
    after = text[form.end : form.end + 12]
    if language == KOREAN:
        rest = text[form.end :]
        word = _HANGUL_WORD.match(rest.removeprefix(" ")) if rest.startswith(" ") else None
        return word is not None and KOREAN_TITLE.match(word.group()) is not None
    if language == JAPANESE:
        after = after[1:] if _JAPANESE_COUNTRY.match(after) else after
        return JAPANESE_TITLE.match(after) is not None or after.startswith(("さん", "氏"))
    return bool(
        _CHINESE_TITLE_BEFORE.search(text[max(0, form.start - 8) : form.start])
        or CHINESE_TITLE.match(after)
    )


def _forms(text: str, language: str) -> list[_Form]:
    """The spans of an article that may write a name by sound, with their skeletons:
    Hangul words (without a closing particle), katakana runs, runs of two to six Chinese
    characters."""
    forms: list[_Form] = []
    if language == KOREAN:
        for word in _HANGUL_WORD.finditer(text):
            ends = {word.end()} | {
                word.end() - len(p)
                for p in KOREAN_PARTICLES
                if word.group().endswith(p) and len(word.group()) > len(p)
            }
            for end in sorted(ends):
                reading = "".join(hangul_readings(ch)[0] for ch in text[word.start() : end])
                forms.append(_Form(word.start(), end, written_skeleton(reading)))
    elif language == JAPANESE:
        for run in _KATAKANA_RUN.finditer(text):
            forms.append(_Form(run.start(), run.end(), written_skeleton(kana_reading(run.group()))))
    else:
        for run in _HAN_RUN.finditer(text):
            readings = [r[0] if r else "" for r in chinese_reading(run.group())]
            for start in range(len(readings)):
                for end in range(start + 2, min(len(readings), start + 6) + 1):
                    reading = "".join(readings[start:end])
                    forms.append(
                        _Form(run.start() + start, run.start() + end, written_skeleton(reading))
                    )
    return [f for f in forms if len(f.skeleton) >= MIN_SKELETON]


def _occurrences(
    text: str, found: dict[str, int], forms: list[_Form]
) -> list[tuple[int, int, int]]:
    # Every place the article writes a form it was seen to name someone by, full names
    # before the family names inside them.
    bounds = {(f.start, f.end) for f in forms}
    spans = {
        (m.start(), m.end(), entity_id)
        for surface, entity_id in found.items()
        for m in re.finditer(re.escape(surface), text)
        if set(surface) & _NAME_JOINS or (m.start(), m.end()) in bounds
    }
    return sorted(spans, key=lambda s: (s[0] - s[1], s[0]))
