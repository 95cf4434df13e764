"""One entity under every spelling: an article's entities resolved against those stored.

enrich/resolve.py decides which stored entity a local one is (names, roles, context);
this module finds the candidates in the store and writes back what it decided.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from newsdesk.enrich.resolve import (
    EntityProfile,
    candidate_keys,
    entity_context,
    match_entity,
    profile_update,
)
from newsdesk.store.entities import MAX_KEY, entities_by_keys
from newsdesk.store.models import Entity, EntityAlias, EntityKey, EntityRole
from newsdesk.types import LocalEntity

# Co-occurring names kept per entity: enough to tell namesakes apart, bounded in size.
MAX_CONTEXT = 300


def resolve_entities(
    session: Session, entities: list[LocalEntity], seen_at: datetime | None
) -> list[int]:
    """The stored Entity id of each of an article's entities, creating those not seen before."""
    keys_of = [{key[:MAX_KEY] for key in candidate_keys(local)} for local in entities]
    # One query fetches the candidates of all the article's entities; entities created
    # while resolving it are filed under their keys too, for the entities after them.
    filed = entities_by_keys(session, set().union(*keys_of))
    ids = []
    for index, (local, keys) in enumerate(zip(entities, keys_of, strict=True)):
        context = entity_context(entities, index)
        candidates = list({e.id: e for key in keys for e in filed.get(key, ())}.values())
        matched = match_entity(local, context, [_profile(c) for c in candidates])
        entity = next((c for c in candidates if c.id == matched), None)
        if entity is None:
            entity = Entity(name=local.name[:300], label=local.label, context=[])
            session.add(entity)
            session.flush()
        _absorb(session, entity, local, context, keys, seen_at)
        for key in keys:
            if entity not in filed.setdefault(key, []):
                filed[key].append(entity)
        ids.append(entity.id)
    return ids


def _profile(entity: Entity) -> EntityProfile:
    return EntityProfile(
        id=entity.id,
        name=entity.name,
        label=entity.label,
        aliases=frozenset(a.alias for a in entity.aliases),
        roles=frozenset(r.role for r in entity.roles),
        context=frozenset(entity.context or ()),
    )


def _absorb(
    session: Session,
    entity: Entity,
    local: LocalEntity,
    context: frozenset[str],
    keys: set[str],
    seen_at: datetime | None,
) -> None:
    # The profile logic (best name, merged context) lives in enrich/resolve.py; this
    # writes its result back, adding only rows that are new.
    updated = profile_update(_profile(entity), local, context)
    entity.name = updated.name[:300]
    entity.context = sorted(updated.context)[:MAX_CONTEXT]
    known_aliases = {a.alias for a in entity.aliases}
    for alias in sorted(updated.aliases - known_aliases):
        entity.aliases.append(EntityAlias(alias=alias[:300]))
    roles = {r.role: r for r in entity.roles}
    for role in dict.fromkeys(local.roles):
        row = roles.get(role)
        if row is None:
            entity.roles.append(EntityRole(role=role[:300], first_seen=seen_at, last_seen=seen_at))
        elif seen_at is not None:
            row.first_seen = min(filter(None, (row.first_seen, seen_at)))
            row.last_seen = max(filter(None, (row.last_seen, seen_at)))
    known_keys = {k.key for k in entity.keys}
    for key in sorted(keys - known_keys):
        entity.keys.append(EntityKey(key=key))
    session.flush()
