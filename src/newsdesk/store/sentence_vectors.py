"""Sentence embeddings kept per article: computed the first time a story view, an article
summary or an answer compares its sentences, and read back after that.

Embedding every sentence is what makes a story view cost seconds; kept, a story that gains
an article embeds only that article, and a restarted server or another worker embeds
nothing again. Keeping them is best effort: a lost race only means computing them again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsdesk.enrich.embed import DIMENSIONS, MODEL_NAME, embed_texts
from newsdesk.present.summarize import CitedSentence
from newsdesk.store.db import SQLITE_BUSY_MS
from newsdesk.store.models import SentenceVectors

log = logging.getLogger(__name__)

# A page asking for vectors waits this long for SQLite's write lock before giving up on
# keeping them (ingest may hold it for a batch): the page is served either way.
KEEP_WAIT_MS = 500
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
    kept = session.execute(
        select(
            SentenceVectors.article_id, SentenceVectors.fingerprint, SentenceVectors.vectors
        ).where(SentenceVectors.article_id.in_(list(rows_of)), SentenceVectors.part == part)
    )
    for article_id, digest, stored in kept:
        if digest == fingerprints[article_id]:
            vectors[rows_of.pop(article_id)] = _unpack(stored)
    if rows_of:
        missing = [row for rows in rows_of.values() for row in rows]
        # Rounded as they are stored, so that a first view and later ones compare alike.
        vectors[missing] = _unpack(_pack(embed_texts([sentences[row].text for row in missing])))
        _keep(
            session,
            part,
            {a: (fingerprints[a], _pack(vectors[rows])) for a, rows in rows_of.items()},
        )
    return vectors


def fingerprint(texts: Sequence[str]) -> str:
    """What kept vectors were computed from: the model and the sentences, in order."""
    digest = hashlib.sha1(MODEL_NAME.encode(), usedforsecurity=False)
    for text in texts:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def _pack(vectors: np.ndarray) -> bytes:
    return np.asarray(vectors, dtype=_STORED).tobytes()


def _unpack(stored: bytes) -> np.ndarray:
    vectors = np.frombuffer(stored, dtype=_STORED).astype(np.float32).reshape(-1, DIMENSIONS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _keep(session: Session, part: str, kept: dict[int, tuple[str, bytes]]) -> None:
    """Store vectors, replacing stale ones. On SQLite a session that has already written
    holds the write lock, so they go with its work; otherwise they go in a short transaction
    of their own, so that a page never fails or waits long for want of them."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and _has_written(connection):
        with session.begin_nested():
            _replace(connection, part, kept)
        return
    try:
        with session.get_bind().connect() as own:
            sqlite = own.dialect.name == "sqlite"
            if sqlite:
                _busy_timeout(own, KEEP_WAIT_MS)
            try:
                with own.begin():
                    _replace(own, part, kept)
            finally:
                if sqlite:
                    _busy_timeout(own, SQLITE_BUSY_MS)
    except (OperationalError, IntegrityError) as error:
        log.debug("sentence vectors not kept: %s", error)


def _busy_timeout(connection: Connection, milliseconds: int) -> None:
    # On the driver's connection: through SQLAlchemy the pragma would open a transaction.
    connection.connection.dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")  # type: ignore[union-attr]


def _has_written(connection: Connection) -> bool:
    # sqlite3 opens its transaction at the first write, not at a read.
    return bool(getattr(connection.connection.dbapi_connection, "in_transaction", False))


def _replace(connection: Connection, part: str, kept: dict[int, tuple[str, bytes]]) -> None:
    connection.execute(
        delete(SentenceVectors).where(
            SentenceVectors.article_id.in_(list(kept)), SentenceVectors.part == part
        )
    )
    connection.execute(
        insert(SentenceVectors),
        [
            {"article_id": article_id, "part": part, "fingerprint": digest, "vectors": vectors}
            for article_id, (digest, vectors) in kept.items()
        ],
    )
