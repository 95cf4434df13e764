"""Front-page sections: a page's stories under the places, organisations and people a reader
recognises ("Japan", "North Korea", "Google"), found from what most of each story's
articles name. Built with the front page by the views step and kept, never in a request."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.config import ReadingSettings
from newsdesk.enrich.labels import reader_type
from newsdesk.read.records import FrontSection, StoryCard
from newsdesk.store.models import Article, Entity, Mention

# The heading of the stories no section took.
OTHER_STORIES = "More stories"
OTHER_ANCHOR = "more-stories"


@dataclass(frozen=True)
class TopicName:
    """An entity a story could be filed under: its id, name, reader's kind, and how many
    times the story's articles name it."""

    entity_id: int
    name: str
    kind: str
    mentions: int


def front_sections(
    session: Session, cards: Sequence[StoryCard], reading: ReadingSettings
) -> list[FrontSection]:
    """The page's stories (in rank order) grouped into sections, each story in one; the
    stories no topic takes come last under "More stories"."""
    if not cards:
        return []
    return group_into_sections(
        cards, story_topics(session, [c.id for c in cards], reading), reading
    )


def story_topics(
    session: Session, story_ids: Sequence[int], reading: ReadingSettings
) -> dict[int, list[TopicName]]:
    """For each story, its `reading.topics_per_story` most named entities of
    `reading.topic_kinds` (by articles naming them, then mentions) that at least
    `reading.topic_share` of its independent articles name."""
    independent = (
        select(Article.id, Article.story_id)
        .where(
            Article.story_id.in_(story_ids),
            Article.is_stub.is_(False),
            Article.duplicate_of_id.is_(None),
        )
        .subquery()
    )
    sizes = dict(
        session.execute(
            select(independent.c.story_id, func.count()).group_by(independent.c.story_id)
        ).all()
    )
    named = func.count(func.distinct(Mention.article_id))
    rows = session.execute(
        select(
            independent.c.story_id,
            Entity.id,
            Entity.name,
            Entity.label,
            named,
            func.count(Mention.id),
        )
        .join(Mention, Mention.article_id == independent.c.id)
        .join(Entity, Entity.id == Mention.entity_id)
        .group_by(independent.c.story_id, Entity.id, Entity.name, Entity.label)
        .order_by(independent.c.story_id, named.desc(), func.count(Mention.id).desc(), Entity.id)
    )
    topics: dict[int, list[TopicName]] = {}
    for story_id, entity_id, name, label, articles, mentions in rows:
        kind = reader_type(label)
        if kind not in reading.topic_kinds or articles < reading.topic_share * sizes[story_id]:
            continue
        # Only what the story is mostly about: "United States", named once in each article
        # of stories on Gaza, Baku and Google, would otherwise file them together.
        found = topics.setdefault(story_id, [])
        if len(found) < reading.topics_per_story:
            found.append(TopicName(entity_id, name, kind, mentions))
    return topics


def group_into_sections(
    cards: Sequence[StoryCard],
    topics: Mapping[int, Sequence[TopicName]],
    reading: ReadingSettings,
) -> list[FrontSection]:
    """Sections by greedy cover: the topic of the most stories not yet filed (at least
    `reading.topic_min_stories`) takes them, ties going to the most mentioned, then the
    earlier kind of `reading.topic_kinds`, then the better-ranked story; a story left over
    follows a story of its thread. Sections go in the rank order of their first story, and
    each keeps the page's order."""
    rank = {card.id: index for index, card in enumerate(cards)}
    filed: dict[int, TopicName] = {}
    while True:
        candidates: dict[int, tuple[TopicName, list[int], int]] = {}
        for card in cards:
            if card.id in filed:
                continue
            for topic in topics.get(card.id, ()):
                first, story_ids, mentions = candidates.get(topic.entity_id, (topic, [], 0))
                candidates[topic.entity_id] = (
                    first,
                    [*story_ids, card.id],
                    mentions + topic.mentions,
                )
        best = min(
            (c for c in candidates.values() if len(c[1]) >= reading.topic_min_stories),
            key=lambda c: (
                -len(c[1]),
                -c[2],
                reading.topic_kinds.index(c[0].kind),
                rank[c[1][0]],
            ),
            default=None,
        )
        if best is None:
            break
        for story_id in best[1]:
            filed[story_id] = best[0]
    # Stories of one thread are read together (an earlier visit named other people).
    by_thread = {card.thread_id: filed[card.id] for card in cards if card.id in filed}
    for card in cards:
        if card.id not in filed and card.thread_id in by_thread:
            filed[card.id] = by_thread[card.thread_id]
    sections: dict[int | None, list[int]] = {}
    for card in cards:
        topic = filed.get(card.id)
        sections.setdefault(topic.entity_id if topic else None, []).append(card.id)
    named = {topic.entity_id: topic for topic in filed.values()}
    anchors: set[str] = set()
    found = []
    for entity_id, story_ids in sections.items():
        if entity_id is None:
            continue
        topic = named[entity_id]
        found.append(
            FrontSection(
                name=topic.name,
                anchor=_anchor(topic, anchors),
                entity_id=topic.entity_id,
                kind=topic.kind,
                story_ids=story_ids,
            )
        )
    if None in sections:
        # The rest keep the page's order, after every named section.
        found.append(
            FrontSection(
                name=OTHER_STORIES,
                anchor=OTHER_ANCHOR,
                entity_id=None,
                kind=None,
                story_ids=sections[None],
            )
        )
    return found


def _anchor(topic: TopicName, taken: set[str]) -> str:
    """A readable fragment for the section ("topic-north-korea"), unique on the page."""
    ascii_name = unicodedata.normalize("NFKD", topic.name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    anchor = f"topic-{words or topic.entity_id}"
    if anchor in taken or anchor == OTHER_ANCHOR:
        anchor = f"{anchor}-{topic.entity_id}"
    taken.add(anchor)
    return anchor
