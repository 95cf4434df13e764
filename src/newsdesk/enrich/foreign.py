"""Names in articles not in English: Russian read by natasha's news NER (its model ships
inside the package), each entity named by its nominative form ("Сергеем Лавровым" is
Сергей Лавров), so resolution meets it under its English spellings through `romanise`;
Korean people by the shape of a Korean name (a family name and two syllables) where the
article gives it a title ("최선희 외무상"), and then wherever it repeats that name;
Japanese and Chinese people likewise, by a title beside a name in characters
(`character_names`).

Only the languages with a shipped recogniser are read; the rest keep their note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from newsdesk.enrich.character_names import character_names, reads_character_names
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
_KOREAN_TITLE = re.compile(
    "국무위원장|위원장|총비서|대통령|총리|외무상|외무장관|장관|부부장|대변인|의원|대사|"
    "주석|사무총장|총장|비서실장|실장|대표|의장|부장|국장|차관|여사"
)
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


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
    mentions: list[MentionDraft] = []
    names: list[str] = []
    for span in doc.spans:
        index = next((i for i, s in enumerate(sentences) if s.start <= span.start < s.end), 0)
        span.normalize(models.vocabulary)
        mentions.append(MentionDraft(span.text, _LABELS[span.type], span.start, span.stop, index))
        names.append(span.normal or span.text)
    return sentences, mentions, _entities(mentions, names)


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
        and _KOREAN_TITLE.match(after.group())
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
