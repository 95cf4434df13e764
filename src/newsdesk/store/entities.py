"""Entities in the store: the keys they are filed under, their names, their counts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from newsdesk.store.models import Entity, EntityAlias, EntityKey, Mention

# Keys are cut to this length, as their column is.
MAX_KEY = 120


def entities_by_keys(session: Session, keys: set[str]) -> dict[str, list[Entity]]:
    """The entities filed under each of these keys, with their aliases and roles."""
    if not keys:
        return {}
    rows = session.execute(
        select(EntityKey.key, Entity)
        .join(Entity, Entity.id == EntityKey.entity_id)
        .where(EntityKey.key.in_(keys))
        .options(selectinload(Entity.aliases), selectinload(Entity.roles))
    ).all()
    filed: dict[str, list[Entity]] = {}
    for key, entity in rows:
        filed.setdefault(key, []).append(entity)
    return filed


def entities_under(session: Session, keys: set[str], alias: str) -> list[Entity]:
    """Entities filed under any of `keys` or with `alias` (in any case) among their names."""
    keyed = select(EntityKey.entity_id).where(EntityKey.key.in_({k[:MAX_KEY] for k in keys}))
    aliased = select(EntityAlias.entity_id).where(
        func.lower(EntityAlias.alias) == alias.strip().lower()
    )
    query = (
        select(Entity)
        .where(Entity.id.in_(keyed) | Entity.id.in_(aliased))
        .options(selectinload(Entity.aliases), selectinload(Entity.roles))
    )
    return list(session.scalars(query))


def most_mentioned(session: Session, *, limit: int | None = None) -> list[tuple[Entity, int]]:
    """Entities with how many articles mention them, most mentioned first."""
    counts = (
        select(Mention.entity_id, func.count(func.distinct(Mention.article_id)).label("articles"))
        .where(Mention.entity_id.is_not(None))
        .group_by(Mention.entity_id)
        .subquery()
    )
    query = (
        select(Entity, counts.c.articles)
        .join(counts, counts.c.entity_id == Entity.id)
        .options(selectinload(Entity.aliases), selectinload(Entity.roles))
        .order_by(counts.c.articles.desc(), Entity.name)
    )
    if limit is not None:
        query = query.limit(limit)
    return [(entity, articles) for entity, articles in session.execute(query)]


def article_count(session: Session, entity_id: int) -> int:
    """How many articles mention the entity."""
    return (
        session.scalar(
            select(func.count(func.distinct(Mention.article_id))).where(
                Mention.entity_id == entity_id
            )
        )
        or 0
    )
