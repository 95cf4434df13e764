"""Storing what enrichment found, and resolving an article's entities against stored ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from newsdesk.enrich import Enrichment, enrichment_text
from newsdesk.enrich.names import compatible_names, normalise_name
from newsdesk.enrich.resolve import (
    EntityProfile,
    candidate_keys,
    entity_context,
    lookup_keys,
    match_entity,
    profile_update,
)
from newsdesk.store.models import (
    Article,
    ArticleWarning,
    Entity,
    EntityAlias,
    EntityKey,
    EntityRole,
    Event,
    Mention,
    Quote,
    utcnow,
)
from newsdesk.types import LocalEntity

MAX_KEY = 120
# Co-occurring names kept per entity: enough to tell namesakes apart, bounded in size.
MAX_CONTEXT = 300


def save_enrichment(session: Session, article: Article, enrichment: Enrichment) -> None:
    """Replace an article's mentions, quotes, events and warnings with `enrichment`'s."""
    for table in (Mention, Quote, Event, ArticleWarning):
        session.execute(delete(table).where(table.article_id == article.id))
    article.language = enrichment.language
    article.sentences = [[s.start, s.end] for s in enrichment.sentences]
    article.enrich_note = enrichment.note
    article.enriched_at = utcnow()
    entity_ids = resolve_entities(session, enrichment.entities, article.published_at)
    mention_entity: dict[int, int] = {}
    for local, entity_id in zip(enrichment.entities, entity_ids, strict=True):
        for index in local.mentions:
            mention_entity[index] = entity_id
    session.add_all(
        Mention(
            article_id=article.id,
            entity_id=mention_entity.get(index),
            text=m.text[:300],
            label=m.label,
            start=m.start,
            end=m.end,
            sentence=m.sentence,
        )
        for index, m in enumerate(enrichment.mentions)
    )
    session.add_all(
        Quote(
            article_id=article.id,
            speaker_id=entity_ids[q.speaker] if q.speaker is not None else None,
            speaker_text=q.speaker_text,
            kind=q.kind,
            text=q.text,
            start=q.start,
            end=q.end,
            sentence=q.sentence,
            attribution=list(q.attribution),
        )
        for q in enrichment.quotes
    )
    session.add_all(
        Event(
            article_id=article.id,
            sentence=e.sentence,
            expression=e.expression[:300],
            start=e.start,
            end=e.end,
            precision=e.precision,
            date=e.date,
            date_end=e.date_end,
            entity_ids=sorted({mention_entity[i] for i in e.entities if i in mention_entity}),
        )
        for e in enrichment.events
    )
    session.add_all(
        ArticleWarning(
            article_id=article.id, kind=w.kind, start=w.start, end=w.end, message=w.message
        )
        for w in enrichment.warnings
    )
    session.flush()


def resolve_entities(
    session: Session, entities: list[LocalEntity], seen_at: datetime | None
) -> list[int]:
    """The stored Entity id of each of an article's entities, creating those not seen before."""
    keys_of = [{key[:MAX_KEY] for key in candidate_keys(local)} for local in entities]
    # One query fetches the candidates of all the article's entities; entities created
    # while resolving it are filed under their keys too, for the entities after them.
    filed = _candidates_by_key(session, set().union(*keys_of))
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


def _candidates_by_key(session: Session, keys: set[str]) -> dict[str, list[Entity]]:
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


def enrichment_record(session: Session, article: Article) -> dict[str, object]:
    """An article's entities, quotes, events and warnings as JSON (part of `show --json`).

    Spans are offsets into the headline and body joined (`enrichment_text`).
    """
    full_text = enrichment_text(article.title, article.text)
    mentions = list(
        session.scalars(
            select(Mention).where(Mention.article_id == article.id).order_by(Mention.start)
        )
    )
    forms: dict[int, tuple[Entity, list[str]]] = {}
    for mention in mentions:
        if mention.entity is not None:
            _, texts = forms.setdefault(mention.entity.id, (mention.entity, []))
            if mention.text not in texts:
                texts.append(mention.text)
    quotes = session.scalars(
        select(Quote).where(Quote.article_id == article.id).order_by(Quote.start)
    )
    events = session.scalars(
        select(Event).where(Event.article_id == article.id).order_by(Event.start)
    )
    warnings = session.scalars(
        select(ArticleWarning)
        .where(ArticleWarning.article_id == article.id)
        .order_by(ArticleWarning.start)
    )
    return {
        "language": article.language,
        "enriched_at": article.enriched_at,
        "enrich_note": article.enrich_note,
        "sentences": len(article.sentences or []),
        "entities": [
            {"id": entity.id, "name": entity.name, "type": entity.label, "surface_forms": texts}
            for entity, texts in forms.values()
        ],
        "quotes": [
            {
                "text": q.text,
                "kind": q.kind,
                "speaker": q.speaker.name if q.speaker else None,
                "speaker_id": q.speaker_id,
                "speaker_text": q.speaker_text,
                "attribution": q.attribution,
                "span": [q.start, q.end],
            }
            for q in quotes
        ],
        "events": [
            {
                "date": e.date,
                "date_end": e.date_end,
                "precision": e.precision,
                "expression": e.expression,
                "sentence": _sentence_text(article, e.sentence),
                "entity_ids": e.entity_ids,
            }
            for e in events
        ],
        "warnings": [
            {
                "kind": w.kind,
                "span": [w.start, w.end],
                "text": full_text[w.start : w.end],
                "message": w.message,
            }
            for w in warnings
        ],
    }


def _sentence_text(article: Article, index: int) -> str | None:
    spans = article.sentences or []
    if not 0 <= index < len(spans):
        return None
    start, end = spans[index]
    return enrichment_text(article.title, article.text)[start:end]


def entity_rows(session: Session, *, limit: int | None = None) -> list[dict[str, object]]:
    """Entities with their aliases and how many articles mention them, most mentioned first."""
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
    return [entity_record(entity, articles) for entity, articles in session.execute(query)]


def entity_record(entity: Entity, articles: int) -> dict[str, object]:
    """One entity as JSON: canonical name, type, aliases, roles with dates, article count."""
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.label,
        "aliases": sorted(a.alias for a in entity.aliases),
        "roles": [
            {"role": r.role, "first_seen": r.first_seen, "last_seen": r.last_seen}
            for r in entity.roles
        ],
        "articles": articles,
    }


def find_entities(session: Session, name: str) -> list[tuple[Entity, int]]:
    """Entities known under `name` (any alias, any case or romanisation), with article counts."""
    wanted = normalise_name(name)
    keys = {key[:MAX_KEY] for key in lookup_keys(name)}
    keyed = select(EntityKey.entity_id).where(EntityKey.key.in_(keys))
    aliased = select(EntityAlias.entity_id).where(
        func.lower(EntityAlias.alias) == name.strip().lower()
    )
    query = (
        select(Entity)
        .where(Entity.id.in_(keyed) | Entity.id.in_(aliased))
        .options(selectinload(Entity.aliases), selectinload(Entity.roles))
    )
    found = [
        entity
        for entity in session.scalars(query)
        if any(
            normalise_name(alias) == wanted or compatible_names(alias, name)
            for alias in (entity.name, *(a.alias for a in entity.aliases))
        )
    ]
    return [(entity, _article_count(session, entity.id)) for entity in found]


def _article_count(session: Session, entity_id: int) -> int:
    return (
        session.scalar(
            select(func.count(func.distinct(Mention.article_id))).where(
                Mention.entity_id == entity_id
            )
        )
        or 0
    )
