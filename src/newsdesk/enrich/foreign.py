"""Names in articles not in English: Russian read by natasha's news NER (its model ships
inside the package), each entity named by its nominative form ("Сергеем Лавровым" is
Сергей Лавров), so resolution meets it under its English spellings through `romanise`.

Only the languages with a shipped recogniser are read; the rest keep their note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from newsdesk.types import LocalEntity, MentionDraft, Sentence

# natasha's labels in spaCy's words, as the rest of enrichment knows them.
_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
RUSSIAN = "ru"


@dataclass(frozen=True)
class _Russian:
    segmenter: Segmenter
    morph: NewsMorphTagger
    ner: NewsNERTagger
    vocabulary: MorphVocab


@lru_cache(maxsize=1)
def russian() -> _Russian:
    """natasha's segmenter, morphology and NER, loaded once per process (a few seconds)."""
    embedding = NewsEmbedding()
    return _Russian(Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab())


def reads_names(language: str) -> bool:
    """Whether names are recognised in text of this language other than English."""
    return language == RUSSIAN


def foreign_names(
    text: str, language: str
) -> tuple[list[Sentence], list[MentionDraft], list[LocalEntity]]:
    """Sentences, named-entity mentions and the article's entities of a text in `language`
    (see `reads_names`); nothing for a language without a recogniser."""
    if not reads_names(language):
        return [], [], []
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
