"""Names in articles not in English: Russian read by natasha's news NER (its model ships
inside the package), each entity named by its nominative form ("Сергеем Лавровым" is
Сергей Лавров), so resolution meets it under its English spellings through `romanise`;
Korean people by the shape of a Korean name (a family name and two syllables) where the
article gives it a title ("최선희 외무상"), and then wherever it repeats that name;
Japanese and Chinese people likewise, by a title beside a name in characters
(`character_names`). A Russian "person" in the genitive after a place noun ("площади Ким
Ир Сена") is the place named after the person, and a word opening a sentence that the
article writes in lowercase elsewhere ("Делегации" beside "делегацию") is no name.

Only the languages with a shipped recogniser are read; the rest keep their note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from newsdesk.enrich.character_names import character_names, reads_character_names
from newsdesk.enrich.names import compatible_names, name_parts, word_set
from newsdesk.enrich.romanise import cyrillic_korean_syllable
from newsdesk.types import LocalEntity, MentionDraft, Sentence

# natasha's labels in spaCy's words, as the rest of enrichment knows them.
_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
RUSSIAN = "ru"
KOREAN = "ko"
# The commonest Korean family names, which cover nearly every Korean in the news.
_KOREAN_FAMILIES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민"
    "진나엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용리렴로룡"
)
# Titles a Korean article sets after a name at its first mention.
KOREAN_TITLE = re.compile(
    "국무위원장|위원장|총비서|대통령|총리|외무상|외무장관|장관|부부장|대변인|의원|대사|"
    "주석|사무총장|총장|비서실장|실장|대표|의장|부장|국장|차관|여사"
)
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# Korean particles that close a word after a name ("라브로프와", "트럼프는"), longest first.
KOREAN_PARTICLES = sorted(
    word_set(
        "은 는 이 가 을 를 의 와 과 도 에 에게 에게서 에서 로 으로 와의 과의 와는 과는 께 께서 만"
        " 까지 부터 처럼 보다 이라고 라고 측 씨"
    ),
    key=len,
    reverse=True,
)
# Russian nouns of places named after a person, who stands after them in the genitive
# ("площадь Ким Ир Сена", "улица Ленина", "аэропорт имени Шереметьева"): the name there
# is the place's, not the person's.
_RUSSIAN_PLACE_NOUNS = frozenset(
    {
        *("площадь", "улица", "проспект", "переулок", "бульвар", "набережная", "шоссе"),
        *("аллея", "проезд", "сквер", "парк", "мост", "аэропорт", "вокзал", "станция"),
        *("стадион", "мавзолей", "район"),
    }
)
_NAMED_AFTER = frozenset({"имени", "им."})
_SENTENCE_END = re.compile(r"[.!?:\"«»—–]\s+$")


@dataclass(frozen=True)
class _Russian:
    segmenter: Any
    morph: Any
    ner: Any
    vocabulary: Any


@lru_cache(maxsize=1)
def russian() -> _Russian:
    """natasha's segmenter, morphology and NER, loaded once per process (a few seconds)."""
    # Imported here: English-only processes need not pay natasha's half-second import.
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return _Russian(Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab())


def reads_names(language: str) -> bool:
    """Whether names are recognised in text of this language other than English."""
    return language in (RUSSIAN, KOREAN) or reads_character_names(language)


def foreign_names(
    text: str, language: str
) -> tuple[list[Sentence], list[MentionDraft], list[LocalEntity]]:
    """Sentences, named-entity mentions and the article's entities of a text in `language`
    (see `reads_names`); nothing for a language without a recogniser."""
    if not reads_names(language):
        return [], [], []
    if language == KOREAN:
        return _korean_names(text)
    if reads_character_names(language):
        return character_names(text, language)
    from natasha import Doc

    models = russian()
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(models.morph)
    doc.tag_ner(models.ner)
    sentences = [Sentence(s.start, s.stop) for s in doc.sents]
    lowercase = _lowercase_lemmas(doc.tokens, models.vocabulary)
    mentions: list[MentionDraft] = []
    names: list[str] = []
    for span in doc.spans:
        index = next((i for i, s in enumerate(sentences) if s.start <= span.start < s.end), 0)
        if _common_word(text, span, lowercase, models.vocabulary):
            continue
        place = _named_place(doc.tokens, span, models.vocabulary) if span.type == "PER" else None
        if place is not None:
            start, stop, name = place
            mentions.append(MentionDraft(text[start:stop], "FAC", start, stop, index))
            names.append(name)
            continue
        span.normalize(models.vocabulary)
        mentions.append(MentionDraft(span.text, _LABELS[span.type], span.start, span.stop, index))
        name = span.normal or span.text
        names.append(korean_nominative(name) if span.type == "PER" else name)
    return sentences, mentions, _entities(mentions, names)


# Russian case endings a Korean name takes on its last syllable when that ends in a
# consonant ("Ким Чен Ына", "Ким Чен Ыну", "Ким Чен Ыном", "Ким Чен Ыне"), longest first.
_RUSSIAN_CASE_ENDINGS = ("ом", "ем", "а", "у", "е", "я", "ю")


