"""Sentence embeddings of cited sentences, as a story view, an article summary or an
answer compares them: computed by the pipeline when an article is grouped
(pipeline/sentence_vectors.py) and read back from the store here.

Embedding every sentence is what would make a story view cost seconds, so a view only
computes (and keeps) what it finds missing or stale: articles of a store older than that
step, or changed since. Keeping them here is best effort: a lost race only means computing
them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.enrich.embed import DIMENSIONS, MODEL_NAME, embed_texts
from newsdesk.present.summarize import CitedSentence
from newsdesk.store.sentence_vectors import keep_vectors, kept_vectors

_STORED = np.dtype("<f2")
BODY = "body"
QUOTES = "quotes"


def sentence_vectors(
    session: Session, sentences: Sequence[CitedSentence], *, part: str = BODY
) -> np.ndarray:
    """Unit vectors of cited sentences (or quotes, as `part`), one row each: an article's
    are read from the store when kept for the same texts, else embedded and kept."""
    vectors = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
    if not sentences:
        return vectors
    rows_of: dict[int, list[int]] = {}
    for row, sentence in enumerate(sentences):
        rows_of.setdefault(sentence.article_id, []).append(row)
    fingerprints = {
        article_id: fingerprint([sentences[row].text for row in rows])
        for article_id, rows in rows_of.items()
    }
    for article_id, digest, stored in kept_vectors(session, part, rows_of):
        if digest == fingerprints[article_id]:
            vectors[rows_of.pop(article_id)] = _unpack(stored)
    if rows_of:
        kept = vectors_to_keep(
            {a: [sentences[row].text for row in rows] for a, rows in rows_of.items()}
        )
        for article_id, rows in rows_of.items():
            # Rounded as they are stored, so that a first view and later ones compare alike.
            vectors[rows] = _unpack(kept[article_id][1])
        keep_vectors(session, part, kept)
    return vectors


def vectors_to_keep(texts_of: dict[int, list[str]]) -> dict[int, tuple[str, bytes]]:
    """Each article's texts embedded (in one call, so shared texts once) as they are
    kept: (fingerprint, stored vectors) by article id."""
    every = [text for texts in texts_of.values() for text in texts]
    packed = np.asarray(embed_texts(every), dtype=_STORED)
    kept = {}
    first = 0
    for article_id, texts in texts_of.items():
        kept[article_id] = (fingerprint(texts), packed[first : first + len(texts)].tobytes())
        first += len(texts)
    return kept


def fingerprint(texts: Sequence[str]) -> str:
    """What kept vectors were computed from: the model and the sentences, in order."""
    digest = hashlib.sha1(MODEL_NAME.encode(), usedforsecurity=False)
    for text in texts:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def _unpack(stored: bytes) -> np.ndarray:
    vectors = np.frombuffer(stored, dtype=_STORED).astype(np.float32).reshape(-1, DIMENSIONS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
