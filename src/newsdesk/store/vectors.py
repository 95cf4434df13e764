"""Which embedding model made each kind of stored vector, and forgetting vectors of another."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Story, VectorModel

# The kinds of stored vector, each with the columns a change of its model empties.
ARTICLE = "article"
ARTICLE_MULTILINGUAL = "article_multilingual"
_COLUMNS = {
    ARTICLE: (Article.embedding, Story.centroid),
    ARTICLE_MULTILINGUAL: (Article.embedding_multilingual, Story.centroid_multilingual),
}


def recorded_models(session: Session) -> dict[str, str]:
    """The model recorded for each kind of stored vector (none for a store never embedded)."""
    return {
        row.kind: row.model for row in session.execute(select(VectorModel.kind, VectorModel.model))
    }


def record_model(session: Session, kind: str, model: str) -> None:
    """Note that the stored vectors of `kind` are made by `model` from now on."""
    row = session.get(VectorModel, kind)
    if row is None:
        session.add(VectorModel(kind=kind, model=model))
    else:
        row.model = model


def forget_vectors(session: Session, kind: str) -> None:
    """Empty every stored vector of `kind` (articles' and story centroids'), to be made again."""
    article_column, story_column = _COLUMNS[kind]
    session.execute(update(Article).values({article_column.key: None}))
    session.execute(update(Story).values({story_column.key: None}))
