"""One entity under every spelling: an article's entities resolved against those stored.

enrich/resolve.py decides which stored entity a local one is (names, roles, context);
this module finds the candidates in the store and writes back what it decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newsdesk.enrich.foreign import KOREAN, story_korean_names
from newsdesk.enrich.resolve import (
    EntityProfile,
    candidate_keys,
    entity_context,
    match_entity,
    profile_update,
)
from newsdesk.enrich.sound_names import SOUND_LANGUAGES, sibling_mentions
from newsdesk.enrich.translated_names import sibling_organisations
from newsdesk.store.entities import MAX_KEY, FiledEntity, filed_entities
from newsdesk.store.models import Article, Entity, EntityAlias, EntityKey, EntityRole, Mention
from newsdesk.types import LocalEntity, MentionDraft, enrichment_text

# Co-occurring names kept per entity: enough to tell namesakes apart, bounded in size.
MAX_CONTEXT = 300
# The longest name, alias or role a row holds, as their columns do.
MAX_NAME = 300


def resolve_entities(
    session: Session, entities: list[LocalEntity], seen_at: datetime | None
) -> list[int]:
    """The stored Entity id of each of an article's entities, creating those not seen before."""
    keys_of = [{key[:MAX_KEY] for key in candidate_keys(local)} for local in entities]
    # One read fetches the candidates of all the article's entities; entities created or
    # changed while resolving it are kept here too, for the entities after them.
    filed, known = filed_entities(session, set().union(*keys_of))
    profiles = {entity_id: _profile(row) for entity_id, row in known.items()}
    ids = []
    for index, (local, keys) in enumerate(zip(entities, keys_of, strict=True)):
        context = entity_context(entities, index)
        # By id, the order they were first seen in, so that a tie goes to the same one
        # however the database returned them.
        candidates = sorted({i for key in keys for i in filed.get(key, ())})
        matched = match_entity(local, context, [profiles[i] for i in candidates])
        if matched is None:
            entity = Entity(name=local.name[:MAX_NAME], label=local.label, context=[])
            session.add(entity)
            session.flush()
            profile = EntityProfile(entity.id, entity.name, entity.label, frozenset())
        else:
            entity = session.get_one(Entity, matched)
            profile = profiles[matched]
        unfiled = {key for key in keys if entity.id not in filed.get(key, ())}
        profiles[entity.id] = _absorb(session, entity, profile, local, context, unfiled, seen_at)
        for key in unfiled:
            filed.setdefault(key, []).append(entity.id)
        ids.append(entity.id)
    return ids


def _profile(row: FiledEntity) -> EntityProfile:
    return EntityProfile(
        id=row.id,
        name=row.name,
        label=row.label,
        aliases=frozenset(row.aliases),
        roles=frozenset(row.roles),
        context=frozenset(row.context),
    )


def _absorb(
    session: Session,
    entity: Entity,
    profile: EntityProfile,
    local: LocalEntity,
    context: frozenset[str],
    unfiled: set[str],
    seen_at: datetime | None,
) -> EntityProfile:
    """Write the entity's profile with `local` merged in (adding only rows that are new,
    its collections left unread) and give it back as stored."""
    # The profile logic (best name, merged context) lives in enrich/resolve.py; this
    # writes its result back.
    updated = profile_update(profile, local, context)
    entity.name = updated.name[:MAX_NAME]
    entity.context = sorted(updated.context)[:MAX_CONTEXT]
    aliases = frozenset(alias[:MAX_NAME] for alias in updated.aliases)
    session.add_all(
        EntityAlias(entity_id=entity.id, alias=alias) for alias in sorted(aliases - profile.aliases)
    )
    roles = list(dict.fromkeys(role[:MAX_NAME] for role in local.roles))
    session.add_all(
        EntityRole(entity_id=entity.id, role=role, first_seen=seen_at, last_seen=seen_at)
        for role in roles
        if role not in profile.roles
    )
    seen_again = [role for role in roles if role in profile.roles]
    if seen_again and seen_at is not None:
        for row in session.scalars(
            select(EntityRole).where(
                EntityRole.entity_id == entity.id, EntityRole.role.in_(seen_again)
            )
        ):
            row.first_seen = min(filter(None, (row.first_seen, seen_at)))
            row.last_seen = max(filter(None, (row.last_seen, seen_at)))
    # Not flushed here: the rows go in with the article's next flush, many to a statement.
    session.add_all(EntityKey(entity_id=entity.id, key=key) for key in sorted(unfiled))
    return EntityProfile(
        entity.id,
        entity.name,
        entity.label,
        aliases,
        frozenset(role[:MAX_NAME] for role in updated.roles),
        frozenset(entity.context),
    )


