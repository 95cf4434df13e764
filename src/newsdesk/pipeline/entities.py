"""One entity under every spelling: an article's entities resolved against those stored.

enrich/resolve.py decides which stored entity a local one is (names, roles, context);
this module finds the candidates in the store and writes back what it decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.enrich.resolve import (
    EntityProfile,
    candidate_keys,
    entity_context,
    match_entity,
    profile_update,
)
from newsdesk.enrich.sound_names import SOUND_LANGUAGES, sibling_mentions
from newsdesk.store.entities import MAX_KEY, entities_by_keys
from newsdesk.store.models import Article, Entity, EntityAlias, EntityKey, EntityRole, Mention
from newsdesk.types import LocalEntity, enrichment_text

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


def join_sound_names(session: Session, story_ids: Iterable[int]) -> int:
    """Mention, in each story's Korean, Japanese and Chinese articles, the people its
    English articles name where those articles write them by sound ("라브로프" for
    Lavrov: `enrich.sound_names`); the number of mentions added. Run after placement,
    as stories grow: a mention already stored is not added twice."""
    added = 0
    for story_id in story_ids:
        articles = session.scalars(
            select(Article).where(Article.story_id == story_id, Article.is_stub.is_(False))
        ).all()
        foreign = [a for a in articles if a.language in SOUND_LANGUAGES]
        english = [a.id for a in articles if a.language == "en"]
        if not foreign or not english:
            continue
        people = session.execute(
            select(Entity.id, Entity.name)
            .join(Mention, Mention.entity_id == Entity.id)
            .where(Mention.article_id.in_(english), Entity.label == "PERSON")
            .distinct()
        ).all()
        for article in foreign:
            stored = session.scalars(select(Mention).where(Mention.article_id == article.id))
            taken = [(m.start, m.end) for m in stored]
            text = enrichment_text(article.title, article.text)
            sentences = [(a, b) for a, b in article.sentences or ()]
            found = sibling_mentions(
                text, article.language or "", sentences, [tuple(p) for p in people], taken
            )
            session.add_all(
                Mention(
                    article_id=article.id,
                    entity_id=entity_id,
                    text=m.text[:300],
                    label=m.label,
                    start=m.start,
                    end=m.end,
                    sentence=m.sentence,
                )
                for m, entity_id in found
            )
            added += len(found)
    session.flush()
    return added
