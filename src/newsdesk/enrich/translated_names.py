"""Organisations of other nations as a Korean, Japanese or Chinese article names them
("조선중앙통신", "朝鮮中央通信" for the Korean Central News Agency), which no recogniser of
those languages reads: found in an article of a story whose English articles name the
organisation, where the written form reads word for word as the English name.

A form is read as a chain of parts, each a word of the lexicon of institution words
(`data/institution_words.txt`: 중앙 central, 通信 news agency, 庁 agency) or a proper name
written by sound (나토 NATO, 크렘린 Kremlin: `sound_names`' skeletons; 北陸 Hokuriku, 上海
Shanghai: their Japanese or pinyin reading). The chain names an organisation when its parts
give the English name's words and no other, leaving out at most a place the article's own
country needs not say ("気象庁" for the Japan Meteorological Agency); a single part only
when it gives the whole name. Taken only where one of the story's organisations fits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsdesk.enrich.character_names import JAPANESE
from newsdesk.enrich.foreign import KOREAN, KOREAN_PARTICLES
from newsdesk.enrich.kinds import lexicon
from newsdesk.enrich.romanise import (
    chinese_reading,
    hangul_readings,
    japanese_reading,
    kana_reading,
)
from newsdesk.enrich.sound_names import (
    CHINESE,
    english_skeleton,
    placed_mentions,
    sounds_alike,
    written_skeleton,
)
from newsdesk.types import MentionDraft

TRANSLATED_LANGUAGES = frozenset({KOREAN, JAPANESE, CHINESE})
# The country an article in each language may leave unsaid: a Japanese article's 気象庁 is
# Japan's, a Korean article's 외교부 (South) Korea's, not another country's ministry.
_HOME = {KOREAN: "korea", JAPANESE: "japan", CHINESE: "china"}
# A name read by sound alone is a weak part: it must be this long in consonants, or an
# acronym read as a word (나토, NATO).
MIN_SOUND_SKELETON = 4
# Words an English organisation's name holds that no other script writes.
_FILLER = frozenset({"of", "the", "and", "for", "on", "in", "co", "inc", "corp", "ltd", "&"})
# What may stand between two parts of one name: Korean spaces its words, Japanese may dot.
_JOINS = ("", " ", "・")
_SCRIPT_RUN = {
    KOREAN: re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*"),
    JAPANESE: re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u30a1-\u30fa\u30fc・]+"),
    CHINESE: re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff·]+"),
}
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_LONGEST_PART = 8


@dataclass(frozen=True)
class InstitutionWords:
    """The lexicon: each form with the English word groups it may stand for, and which
    English words are places an article may leave out."""

    forms: dict[str, tuple[frozenset[str], ...]]
    places: tuple[frozenset[str], ...]

    def home(self, language: str) -> frozenset[str]:
        """The words of the country an article in `language` may leave unsaid."""
        return next((p for p in self.places if _HOME.get(language) in p), frozenset())


@cache
def institution_words() -> InstitutionWords:
    """The lexicon of institution words, read once."""
    forms: dict[str, list[frozenset[str]]] = {}
    places: list[frozenset[str]] = []
    for line in lexicon("institution_words"):
        english, _, written = line.partition(":")
        place = english.startswith("*")
        meanings = [
            frozenset(english_words(alternative))
            for alternative in english.lstrip("*").split(" / ")
        ]
        if place:
            places.append(frozenset().union(*meanings))
        for form in written.split():
            forms.setdefault(form, []).extend(meanings)
    return InstitutionWords({f: tuple(m) for f, m in forms.items()}, tuple(places))


def english_words(name: str) -> list[str]:
    """An English organisation's name as the words compared: lower case, without the
    words no other script writes ("Hokuriku Electric Power Co.": hokuriku electric power)."""
    words = re.findall(r"[\w'.-]+", name.lower())
    return [
        w for w in (w.strip(".") if w.count(".") == 1 else w for w in words) if w not in _FILLER
    ]


@dataclass(frozen=True)
class _Organisation:
    entity_id: int
    words: frozenset[str]
    acronym: bool


@dataclass(frozen=True)
class _Part:
    end: int
    meanings: tuple[frozenset[str], ...]
    by_sound: bool


def sibling_organisations(
    text: str,
    language: str,
    sentences: Sequence[tuple[int, int]],
    organisations: Sequence[tuple[int, str]],
    taken: Sequence[tuple[int, int]] = (),
) -> list[tuple[MentionDraft, int]]:
    """Mentions, with the entity id each names, of the `organisations` (id, English name)
    of a story that an article of it in Korean, Japanese or Chinese writes word for word;
    none overlapping the spans already `taken`, and none for a form two of them fit."""
    run_pattern = _SCRIPT_RUN.get(language)
    known = [_organisation(i, n) for i, n in organisations]
    known = [o for o in known if o.words]
    if run_pattern is None or not known:
        return []
    found: dict[str, int] = {}
    for run in run_pattern.finditer(text):
        for start, end, entity_id in _names_in(run.group(), language, known):
            found.setdefault(run.group()[start:end], entity_id)
    # Longer forms first, so that a form inside a longer one is not taken apart.
    spans = [
        (*match.span(), entity_id)
        for surface, entity_id in sorted(found.items(), key=lambda f: -len(f[0]))
        for match in re.finditer(re.escape(surface), text)
        if _whole(text, *match.span(), language)
    ]
    return placed_mentions(text, spans, "ORG", sentences, taken)


def _organisation(entity_id: int, name: str) -> _Organisation:
    words = frozenset(english_words(name))
    # An acronym said as a word (NATO, 나토) has vowels; one spelled out (NHK) is not
    # written by its sound.
    acronym = name.isupper() and len(words) == 1 and bool(re.search("[AEIOU]", name))
    return _Organisation(entity_id, words, acronym)


def _names_in(run: str, language: str, known: list[_Organisation]) -> list[tuple[int, int, int]]:
    # Every chain of parts from every start, longest first; a span inside one taken is
    # not read again.
    spans: list[tuple[int, int, int]] = []
    for start in range(len(run)):
        if language == KOREAN and start and run[start - 1] != " ":
            continue  # a Korean name starts a word
        if any(a <= start < b for a, b, _ in spans):
            continue
        best = None
        for end, chain in _chains(run, start, language, known):
            entity_id = _named(chain, language, known)
            if entity_id is not None and (best is None or end > best[1]):
                best = (start, end, entity_id)
        if best is not None:
            spans.append(best)
    return spans


def _chains(
    run: str, start: int, language: str, known: list[_Organisation]
) -> list[tuple[int, list[_Part]]]:
    chains: list[tuple[int, list[_Part]]] = []
    pending: list[tuple[int, list[_Part]]] = [(start, [])]
    while pending:
        position, chain = pending.pop()
        for part in _parts(run, position, language, known):
            longer = [*chain, part]
            chains.append((part.end, longer))
            if len(longer) < 6:
                for join in _JOINS:
                    if join and run.startswith(join, part.end):
                        pending.append((part.end + len(join), longer))
                    elif not join and part.end < len(run) and run[part.end] not in " ・":
                        pending.append((part.end, longer))
    return chains


def _parts(run: str, position: int, language: str, known: list[_Organisation]) -> list[_Part]:
    words = institution_words()
    parts = [
        _Part(position + length, words.forms[run[position : position + length]], False)
        for length in range(1, _LONGEST_PART + 1)
        if run[position : position + length] in words.forms
    ]
    return parts + _sound_parts(run, position, language, known)


def _sound_parts(run: str, position: int, language: str, known: list[_Organisation]) -> list[_Part]:
    # A proper name inside an organisation's name, read by sound or by its characters'
    # reading; only as a word one of the story's organisations holds.
    wanted = {w for o in known for w in o.words}
    acronyms = {w for o in known if o.acronym for w in o.words}
    parts = []
    for length in range(2, _LONGEST_PART + 1):
        piece = run[position : position + length]
        if len(piece) < length or not piece.isalpha():
            break
        for word in _sounded(run, position, piece, language, wanted, acronyms):
            parts.append(_Part(position + length, (frozenset({word}),), True))
    return parts


def _sounded(
    run: str, position: int, piece: str, language: str, wanted: set[str], acronyms: set[str]
) -> list[str]:
    # A name in katakana is the whole run: "マグ" of "マグニチュード" is none.
    if _KATAKANA.fullmatch(piece) and (
        _KATAKANA.match(run, position + len(piece))
        or (position and _KATAKANA.match(run[position - 1]))
    ):
        return []
    if _HANGUL.fullmatch(piece) or _KATAKANA.fullmatch(piece):
        reading = (
            "".join(hangul_readings(c)[0] for c in piece)
            if _HANGUL.fullmatch(piece)
            else kana_reading(piece)
        )
        skeleton = written_skeleton(reading)
        # Skeletons alike and the same first letter (전쟁, "jeonjaeng", is no Samsung); an
        # acronym said as a word is written letter for letter (나토 NATO, not 노토 Noto).
        said = re.sub(r"(.)\1+", r"\1", reading)
        return [
            w
            for w in wanted
            if (said == w if w in acronyms else sounds_alike(english_skeleton(w), skeleton))
            and reading[:1] == w[:1]
        ]
    if _KATAKANA.search(piece) or _HANGUL.search(piece):
        return []
    readings = {"".join(r[0] for r in chinese_reading(piece) if r)}
    if language == JAPANESE:
        readings.add("".join(japanese_reading(piece)))
    return [w for w in wanted if w in readings]


def _named(chain: list[_Part], language: str, known: list[_Organisation]) -> int | None:
    words = institution_words()
    places = frozenset().union(*words.places)
    home = words.home(language)
    fitting = []
    for organisation in known:
        covered = _cover(chain, organisation.words)
        if covered is None:
            continue
        missing = organisation.words - covered
        if len(chain) == 1:
            whole = not missing and (
                not chain[0].by_sound
                or organisation.acronym
                or len(english_skeleton(next(iter(covered)))) >= MIN_SOUND_SKELETON
            )
            if not whole:
                continue
        elif missing - home or not covered - places:
            continue
        fitting.append(organisation.entity_id)
    return fitting[0] if len(set(fitting)) == 1 else None


def _cover(chain: list[_Part], words: frozenset[str]) -> frozenset[str] | None:
    # Each part stands for one of its meanings, all inside the name, no two the same.
    covered: set[str] = set()
    for part in chain:
        meaning = next((m for m in part.meanings if m <= words and not m & covered), None)
        if meaning is None:
            return None
        covered |= meaning
    return frozenset(covered)


def _whole(text: str, start: int, end: int, language: str) -> bool:
    # A Korean form is whole words, a particle after it; Japanese and Chinese write none.
    if language != KOREAN:
        return True
    if start and _HANGUL.match(text[start - 1]):
        return False
    rest = _HANGUL.match(text, end)
    return rest is None or rest.group() in KOREAN_PARTICLES
