"""Stories in production: each new article is placed by group/'s one placement loop, with
its candidates found in the store, and stories that continue each other join a thread.

Candidates come from the database, by the story keys the article's salient entities and
week point at, plus the nearest story centroids active in its time window; the cost of
adding an article therefore follows those few candidates, not the size of the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from datetime import timedelta

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsdesk.config import StoryTuning, ThreadTuning
from newsdesk.enrich.embed import DIMENSIONS, from_bytes, is_english, to_bytes
from newsdesk.group.cluster import (
    BLOCKING_KEY,
    ArticleFeatures,
    StoryState,
    blocking_keys,
    lookup_keys,
    nearest_in_window,
    place_article,
)
from newsdesk.group.terms import CorpusCounts, content_terms
from newsdesk.group.threads import continues, key_entities, link_threads, story_weights
from newsdesk.store.models import Article, Mention, Story, utcnow
from newsdesk.store.stories import (
    corpus_counts,
    count_in_corpus,
    file_story_keys,
    latest_under_key,
    lock_stories,
    merge_threads,
    replace_story_keys,
    stories_by_id,
    stories_in_order,
    stories_in_window,
    stories_per_key,
    stories_under_keys,
    story_centroids,
    story_count,
)

# Entities that say what a story is about; nationalities ("Russian") name too much.
STORY_LABELS = ("PERSON", "ORG", "FAC", "GPE", "LOC", "EVENT")
# Thread keys: a story's key entities, filed beside its blocking keys.
THREAD_KEY = "k:"


def article_features(session: Session, article: Article, tuning: StoryTuning) -> ArticleFeatures:
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
    vector = from_bytes(article.embedding) if article.embedding else _zeros()
    return ArticleFeatures(
        article_id=article.id,
        published=article.published_at,
        vector=vector,
        entities={entity: 1.0 + math.log(n) for entity, n in mentions.items()},
        terms=content_terms(article.title, article.text, tuning.title_weight),
        copy_of=article.duplicate_of_id,
        vector_multilingual=from_bytes(article.embedding_multilingual)
        if article.embedding_multilingual
        else None,
        english=is_english(article.language),
    )


def place_in_story(session: Session, article: Article, tuning: StoryTuning) -> int:
    """Add the article to the story it belongs to (or a new one); returns the story id.

    An article grouped again after its text changed (a new version of the page, a better
    extraction) stays in its story: it is the same report, already counted there.
    """
    kept = session.get(Story, article.story_id) if article.story_id is not None else None
    if kept is not None:
        kept.updated_at = utcnow()  # what its pages show has changed
        return kept.id
    features = article_features(session, article, tuning)
    stories = StoreStories(session, tuning)
    story_id = place_article(features, stories, tuning)
    stories.keep_counts()
    return story_id


class StoreStories:
    """The stories of the store as `group.cluster.place_article` asks for them."""

    def __init__(self, session: Session, tuning: StoryTuning) -> None:
        self.session = session
        self.tuning = tuning
        self._rows: dict[int, Story] = {}
        self._counted: list[tuple[str, str]] = []

    def count(self, article: ArticleFeatures) -> None:
        """Count the article's terms and entities in the corpus: held here, added to what
        `counts_for` reads, and stored by `keep_counts` at the end of the placement."""
        self._counted = [("t", term) for term in article.terms] + [
            ("e", str(entity)) for entity in article.entities
        ]

    def keep_counts(self) -> None:
        """Store the counted article's corpus counts."""
        # Last in the transaction: the hot rows (the document count) stay locked only
        # while it commits, so concurrent groupers on PostgreSQL do not queue behind them.
        count_in_corpus(self.session, self._counted)
        self._counted = []

    def story_of_copy(self, article: ArticleFeatures) -> StoryState | None:
        """The story of the article's canonical copy, when it is a copy already placed."""
        if article.copy_of is None:
            return None
        canonical = self.session.get(Article, article.copy_of)
        if canonical is None or canonical.story_id is None:
            return None
        story = lock_stories(self.session, [canonical.story_id]).get(canonical.story_id)
        return self._state(story) if story is not None else None

    def candidates(self, article: ArticleFeatures) -> list[StoryState]:
        """Stories filed under the article's keys, and the nearest centroids in its window."""
        found = {
            s.id: s for s in stories_under_keys(self.session, lookup_keys(article, self.tuning))
        }
        window = timedelta(days=self.tuning.window_days)
        ids = stories_in_window(self.session, article.published, window, self.tuning.recent_stories)
        if ids and article.vector.any():
            # Centroids only: reading whole stories (their term profiles) for hundreds of
            # candidates would cost more than comparing them.
            multilingual = not article.english and article.vector_multilingual is not None
            recent = story_centroids(self.session, ids, multilingual=multilingual)
            if recent:
                centroids = np.stack([from_bytes(c) for _, c in recent])
                near = nearest_in_window(article, [i for i, _ in recent], centroids, self.tuning)
                for story_id, story in stories_by_id(self.session, near).items():
                    found.setdefault(story_id, story)
        # Locked before deciding: a story another grouper also sees (one spanning weeks)
        # is read as it last committed, and written by one grouper at a time.
        locked = lock_stories(self.session, found)
        return [self._state(locked[i]) for i in found if i in locked]

    def counts_for(self, article: ArticleFeatures, stories: Sequence[StoryState]) -> CorpusCounts:
        """Only the frequencies this decision reads: the article's terms and entities, and
        the candidate stories' entities (their term profiles are already weighted)."""
        entities: set[Hashable] = set(article.entities)
        for story in stories:
            entities |= set(story.entities)
        counts = CorpusCounts()
        counts.documents = corpus_counts(self.session, "n", ["all"]).get("all", 0)
        counts.terms.update(corpus_counts(self.session, "t", list(article.terms)))
        found = corpus_counts(self.session, "e", [str(e) for e in entities])
        counts.entities.update({int(k): v for k, v in found.items()})
        # The counted article itself, not stored yet: the same figures as if it were.
        if self._counted:
            counts.add(article.terms, article.entities)
        return counts

    def open_story(self, article: ArticleFeatures) -> int:
        """A new story, titled by the article that starts it; its id."""
        title = self.session.get_one(Article, article.article_id).title
        story = Story(title=title, size=0, state={})
        self.session.add(story)
        self.session.flush()
        self._rows[story.id] = story
        return story.id

    def keep(self, story: StoryState, article: ArticleFeatures) -> None:
        """Write the story's new state, put the article in it and file the story's keys."""
        row = self._rows.get(story.story_id) or self.session.get_one(Story, story.story_id)
        save_state(row, story)
        self.session.get_one(Article, article.article_id).story_id = row.id
        file_story_keys(self.session, row.id, blocking_keys(article, self.tuning))

    def members(self, story_id: int) -> list[ArticleFeatures]:
        """The story's articles, earliest first."""
        self.session.flush()
        query = (
            select(Article)
            .where(Article.story_id == story_id, Article.is_stub.is_(False))
            .order_by(Article.published_at.is_(None), Article.published_at, Article.id)
        )
        return [article_features(self.session, a, self.tuning) for a in self.session.scalars(query)]

    def member_counts(self, members: Sequence[ArticleFeatures]) -> CorpusCounts:
        """The corpus counts of the members' terms and entities, as stored now."""
        counts = CorpusCounts()
        counts.documents = corpus_counts(self.session, "n", ["all"]).get("all", 0)
        terms = sorted({t for m in members for t in m.terms})
        counts.terms.update(corpus_counts(self.session, "t", terms))
        names = sorted({str(e) for m in members for e in m.entities})
        counts.entities.update(
            {int(k): v for k, v in corpus_counts(self.session, "e", names).items()}
        )
        return counts

    def refile(self, story: StoryState, members: Sequence[ArticleFeatures]) -> None:
        """Keep a story made again from these articles (after a split): its state, its
        articles and its keys."""
        row = self._rows.get(story.story_id) or self.session.get_one(Story, story.story_id)
        save_state(row, story)
        # A story split off is a thread of its own until threads are linked again.
        row.thread_id = row.thread_id or row.id
        ids = [m.article_id for m in members]
        self.session.execute(update(Article).where(Article.id.in_(ids)).values(story_id=row.id))
        keys = {key for m in members for key in blocking_keys(m, self.tuning)}
        replace_story_keys(self.session, row.id, BLOCKING_KEY, keys)

    def _state(self, story: Story) -> StoryState:
        self._rows[story.id] = story
        return story_state(story)


