"""The article embeddings of each database as one matrix, cached in memory between
semantic searches."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from time import monotonic
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from newsdesk.enrich.embed import (
    DIMENSIONS,
    MODEL_NAME,
    MULTILINGUAL_DIMENSIONS,
    MULTILINGUAL_MODEL_NAME,
    is_english,
)
from newsdesk.errors import VectorModelMismatch
from newsdesk.store.models import Article
from newsdesk.store.vectors import ARTICLE, ARTICLE_MULTILINGUAL, record_model, recorded_models

# The model this newsdesk makes each kind of stored vector with.
CURRENT_MODELS = {ARTICLE: MODEL_NAME, ARTICLE_MULTILINGUAL: MULTILINGUAL_MODEL_NAME}

# How many databases keep a cached embedding matrix at once (tests open many).
MAX_CACHED_STORES = 2
# A changed corpus is read whole again after this long, so deleted articles do not pile up.
FULL_RELOAD_SECONDS = 600.0

_Key = tuple[int | None, datetime | None]


@dataclass(frozen=True)
class ArticleVectors:
    """Every stored article embedding as one matrix, with what filters read of each row."""

    key: _Key
    loaded: float
    ids: np.ndarray
    matrix: np.ndarray
    # The multilingual vectors, row for row (zero where an article has none yet).
    multilingual: np.ndarray
    english: np.ndarray
    canonical: np.ndarray
    outlet: np.ndarray
    story: np.ndarray
    published: np.ndarray
    stub: np.ndarray


# The embedding matrices of each database, kept between queries: reading 100,000 vectors
# costs about a second, a query must cost milliseconds. The price is memory (3.6 kB per
# article, English and multilingual, 360 MB at 100,000) and staleness: each query notices
# new and regrouped articles by the highest id and latest grouping time and reads only
# those; deleted articles linger until the next full reload. Hits are read back from the
# database with the filters, so staleness can cost a result, never show a deleted or
# filtered-out article.
_VECTORS: dict[str, ArticleVectors] = {}
_VECTORS_LOCK = threading.Lock()


def clear_vector_cache() -> None:
    """Forget every cached embedding matrix (the next semantic query reads them again)."""
    with _VECTORS_LOCK:
        _VECTORS.clear()


def check_vector_models(session: Session, *, record: bool = False) -> None:
    """Raise VectorModelMismatch when the store's vectors were made by another model than
    this newsdesk's; with `record`, note the current models where none is recorded yet."""
    recorded = recorded_models(session)
    for kind, model in CURRENT_MODELS.items():
        found = recorded.get(kind)
        if found is not None and found != model:
            raise VectorModelMismatch(
                f"this store's {kind.replace('_', ' ')} vectors were made by {found}, and this "
                f"newsdesk embeds with {model}: run `newsdesk recluster` to embed them again"
            )
        if found is None and record:
            record_model(session, kind, model)


def article_vectors(session: Session) -> ArticleVectors:
    """The cached embedding matrix of the session's database, brought up to date."""
    where = session.get_bind().url.render_as_string(hide_password=True)
    # Two index lookups; a count would scan the table on PostgreSQL at every query.
    highest_id, latest_grouping = session.execute(
        select(
            select(func.max(Article.id)).scalar_subquery(),
            select(func.max(Article.grouped_at)).scalar_subquery(),
        )
    ).one()
    key: _Key = (highest_id, latest_grouping)
    with _VECTORS_LOCK:
        cached = _VECTORS.get(where)
        if cached is not None and cached.key == key:
            return cached
        highest, latest = cached.key if cached is not None else (None, None)
        if cached is None or highest is None or monotonic() - cached.loaded > FULL_RELOAD_SECONDS:
            check_vector_models(session)
            fresh = _merge(None, _read(session, Article.embedding.is_not(None)), key)
        else:
            changed = [Article.id > highest]
            if latest is not None:
                changed.append(Article.grouped_at >= latest)
            fresh = _merge(cached, _read(session, or_(*changed)), key)
        _VECTORS.pop(where, None)
        while len(_VECTORS) >= MAX_CACHED_STORES:
            _VECTORS.pop(next(iter(_VECTORS)))
        _VECTORS[where] = fresh
        return fresh


_COLUMNS = (
    Article.id,
    Article.embedding,
    Article.embedding_multilingual,
    Article.language,
    Article.duplicate_of_id,
    Article.outlet_id,
    Article.story_id,
    Article.published_at,
    Article.is_stub,
)


def _read(session: Session, condition: ColumnElement[bool]) -> list[Any]:
    return list(session.execute(select(*_COLUMNS).where(condition)).all())


def _merge(cached: ArticleVectors | None, rows: Sequence[Any], key: _Key) -> ArticleVectors:
    # Rows read again replace their cached versions; those that lost their vector drop out.
    size = DIMENSIONS * 4
    rows = [r for r in rows if r.embedding is not None and len(r.embedding) == size]
    changed = np.fromiter((r.id for r in rows), np.int64, len(rows))
    fresh = {
        "ids": changed,
        "matrix": np.frombuffer(b"".join(r.embedding for r in rows), "<f4").reshape(-1, DIMENSIONS),
        "multilingual": np.frombuffer(b"".join(map(_multilingual, rows)), "<f4").reshape(
            -1, MULTILINGUAL_DIMENSIONS
        ),
        "english": np.fromiter((is_english(r.language) for r in rows), np.bool_, len(rows)),
        "canonical": np.fromiter((r.duplicate_of_id or r.id for r in rows), np.int64, len(rows)),
        "outlet": np.fromiter((r.outlet_id or -1 for r in rows), np.int64, len(rows)),
        "story": np.fromiter((r.story_id or -1 for r in rows), np.int64, len(rows)),
        "published": np.fromiter((_epoch(r.published_at) for r in rows), np.float64, len(rows)),
        "stub": np.fromiter((bool(r.is_stub) for r in rows), np.bool_, len(rows)),
    }
    if cached is not None:
        kept = ~np.isin(cached.ids, changed)
        for name in fresh:
            fresh[name] = np.concatenate([getattr(cached, name)[kept], fresh[name]])
    order = np.argsort(fresh["ids"], kind="stable")
    loaded = cached.loaded if cached is not None else monotonic()
    return ArticleVectors(
        key=key, loaded=loaded, **{name: array[order] for name, array in fresh.items()}
    )


def _multilingual(row: Any) -> bytes:
    # An article embedded before the multilingual model came is far from every query in it.
    stored = row.embedding_multilingual
    if stored is not None and len(stored) == MULTILINGUAL_DIMENSIONS * 4:
        return stored
    return bytes(MULTILINGUAL_DIMENSIONS * 4)


def _epoch(moment: datetime | None) -> float:
    # NaN compares false both ways, so an undated article fails any date filter, as in SQL.
    return moment.timestamp() if moment is not None else float("nan")