def join_story_names(session: Session, story_ids: Iterable[int]) -> int:
    """Mention, in each story's Korean, Japanese and Chinese articles, the people and
    organisations its English articles name where those articles write people by sound
    ("라브로프" for Lavrov: `enrich.sound_names`), Korean people without a title ("장호진":
    `enrich.foreign.story_korean_names`) and organisations word for word
    ("조선중앙통신": `enrich.translated_names`), and keep each form as an alias; the number
    of mentions added. Run after placement, as stories grow: a mention already stored is
    not added twice."""
    added: list[Mention] = []
    for story_id in story_ids:
        # Languages first: most stories have no article in those scripts, and their
        # texts need not be read.
        languages = session.execute(
            select(Article.id, Article.language).where(
                Article.story_id == story_id, Article.is_stub.is_(False)
            )
        ).all()
        english = [i for i, language in languages if language == "en"]
        foreign_ids = [i for i, language in languages if language in SOUND_LANGUAGES]
        if not foreign_ids or not english:
            continue
        foreign = session.scalars(select(Article).where(Article.id.in_(foreign_ids))).all()
        named = session.execute(
            select(Entity.id, Entity.name, Entity.label)
            .join(Mention, Mention.entity_id == Entity.id)
            .where(Mention.article_id.in_(english), Entity.label.in_(("PERSON", "ORG")))
            .distinct()
        ).all()
        people = [(i, name) for i, name, label in named if label == "PERSON"]
        organisations = [(i, name) for i, name, label in named if label == "ORG"]
        for article in foreign:
            stored = session.scalars(select(Mention).where(Mention.article_id == article.id))
            taken = [(m.start, m.end) for m in stored]
            text = enrichment_text(article.title, article.text)
            sentences = [(a, b) for a, b in article.sentences or ()]
            language = article.language or ""
            found = sibling_mentions(text, language, sentences, people, taken)
            if language == KOREAN:
                spans = taken + [(m.start, m.end) for m, _ in found]
                found += story_korean_names(text, sentences, people, spans)
            spans = taken + [(m.start, m.end) for m, _ in found]
            found += sibling_organisations(text, language, sentences, organisations, spans)
            added += [
                mention_row(article.id, m, entity_id, from_story=True) for m, entity_id in found
            ]
    session.add_all(added)
    _keep_aliases(session, {(m.entity_id, m.text) for m in added if m.entity_id is not None})
    session.flush()
    return len(added)


def _keep_aliases(session: Session, names: set[tuple[int, str]]) -> None:
    # The forms become aliases, so that the person is found by them (an entity lookup or
    # a search filter given "라브로프"), as by any spelling enrichment met.
    if not names:
        return
    known = set(
        session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias).where(
                EntityAlias.entity_id.in_({entity_id for entity_id, _ in names})
            )
        ).all()
    )
    session.add_all(
        EntityAlias(entity_id=entity_id, alias=alias)
        for entity_id, alias in sorted(names)
        if (entity_id, alias) not in known
    )


def forget_story_names(session: Session) -> int:
    """Remove every mention `join_story_names` added, and the aliases only they gave,
    before the stories are built again: a form joined its person through the story the
    article was in, which a rebuild may change. The number of mentions removed."""
    removed = session.execute(
        select(Mention.id, Mention.entity_id, Mention.text).where(Mention.from_story.is_(True))
    ).all()
    if not removed:
        return 0
    session.execute(delete(Mention).where(Mention.from_story.is_(True)))
    names = {(entity_id, text) for _, entity_id, text in removed if entity_id is not None}
    # An alias also written by a mention the article's own enrichment found stays.
    still = set(
        session.execute(
            select(Mention.entity_id, Mention.text)
            .where(Mention.entity_id.in_({entity_id for entity_id, _ in names}))
            .distinct()
        ).all()
    )
    for entity_id, alias in sorted(names - still):
        session.execute(
            delete(EntityAlias).where(
                EntityAlias.entity_id == entity_id, EntityAlias.alias == alias
            )
        )
    return len(removed)


def mention_row(
    article_id: int, mention: MentionDraft, entity_id: int | None, *, from_story: bool = False
) -> Mention:
    """A mention as stored, naming the entity it was resolved to (if any); `from_story` when
    the article's story gave it (`join_story_names`)."""
    return Mention(
        article_id=article_id,
        entity_id=entity_id,
        text=mention.text[:MAX_NAME],
        label=mention.label,
        start=mention.start,
        end=mention.end,
        sentence=mention.sentence,
        from_story=from_story,
    )