def story_state(story: Story) -> StoryState:
    """A stored story as grouping sees it."""
    state = story.state or {}
    return StoryState(
        story_id=story.id,
        centroid=from_bytes(story.centroid).copy() if story.centroid else _zeros(),
        entities={int(k): int(v) for k, v in state.get("entities", {}).items()},
        terms=dict(state.get("terms", {})),
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        size=story.size,
        centroid_multilingual=from_bytes(story.centroid_multilingual).copy()
        if story.centroid_multilingual
        else None,
        english=state.get("english"),
    )


def save_state(story: Story, state: StoryState) -> None:
    """Write what grouping knows of a story back to its row."""
    story.centroid = to_bytes(state.centroid)
    if state.centroid_multilingual is not None:
        story.centroid_multilingual = to_bytes(state.centroid_multilingual)
    story.state = {
        "entities": {str(k): v for k, v in state.entities.items()},
        "terms": {k: round(v, 5) for k, v in state.terms.items()},
        "english": state.english_articles,
    }
    story.first_seen = state.first_seen
    story.last_seen = state.last_seen
    story.size = state.size


def _zeros() -> np.ndarray:
    return np.zeros(DIMENSIONS, np.float32)


def relink_threads(session: Session, tuning: ThreadTuning) -> int:
    """Recompute which stories continue each other from scratch (after a recluster);
    returns how many threads have 2+ stories."""
    stories = stories_in_order(session)
    states = [story_state(s) for s in stories]
    numbers = link_threads(states, tuning)
    first_of: dict[int, int] = {}
    for story, state, number in zip(stories, states, numbers, strict=True):
        story.thread_id = first_of.setdefault(number, story.id)
        _file_thread_keys(session, story, state, tuning)
    sizes = Counter(numbers)
    return sum(1 for n in sizes.values() if n > 1)


