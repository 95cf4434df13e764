"""Entities in the store: the keys they are filed under, their names, their counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from newsdesk.store.models import (
    Article,
    Entity,
    EntityAlias,
    EntityKey,
    EntityRole,
    Mention,
    Quote,
)

# Keys are cut to this length, as their column is.
MAX_KEY = 120


@dataclass(frozen=True)
class FiledEntity:
    """A stored entity as name resolution compares it: plain values, no ORM object."""

    id: int
    name: str
    label: str
    context: tuple[str, ...]
    aliases: tuple[str, ...]
    roles: tuple[str, ...]


def filed_entities(
    session: Session, keys: set[str]
) -> tuple[dict[str, list[int]], dict[int, FiledEntity]]:
    """The ids of the entities filed under each of these keys, and each such entity's
    name, label, context, aliases and roles."""
    if not keys:
        return {}, {}
    filed: dict[str, list[int]] = {}
    for key, entity_id in session.execute(
        select(EntityKey.key, EntityKey.entity_id).where(EntityKey.key.in_(keys))
    ):
        filed.setdefault(key, []).append(entity_id)
    ids = sorted({i for found in filed.values() for i in found})
    aliases: dict[int, list[str]] = {}
    roles: dict[int, list[str]] = {}
    rows = []
    # Plain rows, not entities with their collections: a common name's key holds many
    # entities, and building ORM objects for them all cost more than comparing them.
    # In chunks: a common name's keys may hold more entities than one statement may bind.
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        rows += session.execute(
            select(Entity.id, Entity.name, Entity.label, Entity.context).where(Entity.id.in_(chunk))
        ).all()
        for entity_id, alias in session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(chunk))
        ):
            aliases.setdefault(entity_id, []).append(alias)
        for entity_id, role in session.execute(
            select(EntityRole.entity_id, EntityRole.role).where(EntityRole.entity_id.in_(chunk))
        ):
            roles.setdefault(entity_id, []).append(role)
    known = {
        entity_id: FiledEntity(
            entity_id,
            name,
            label,
            tuple(context or ()),
            tuple(aliases.get(entity_id, ())),
            tuple(roles.get(entity_id, ())),
        )
        for entity_id, name, label, context in rows
    }
    return filed, known


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


def entity_stamps(session: Session, entity_ids: Iterable[int]) -> dict[int, tuple[object, ...]]:
    """For each of these entities that exists, what its rows stand at: its name and label,
    its mentions and quotes (how many, the newest, the last change of their articles), its
    aliases and roles; any write that changes one of them changes its stamp."""
    ids = list(dict.fromkeys(entity_ids))
    stamps: dict[int, tuple[object, ...]] = {}
    # In chunks: the entities of a big story are more than one statement may bind.
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        said = _grouped(
            session,
            select(Mention.entity_id, func.count(Mention.id), func.max(Mention.id))
            .add_columns(func.max(Article.updated_at))
            .join(Article, Article.id == Mention.article_id)
            .where(Mention.entity_id.in_(chunk))
            .group_by(Mention.entity_id),
        )
        quoted = _grouped(
            session,
            select(Quote.speaker_id, func.count(Quote.id), func.max(Quote.id))
            .add_columns(func.max(Article.updated_at))
            .join(Article, Article.id == Quote.article_id)
            .where(Quote.speaker_id.in_(chunk))
            .group_by(Quote.speaker_id),
        )
        aliases = _grouped(
            session,
            select(EntityAlias.entity_id, func.count(EntityAlias.id), func.max(EntityAlias.id))
            .where(EntityAlias.entity_id.in_(chunk))
            .group_by(EntityAlias.entity_id),
        )
        roles = _grouped(
            session,
            select(EntityRole.entity_id, func.count(EntityRole.id), func.max(EntityRole.id))
            .add_columns(func.min(EntityRole.first_seen), func.max(EntityRole.last_seen))
            .where(EntityRole.entity_id.in_(chunk))
            .group_by(EntityRole.entity_id),
        )
        for entity_id, name, label in session.execute(
            select(Entity.id, Entity.name, Entity.label).where(Entity.id.in_(chunk))
        ):
            stamps[entity_id] = (
                name,
                label,
                said.get(entity_id),
                quoted.get(entity_id),
                aliases.get(entity_id),
                roles.get(entity_id),
            )
    return stamps


def _grouped(session: Session, query: Select[Any]) -> dict[int, tuple[str, ...]]:
    return {row[0]: tuple(str(value) for value in row[1:]) for row in session.execute(query)}
