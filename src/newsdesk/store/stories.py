"""Stories in the store: each new article joins a story or starts one, online.

Candidates come from the database, by the story keys the article's salient entities and
week point at, plus the nearest story centroids active in its time window; the cost of
adding an article therefore follows those few candidates, not the size of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable
from datetime import timedelta

import numpy as np
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newsdesk.enrich.embed import from_bytes, to_bytes
from newsdesk.group.cluster import (
    DEFAULT_TUNING,
    ArticleFeatures,
    StoryState,
    absorb,
    assign,
    blocking_keys,
    lookup_keys,
    new_story,
)
from newsdesk.group.terms import CorpusCounts, content_terms
from newsdesk.group.threads import (
    DEFAULT_THREAD_TUNING,
    continues,
    key_entities,
    link_threads,
    story_weights,
)
from newsdesk.store.models import Article, CorpusCount, Mention, Story, StoryKey, utcnow

# Entities that say what a story is about; nationalities ("Russian") name too much.
STORY_LABELS = ("PERSON", "ORG", "FAC", "GPE", "LOC", "EVENT")
# How many stories active in the window are compared by vector at most.
RECENT_STORIES = 500
# Thread keys: a story's key entities, filed beside its blocking keys.
THREAD_KEY = "k:"
# How many stories a grown story is compared with for threads at most.
THREAD_CANDIDATES = 50


def article_features(session: Session, article: Article) -> ArticleFeatures:
    """What grouping reads of a stored, enriched and embedded article."""
    mentions = Counter(
        session.scalars(
            select(Mention.entity_id).where(
                Mention.article_id == article.id,
                Mention.entity_id.is_not(None),
                Mention.label.in_(STORY_LABELS),
            )
        )
    )
    vector = from_bytes(article.embedding) if article.embedding else np.zeros(384, np.float32)
    return ArticleFeatures(
        article_id=article.id,
        published=article.published_at,
        vector=vector,
        entities={entity: 1.0 + math.log(n) for entity, n in mentions.items()},
        terms=content_terms(article.title, article.text),
    )


def place_in_story(session: Session, article: Article, features: ArticleFeatures) -> int:
    """Add the article to the story it belongs to (or a new one); returns the story id.

    An article grouped again after its text changed (a new version of the page, a better
    extraction) stays in its story: it is the same report, already counted there.
    """
    kept = session.get(Story, article.story_id) if article.story_id is not None else None
    if kept is not None:
        kept.updated_at = utcnow()  # what its pages show has changed
        return kept.id
    _count(session, features)
    if article.duplicate_of_id is not None:
        # A syndicated copy is the same telling of the same event: its canonical's story.
        canonical = session.get(Article, article.duplicate_of_id)
        if canonical is not None and canonical.story_id is not None:
            story = session.get_one(Story, canonical.story_id)
            return _join(session, article, features, story)
    candidates = _candidates(session, features)
    counts = _counts_for(session, features, candidates)
    chosen = assign(features, [_state(s) for s in candidates], counts)
    if chosen is None:
        story = Story(title=article.title, size=0, state={})
        session.add(story)
        session.flush()
        state = new_story(story.id, features, counts)
        _save_state(story, state)
        article.story_id = story.id
        _file_keys(session, story, features)
        return story.id
    story = next(s for s in candidates if s.id == chosen)
    return _join(session, article, features, story, counts)


def _join(
    session: Session,
    article: Article,
    features: ArticleFeatures,
    story: Story,
    counts: CorpusCounts | None = None,
) -> int:
    if counts is None:
        counts = _counts_for(session, features, [story])
    _save_state(story, absorb(_state(story), features, counts))
    article.story_id = story.id
    _file_keys(session, story, features)
    return story.id


def _candidates(session: Session, features: ArticleFeatures) -> list[Story]:
    keyed = select(StoryKey.story_id).where(StoryKey.key.in_(lookup_keys(features)))
    found = {s.id: s for s in session.scalars(select(Story).where(Story.id.in_(keyed)))}
    for story in _nearest(session, features):
        found.setdefault(story.id, story)
    return list(found.values())


def _nearest(session: Session, features: ArticleFeatures) -> list[Story]:
    window = timedelta(days=DEFAULT_TUNING.window_days)
    # Centroids only: reading whole stories (their term profiles) for hundreds of
    # candidates would cost more than comparing them.
    if features.published is not None:
        # No ORDER BY here: with one, SQLite walks every story by id instead of using the
        # last_seen index, and the cost grows with the corpus. The window is small.
        in_window = select(Story.id).where(
            Story.last_seen >= features.published - window,
            Story.first_seen <= features.published + window,
        )
        ids = sorted(session.scalars(in_window), reverse=True)[:RECENT_STORIES]
    else:
        undated = select(Story.id).where(Story.last_seen.is_(None)).order_by(Story.id.desc())
        ids = list(session.scalars(undated.limit(RECENT_STORIES)))
    if not ids or not features.vector.any():
        return []
    recent = session.execute(
        select(Story.id, Story.centroid).where(Story.id.in_(ids), Story.centroid.is_not(None))
    ).all()
    if not recent:
        return []
    recent.sort(key=lambda row: -row.id)
    centroids = np.stack([from_bytes(centroid) for _, centroid in recent])
    norms = np.linalg.norm(centroids, axis=1)
    scores = centroids @ features.vector / np.maximum(norms, 1e-9)
    best = [recent[i].id for i in np.argsort(-scores)[: DEFAULT_TUNING.neighbours]]
    stories = {s.id: s for s in session.scalars(select(Story).where(Story.id.in_(best)))}
    return [stories[i] for i in best if i in stories]


def _state(story: Story) -> StoryState:
    state = story.state or {}
    return StoryState(
        story_id=story.id,
        centroid=from_bytes(story.centroid).copy() if story.centroid else np.zeros(384, np.float32),
        entities={int(k): int(v) for k, v in state.get("entities", {}).items()},
        terms=dict(state.get("terms", {})),
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        size=story.size,
    )


def _save_state(story: Story, state: StoryState) -> None:
    story.centroid = to_bytes(state.centroid)
    story.state = {
        "entities": {str(k): v for k, v in state.entities.items()},
        "terms": {k: round(v, 5) for k, v in state.terms.items()},
    }
    story.first_seen = state.first_seen
    story.last_seen = state.last_seen
    story.size = state.size


def _file_keys(session: Session, story: Story, features: ArticleFeatures) -> None:
    known = set(session.scalars(select(StoryKey.key).where(StoryKey.story_id == story.id)))
    session.add_all(
        StoryKey(story_id=story.id, key=key[:120])
        for key in sorted(blocking_keys(features) - known)
    )


def _count(session: Session, features: ArticleFeatures) -> None:
    rows = [("n", "all")]
    rows += [("t", term[:120]) for term in set(features.terms)]
    rows += [("e", str(entity)) for entity in set(features.entities)]
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    statement = insert(CorpusCount.__table__).on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"documents": CorpusCount.documents + 1},
    )
    # One statement run for many rows: compiled once, not once per article.
    session.connection().execute(
        statement, [{"kind": kind, "key": key, "documents": 1} for kind, key in rows]
    )


def _counts_for(
    session: Session, features: ArticleFeatures, stories: Iterable[Story]
) -> CorpusCounts:
    # Only the frequencies this decision reads: the article's terms and entities, and
    # the candidate stories' entities (their term profiles are already weighted).
    entities: set[Hashable] = set(features.entities)
    for story in stories:
        entities |= {int(k) for k in (story.state or {}).get("entities", {})}
    counts = CorpusCounts()
    counts.documents = _lookup(session, "n", ["all"]).get("all", 0)
    counts.terms.update(_lookup(session, "t", [t[:120] for t in features.terms]))
    counts.entities.update(
        {int(k): v for k, v in _lookup(session, "e", [str(e) for e in entities]).items()}
    )
    return counts


def _lookup(session: Session, kind: str, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for first in range(0, len(keys), 500):
        chunk = keys[first : first + 500]
        found.update(
            session.execute(
                select(CorpusCount.key, CorpusCount.documents).where(
                    CorpusCount.kind == kind, CorpusCount.key.in_(chunk)
                )
            ).all()
        )
    return found


def relink_threads(session: Session) -> int:
    """Recompute which stories continue each other from scratch (after a recluster);
    returns how many threads have 2+ stories."""
    stories = list(session.scalars(select(Story).order_by(Story.first_seen, Story.id)))
    states = [_state(s) for s in stories]
    numbers = link_threads(states)
    first_of: dict[int, int] = {}
    for story, state, number in zip(stories, states, numbers, strict=True):
        story.thread_id = first_of.setdefault(number, story.id)
        _file_thread_keys(session, story, state)
    sizes = Counter(numbers)
    return sum(1 for n in sizes.values() if n > 1)


def link_story_threads(session: Session, story_ids: Iterable[int]) -> None:
    """Link the given (new or grown) stories into the threads they continue, looking only
    at stories that share a key entity with them: the cost follows those, not the corpus.

    Threads only merge here; `relink_threads` recomputes them from scratch.
    """
    total = story_count(session)
    for story_id in sorted(set(story_ids)):
        story = session.get(Story, story_id)
        # A story is looked at when it starts and each time it doubles: what it is about
        # settles as it grows, and a story of n articles costs log n lookups, not n.
        if story is None or (story.thread_id is not None and story.size & (story.size - 1)):
            continue
        state = _state(story)
        keys = _file_thread_keys(session, story, state)
        candidates = _thread_candidates(session, story_id, keys)
        if not candidates:
            continue
        states = [_state(c) for c in candidates]
        entities = set(key_entities(state, DEFAULT_THREAD_TUNING.key_share))
        for other in states:
            entities |= key_entities(other, DEFAULT_THREAD_TUNING.key_share)
        frequency = _lookup_thread_keys(session, entities)
        weight = story_weights(frequency, total)
        for other_id in continues(state, states, weight):
            _merge_threads(session, story, session.get_one(Story, other_id))


def _file_thread_keys(session: Session, story: Story, state: StoryState) -> list[str]:
    # The story's key entities as they are now: a story's keys change as it grows.
    keys = sorted(f"{THREAD_KEY}{e}" for e in key_entities(state, DEFAULT_THREAD_TUNING.key_share))
    filed = set(
        session.scalars(
            select(StoryKey.key).where(
                StoryKey.story_id == story.id, StoryKey.key.startswith(THREAD_KEY)
            )
        )
    )
    stale = filed - set(keys)
    if stale:
        session.execute(
            delete(StoryKey).where(StoryKey.story_id == story.id, StoryKey.key.in_(stale))
        )
    session.add_all(StoryKey(story_id=story.id, key=k) for k in keys if k not in filed)
    if story.thread_id is None:
        story.thread_id = story.id
    session.flush()
    return keys


def _thread_candidates(session: Session, story_id: int, keys: list[str]) -> list[Story]:
    # The latest stories under the story's rarest key entities first, up to a budget: a
    # thread continues recent stories, rare names tie stories best, and an entity key to
    # thousands of stories ("Russia") must not make one article cost thousands.
    sizes = dict(
        session.execute(
            select(StoryKey.key, func.count(StoryKey.id))
            .where(StoryKey.key.in_(keys))
            .group_by(StoryKey.key)
        ).all()
    )
    found: dict[int, None] = {}
    for key in sorted(keys, key=lambda k: (sizes.get(k, 0), k)):
        budget = THREAD_CANDIDATES - len(found)
        if budget <= 0:
            break
        latest = session.scalars(
            select(StoryKey.story_id)
            .where(StoryKey.key == key, StoryKey.story_id != story_id)
            .order_by(StoryKey.story_id.desc())
            .limit(budget)
        )
        found.update(dict.fromkeys(latest))
    if not found:
        return []
    return list(session.scalars(select(Story).where(Story.id.in_(list(found)))))


def _lookup_thread_keys(session: Session, entities: set[Hashable]) -> dict[Hashable, int]:
    by_key = {f"{THREAD_KEY}{e}": e for e in entities}
    counts = session.execute(
        select(StoryKey.key, func.count(StoryKey.id))
        .where(StoryKey.key.in_(list(by_key)))
        .group_by(StoryKey.key)
    ).all()
    return {by_key[key]: n for key, n in counts}


def _merge_threads(session: Session, story: Story, other: Story) -> None:
    mine, theirs = story.thread_id or story.id, other.thread_id or other.id
    if mine == theirs:
        return
    # A thread is named by its first story's id, so the merged one keeps the smaller.
    keep, drop = min(mine, theirs), max(mine, theirs)
    session.execute(update(Story).where(Story.thread_id == drop).values(thread_id=keep))
    session.expire_all()


def clear_stories(session: Session) -> None:
    """Forget every story and the corpus counts, so grouping can start from scratch."""
    session.execute(update(Article).values(story_id=None, grouped_at=None))
    session.execute(delete(StoryKey))
    session.execute(delete(Story))
    session.execute(delete(CorpusCount))


def story_count(session: Session) -> int:
    """How many stories are stored."""
    return session.scalar(select(func.count(Story.id))) or 0


def story_rows(session: Session, *, limit: int | None = None) -> list[dict[str, object]]:
    """Stories as JSON, latest first: title, size, outlets, first and last seen, thread."""
    query = select(Story).order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
    if limit is not None:
        query = query.limit(limit)
    stories = list(session.scalars(query))
    outlets: dict[int, set[str]] = {}
    if stories:
        rows = session.execute(
            select(Article.story_id, Article.source_id).where(
                Article.story_id.in_([s.id for s in stories]), Article.source_id.is_not(None)
            )
        ).all()
        for story_id, source_id in rows:
            outlets.setdefault(story_id, set()).add(str(source_id))
    return [
        {
            "id": story.id,
            "title": story.title,
            "articles": story.size,
            "outlets": len(outlets.get(story.id, ())),
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
            "thread_id": story.thread_id,
        }
        for story in stories
    ]