def korean_nominative(name: str) -> str:
    """A Korean name in Cyrillic with its last syllable in the nominative ("Ким Чен Ына":
    Ким Чен Ын), which natasha's dictionary does not know to decline; other names as given."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return name
    *first, last = words
    if cyrillic_korean_syllable(last) is not None:
        return name
    if not all(cyrillic_korean_syllable(w) is not None for w in first):
        return name
    for ending in _RUSSIAN_CASE_ENDINGS:
        stem = last.removesuffix(ending)
        if stem != last and cyrillic_korean_syllable(stem) is not None:
            return " ".join((*first, stem))
    return name


def _lowercase_lemmas(tokens: list[Any], vocabulary: Any) -> set[str]:
    words = [t for t in tokens if t.text[:1].islower()]
    for token in words:
        token.lemmatize(vocabulary)
    return {t.lemma for t in words}


def _common_word(text: str, span: Any, lowercase: set[str], vocabulary: Any) -> bool:
    """Whether a one-word name opening a line or a sentence is a word the article elsewhere
    writes in lowercase ("Делегации России ..." beside "делегацию"): capitalised only by
    its place."""
    before = text[max(0, span.start - 3) : span.start]
    opens = span.start == 0 or before.endswith("\n") or bool(_SENTENCE_END.search(before))
    if len(span.tokens) != 1 or not opens:
        return False
    token = span.tokens[0]
    token.lemmatize(vocabulary)
    return token.lemma.lower() in lowercase


def _named_place(tokens: list[Any], span: Any, vocabulary: Any) -> tuple[int, int, str] | None:
    """The place a person's name names ("площади Ким Ир Сена" is Kim Il Sung Square), as
    its offsets and its name with the noun in the nominative, or None for the person:
    the name stands in the genitive (or after "имени") just after a place noun, or just
    before one."""
    first = next(i for i, t in enumerate(tokens) if t.start == span.tokens[0].start)
    last = first + len(span.tokens) - 1
    genitive = span.tokens[-1].feats.get("Case") == "Gen"
    before = first - 1
    named_after = before >= 0 and tokens[before].text.lower() in _NAMED_AFTER
    if named_after:
        before -= 1
    if before >= 0 and (genitive or named_after) and _place_noun(tokens[before], vocabulary):
        noun = tokens[before]
        between = " ".join(t.text for t in tokens[before + 1 : first])
        name = " ".join(w for w in (noun.lemma, between, span.text) if w)
        return noun.start, span.stop, name
    after = last + 1
    if genitive and after < len(tokens) and _place_noun(tokens[after], vocabulary):
        noun = tokens[after]
        return span.start, noun.stop, f"{span.text} {noun.lemma}"
    return None


def _place_noun(token: Any, vocabulary: Any) -> bool:
    if token.pos != "NOUN":
        return False
    token.lemmatize(vocabulary)
    return token.lemma in _RUSSIAN_PLACE_NOUNS


def _korean_names(text: str) -> tuple[list[Sentence], list[MentionDraft], list[LocalEntity]]:
    # A name of Korean shape is taken only beside a title: a family-name syllable opens
    # many a common word (한반도, 정부가), which a title never follows.
    sentences = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^.?!\n]+[.?!]*", text)]
    words = list(_HANGUL_WORD.finditer(text))
    titled = {
        word.group()
        for word, after in pairwise(words)
        if _korean_shape(word.group())
        and text[word.end() : after.start()] == " "
        and KOREAN_TITLE.match(after.group())
    }
    mentions: list[MentionDraft] = []
    names: list[str] = []
    for word in words:
        name = next((n for n in titled if word.group().startswith(n)), None)
        if name is not None:
            index = next((i for i, s in enumerate(sentences) if s.start <= word.start() < s.end), 0)
            mentions.append(
                MentionDraft(name, "PERSON", word.start(), word.start() + len(name), index)
            )
            names.append(name)
    return sentences, mentions, _entities(mentions, names)


def story_korean_names(
    text: str,
    sentences: Sequence[tuple[int, int]],
    people: Sequence[tuple[int, str]],
    taken: Sequence[tuple[int, int]] = (),
) -> list[tuple[MentionDraft, int]]:
    """Mentions, with the entity id each names, of the Korean `people` (id, English name
    written family name first, "Chang Ho-jin") of a story that its Korean article names in
    Hangul without a title ("장호진"): a word of a name's shape whose spellings are those of
    exactly one of them; none overlapping the spans already `taken`."""
    korean = [(i, n) for i, n in people if name_parts(n).family_first]
    mentions: list[tuple[MentionDraft, int]] = []
    used = list(taken)
    for word in _HANGUL_WORD.finditer(text) if korean else ():
        # The name without a particle after it ("장호진은"): its first three syllables.
        name = word.group()[:3]
        rest = word.group()[3:]
        if not _korean_shape(name) or (rest and rest not in KOREAN_PARTICLES):
            continue
        fitting = {i for i, english in korean if compatible_names(name, english)}
        start, end = word.start(), word.start() + 3
        if len(fitting) != 1 or any(start < b and a < end for a, b in used):
            continue
        used.append((start, end))
        sentence = next((i for i, (a, b) in enumerate(sentences) if a <= start < b), 0)
        mentions.append((MentionDraft(name, "PERSON", start, end, sentence), fitting.pop()))
    return mentions


def _korean_shape(word: str) -> bool:
    return len(word) == 3 and word[0] in _KOREAN_FAMILIES


def _entities(mentions: list[MentionDraft], names: list[str]) -> list[LocalEntity]:
    # A person's family name alone ("Лавров") is the person the article named in full.
    full: dict[tuple[str, str], list[int]] = {}
    for index, (mention, name) in enumerate(zip(mentions, names, strict=True)):
        full.setdefault((mention.label, name), []).append(index)
    merged: dict[tuple[str, str], list[int]] = {}
    for (label, name), indexes in full.items():
        fuller = [
            key
            for key in full
            if label == key[0] == "PERSON" and key[1] != name and " " not in name
            if key[1].split()[-1] == name
        ]
        merged.setdefault(fuller[0] if len(fuller) == 1 else (label, name), []).extend(indexes)
    return [
        LocalEntity(
            name=name,
            label=label,
            mentions=tuple(sorted(indexes)),
            surface_forms=tuple(dict.fromkeys(mentions[i].text for i in sorted(indexes))),
        )
        for (label, name), indexes in merged.items()
    ]