def link_story_threads(session: Session, story_ids: Iterable[int], tuning: ThreadTuning) -> None:
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
        state = story_state(story)
        keys = _file_thread_keys(session, story, state, tuning)
        candidates = _thread_candidates(session, story_id, keys, tuning)
        if not candidates:
            continue
        states = [story_state(c) for c in candidates]
        entities = set(key_entities(state, tuning.key_share))
        for other in states:
            entities |= key_entities(other, tuning.key_share)
        by_key = {f"{THREAD_KEY}{e}": e for e in entities}
        frequency = {by_key[k]: n for k, n in stories_per_key(session, by_key).items()}
        weight = story_weights(frequency, total)
        for other_id in continues(state, states, weight, tuning):
            other = session.get_one(Story, other_id)
            merge_threads(session, story.thread_id or story.id, other.thread_id or other.id)


def _file_thread_keys(
    session: Session, story: Story, state: StoryState, tuning: ThreadTuning
) -> list[str]:
    # The story's key entities as they are now: a story's keys change as it grows.
    keys = sorted(f"{THREAD_KEY}{e}" for e in key_entities(state, tuning.key_share))
    if story.thread_id is None:
        story.thread_id = story.id
    replace_story_keys(session, story.id, THREAD_KEY, keys)
    return keys


def _thread_candidates(
    session: Session, story_id: int, keys: list[str], tuning: ThreadTuning
) -> list[Story]:
    # The latest stories under the story's rarest key entities first, up to a budget: a
    # thread continues recent stories, rare names tie stories best, and an entity key to
    # thousands of stories ("Russia") must not make one article cost thousands.
    sizes = stories_per_key(session, keys)
    found: dict[int, None] = {}
    for key in sorted(keys, key=lambda k: (sizes.get(k, 0), k)):
        budget = tuning.candidates - len(found)
        if budget <= 0:
            break
        found.update(
            dict.fromkeys(latest_under_key(session, key, other_than=story_id, limit=budget))
        )
    return list(stories_by_id(session, found).values())
