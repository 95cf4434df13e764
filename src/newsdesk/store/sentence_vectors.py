"""Sentence embeddings kept per article, as stored bytes: read, and replaced best effort.

What they are and when they are computed is the read layer's (read/sentence_vectors.py);
this module only keeps them, in a short transaction of its own when it can.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.orm import Session

from newsdesk.store.db import write_aside
from newsdesk.store.models import SentenceVectors

log = logging.getLogger(__name__)


def kept_vectors(
    session: Session, part: str, article_ids: Iterable[int]
) -> list[tuple[int, str, bytes]]:
    """(article id, fingerprint, stored vectors) kept for one part of these articles."""
    rows = session.execute(
        select(
            SentenceVectors.article_id, SentenceVectors.fingerprint, SentenceVectors.vectors
        ).where(SentenceVectors.article_id.in_(list(article_ids)), SentenceVectors.part == part)
    )
    return [(article_id, digest, stored) for article_id, digest, stored in rows]


def kept_fingerprints(session: Session, part: str, article_ids: Iterable[int]) -> dict[int, str]:
    """The fingerprint of what is kept for one part of these articles, by article id."""
    rows = session.execute(
        select(SentenceVectors.article_id, SentenceVectors.fingerprint).where(
            SentenceVectors.article_id.in_(list(article_ids)), SentenceVectors.part == part
        )
    )
    return {article_id: digest for article_id, digest in rows}


def keep_vectors(
    session: Session, part: str, kept: dict[int, tuple[str, bytes]], *, with_session: bool = False
) -> None:
    """Store vectors, replacing stale ones. With `with_session` (the pipeline's writes) they
    go with the session's work; otherwise best effort, so that a page never fails or waits
    long for want of them (`store.db.write_aside`)."""
    if not kept:
        return
    if not write_aside(session, lambda c: _replace(c, part, kept), with_session=with_session):
        log.debug("sentence vectors of %s not kept", sorted(kept))


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
