"""Sentence embeddings kept per article, as stored bytes: read, and replaced best effort.

What they are and when they are computed is the read layer's (read/sentence_vectors.py);
this module only keeps them, in a short transaction of its own when it can.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsdesk.store.db import SQLITE_BUSY_MS
from newsdesk.store.models import SentenceVectors

log = logging.getLogger(__name__)

# A page asking for vectors waits this long for SQLite's write lock before giving up on
# keeping them (ingest may hold it for a batch): the page is served either way.
KEEP_WAIT_MS = 500


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
    go with the session's work, as does any write on SQLite by a session that has written
    (it holds the write lock); otherwise in a short transaction of their own, so that a page
    never fails or waits long for want of them."""
    if not kept:
        return
    connection = session.connection()
    if with_session or (connection.dialect.name == "sqlite" and _has_written(connection)):
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
