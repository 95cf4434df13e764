"""Entities as readers see them: the most mentioned, one found under any of its names, and
an entity's page (its stories, what it said, how often it is named)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from newsdesk.config import ReadingSettings
from newsdesk.enrich.labels import reader_type
from newsdesk.enrich.names import compatible_names, normalise_name
from newsdesk.enrich.resolve import lookup_keys
from newsdesk.errors import NotFound
from newsdesk.read.records import (
    EntityQuote,
    EntityRecord,
    EntityStory,
    EntityView,
    RoleRecord,
    TimelineEntry,
    Volume,
    VolumeBucket,
)
from newsdesk.read.stories import story_events, timeline_of
from newsdesk.store.entities import article_count, entities_under, most_mentioned
from newsdesk.store.models import (
    Article,
    Entity,
    EntityRole,
    Mention,
    Outlet,
    Quote,
    Story,
)

# Mention volume is counted by day over short spans, by week over longer ones.
DAILY_SPAN = timedelta(days=60)


MIN_BUCKETS = 7
_NEVER = datetime.min.replace(tzinfo=UTC)
# The entity page's timeline is read from this many of the latest articles naming it: a
# page of a much-named entity reads a bounded number of articles.
TIMELINE_ARTICLES = 60


def entity_rows(session: Session, *, limit: int | None = None) -> list[EntityRecord]:
    """Entities with their aliases and how many articles mention them, most mentioned first."""
    return [
        entity_record(entity, articles) for entity, articles in most_mentioned(session, limit=limit)
    ]


def entity_record(entity: Entity, articles: int) -> EntityRecord:
    """One entity: canonical name, type, aliases, roles with dates, article count."""
    return EntityRecord(
        id=entity.id,
        name=entity.name,
        type=entity.label,
        kind=reader_type(entity.label),
        aliases=sorted(a.alias for a in entity.aliases),
        roles=[
            RoleRecord(role=r.role, first_seen=r.first_seen, last_seen=r.last_seen)
            for r in entity.roles
        ],
        articles=articles,
    )


def find_entities(session: Session, name: str) -> list[tuple[Entity, int]]:
    """Entities known under `name` (any alias, any case or romanisation), with article counts."""
    wanted = normalise_name(name)
    found = [
        entity
        for entity in entities_under(session, lookup_keys(name), name)
        if any(
            normalise_name(alias) == wanted or compatible_names(alias, name)
            for alias in (entity.name, *(a.alias for a in entity.aliases))
        )
    ]
    return [(entity, article_count(session, entity.id)) for entity in found]


def entities_named(session: Session, name: str) -> list[EntityRecord]:
    """The entities known under `name` (any spelling); NotFound when there is none."""
    found = [entity_record(entity, count) for entity, count in find_entities(session, name)]
    if not found:
        raise NotFound(f"no entity known as {name!r}")
    return found


def entity_view(
    session: Session, entity_id: int, *, reading: ReadingSettings, limit: int = 20
) -> EntityView:
    """An entity for its page: name, aliases and roles, its latest stories, quotes it said
    (those whose speaker passes `reading.quote_confidence`), and how many articles named it
    per day or week; NotFound when there is no such entity."""
    entity = session.scalar(
        select(Entity)
        .where(Entity.id == entity_id)
        .options(selectinload(Entity.aliases), selectinload(Entity.roles))
    )
    if entity is None:
        raise NotFound(f"There is no entity {entity_id}.")
    mentioned = select(Mention.article_id).where(Mention.entity_id == entity_id).distinct()
    dates = [
        moment
        for moment in session.scalars(
            select(Article.published_at).where(
                Article.id.in_(mentioned), Article.is_stub.is_(False)
            )
        )
    ]
    said = (
        Quote.speaker_id == entity_id,
        Quote.confidence >= reading.quote_confidence,
        Article.duplicate_of_id.is_(None),
    )
    quotes = session.execute(
        select(Quote.text, Quote.kind, Quote.attribution, Article.id, Outlet.name, Article.title)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(*said)
        .order_by(Article.published_at.desc().nulls_last(), Quote.id)
        .limit(limit)
    )
    # The page lists the latest quotes; its count is of them all.
    quote_count = session.scalar(
        select(func.count(Quote.id)).join(Article, Article.id == Quote.article_id).where(*said)
    )
    return EntityView(
        **dict(entity_record(entity, len(dates))),
        stories=entity_stories(session, entity_id, limit=limit),
        story_count=story_count(session, entity_id),
        quotes=[
            EntityQuote(text=t, kind=k, attribution=a, article_id=i, outlet=o, headline=h)
            for t, k, a, i, o, h in quotes
        ],
        quote_count=quote_count or 0,
        volume=mention_volume([d for d in dates if d is not None]),
        timeline=_timeline(session, mentioned, entity_id, reading),
        description=describe(entity.roles),
    )


def entity_stories(session: Session, entity_id: int, *, limit: int = 20) -> list[EntityStory]:
    """The latest stories naming the entity (the last seen first), with how many of their
    articles name it."""
    mentioned = select(Mention.article_id).where(Mention.entity_id == entity_id).distinct()
    rows = session.execute(
        select(Story.id, Story.title, Story.last_seen, func.count(Article.id))
        .join(Article, Article.story_id == Story.id)
        .where(Article.id.in_(mentioned))
        .group_by(Story.id, Story.title, Story.last_seen)
        .order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
        .limit(limit)
    )
    return [EntityStory(id=i, title=t, last_seen=seen, articles=n) for i, t, seen, n in rows]


def story_count(session: Session, entity_id: int) -> int:
    """How many stories name the entity (all of them: its page lists only the latest)."""
    mentioned = select(Mention.article_id).where(Mention.entity_id == entity_id).distinct()
    return (
        session.scalar(
            select(func.count(func.distinct(Article.story_id))).where(
                Article.id.in_(mentioned), Article.story_id.is_not(None)
            )
        )
        or 0
    )


def other_names(name: str, aliases: Sequence[str]) -> list[str]:
    """The aliases that are not the entity's name, each spelling once: two that differ only
    in case or spacing are one ("Also written as" must not list the name it is under)."""
    seen = {_folded(name)}
    others = []
    for alias in aliases:
        if _folded(alias) not in seen:
            seen.add(_folded(alias))
            others.append(alias)
    return others


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def describe(roles: Sequence[EntityRole]) -> str | None:
    """The role that says who they are now: the one seen last, a bare common noun in the
    fullest form seen of it ("North Korean leader" for "leader"); None when none was seen."""
    if not roles:
        return None
    latest = max(roles, key=lambda r: (r.last_seen or r.first_seen or _NEVER, r.id or 0))
    if latest.role != latest.role.lower():
        # A title as written ("Governor") stands: "Deputy Governor" is another office.
        return latest.role
    fuller = [r.role for r in roles if r.role.lower().endswith(" " + latest.role)]
    return max(fuller, key=len, default=latest.role)


def _timeline(
    session: Session, mentioned: Select[tuple[int]], entity_id: int, reading: ReadingSettings
) -> list[TimelineEntry]:
    """The dated events naming the entity in the latest independent articles naming it."""
    articles = list(
        session.scalars(
            select(Article)
            .where(
                Article.id.in_(mentioned),
                Article.is_stub.is_(False),
                Article.duplicate_of_id.is_(None),
            )
            .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
            .limit(TIMELINE_ARTICLES)
        )
    )
    events = story_events(session, articles, naming=entity_id)
    headlines = {a.id: a.title for a in articles}
    return timeline_of(events, headlines, reading.timeline_confidence)


def mention_volume(moments: Sequence[datetime]) -> Volume:
    """Counts of moments per day (spans up to 60 days) or per week (Monday-start), every
    bucket from the first to the last present, empty ones as zero."""
    if not moments:
        return Volume(unit="day", buckets=[])
    days = sorted(m.date() for m in moments)
    weekly = days[-1] - days[0] > DAILY_SPAN
    step = timedelta(days=7 if weekly else 1)

    def bucket(day: date) -> date:
        return day - timedelta(days=day.weekday()) if weekly else day

    counts: dict[date, int] = {}
    for day in days:
        counts[bucket(day)] = counts.get(bucket(day), 0) + 1
    buckets = []
    cursor, last = bucket(days[0]), bucket(days[-1])
    # A week of context at least, so one busy day reads as a spike, not a wall.
    cursor = min(cursor, last - step * (MIN_BUCKETS - 1))
    while cursor <= last:
        buckets.append(VolumeBucket(start=cursor.isoformat(), count=counts.get(cursor, 0)))
        cursor += step
    return Volume(unit="week" if weekly else "day", buckets=buckets)
