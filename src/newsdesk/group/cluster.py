"""Stories, online: each new article joins the most similar candidate story or starts one.

An article is compared only with candidate stories, found by blocking keys (its
entities within its week) and by nearest centroids, so adding one costs about the same
however large the corpus grows. Similarity mixes embedding cosine, TF-IDF cosine of
content words (IDF from the articles seen so far) and the share of the article's
entities the story names; a gap in time costs, and beyond `window_days` forbids.
Stories that continue each other over months are linked into threads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

import numpy as np

from newsdesk.config import StoryTuning
from newsdesk.group.terms import CorpusCounts, cosine, idf, weighted

DAY_SECONDS = 86_400.0
# Blocking by the week bucket: an article looks up its own week and both neighbours, so
# every story active within seven days either side is reached.
BUCKET_DAYS = 7
UNDATED = "undated"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DEFAULT_TUNING = StoryTuning()
# Two articles of a story compared for a split when either names no entity: a missed
# recognition counts as a middling overlap, neither tying nor parting them.
UNNAMED_OVERLAP = 0.3


@dataclass(frozen=True)
class ArticleFeatures:
    """What story grouping reads of an article.

    `entities` maps resolved entity ids (people, organisations, places, events) to their
    salience in the article (1 + log of mentions); `terms` are `content_terms` of it.
    """

    article_id: int
    published: datetime | None
    vector: np.ndarray
    entities: Mapping[Hashable, float]
    terms: Mapping[str, float]
    # The canonical article of its syndicated-copy group, when it is a copy of another.
    copy_of: int | None = None
    # `vector` is the English model's; the multilingual one compares it across languages.
    vector_multilingual: np.ndarray | None = None
    english: bool = True


@dataclass(frozen=True)
class StoryState:
    """A story as grouping sees it: mean vector, how many articles name each entity,
    summed TF-IDF profile (trimmed to its heaviest terms), span in time, size."""

    story_id: int
    centroid: np.ndarray
    entities: Mapping[Hashable, int]
    terms: Mapping[str, float]
    first_seen: datetime | None
    last_seen: datetime | None
    size: int
    # `centroid` is the mean English vector of its `english` English articles; this one
    # the mean multilingual vector of all of them.
    centroid_multilingual: np.ndarray | None = None
    english: int | None = None  # None: all `size` of them

    @property
    def english_articles(self) -> int:
        """How many of its articles are in English (the ones its `centroid` averages)."""
        return self.size if self.english is None else self.english


def compared_vectors(article: ArticleFeatures, story: StoryState) -> tuple[np.ndarray, np.ndarray]:
    """The article's vector and the story's centroid in one space: the English model's when
    the article and some of the story's articles are English (it tells English apart
    better), the multilingual model's for a pair across languages."""
    english_pair = article.english and story.english_articles > 0
    if english_pair or article.vector_multilingual is None or story.centroid_multilingual is None:
        return article.vector, story.centroid
    return article.vector_multilingual, story.centroid_multilingual


def _window_vector(article: ArticleFeatures) -> np.ndarray:
    # The space in which an article looks for near centroids, as `window_centroids` gives them.
    if article.english or article.vector_multilingual is None:
        return article.vector
    return article.vector_multilingual


def window_centroid(article: ArticleFeatures, story: StoryState) -> np.ndarray:
    """The story's centroid an article looks for near stories by: English for an English
    article, multilingual for another."""
    if article.english or article.vector_multilingual is None:
        return story.centroid
    if story.centroid_multilingual is None:
        return np.zeros_like(article.vector_multilingual)
    return story.centroid_multilingual


def _mean_with(
    centroid: np.ndarray | None, vector: np.ndarray | None, size: int
) -> np.ndarray | None:
    # The running mean of `size` vectors with one more added.
    if vector is None:
        return centroid
    if centroid is None or size == 0:
        return np.asarray(vector, dtype=np.float32).copy()
    return centroid + (vector - centroid) / (size + 1)


def new_story(story_id: int, article: ArticleFeatures, counts: CorpusCounts) -> StoryState:
    """A story of one article; `counts` should already include the article."""
    return StoryState(
        story_id=story_id,
        centroid=np.asarray(article.vector, dtype=np.float32).copy()
        if article.english
        else np.zeros_like(article.vector, dtype=np.float32),
        entities=dict.fromkeys(article.entities, 1),
        terms=weighted(article.terms, counts.terms, counts.documents),
        first_seen=article.published,
        last_seen=article.published,
        size=1,
        centroid_multilingual=_mean_with(None, article.vector_multilingual, 0),
        english=int(article.english),
    )


def absorb(
    story: StoryState,
    article: ArticleFeatures,
    counts: CorpusCounts,
    tuning: StoryTuning = DEFAULT_TUNING,
) -> StoryState:
    """The story with the article added: centroid, entity counts, profile and span updated."""
    entities = Counter(story.entities)
    entities.update(article.entities.keys())
    terms = Counter(story.terms)
    terms.update(weighted(article.terms, counts.terms, counts.documents))
    # Trimming keeps the cost of comparing with a story bounded as it grows.
    if len(terms) > tuning.profile_terms:
        terms = Counter(dict(terms.most_common(tuning.profile_terms)))
    seen = [t for t in (story.first_seen, story.last_seen, article.published) if t is not None]
    return replace(
        story,
        centroid=_mean_with(story.centroid, article.vector, story.english_articles)
        if article.english
        else story.centroid,
        centroid_multilingual=_mean_with(
            story.centroid_multilingual, article.vector_multilingual, story.size
        ),
        english=story.english_articles + int(article.english),
        entities=dict(entities),
        terms=dict(terms),
        first_seen=min(seen, default=None),
        last_seen=max(seen, default=None),
        size=story.size + 1,
    )


def gap_days(published: datetime | None, story: StoryState) -> float | None:
    """Days between a time and the story's span (0 inside it); None when either is unknown."""
    if published is None or story.first_seen is None or story.last_seen is None:
        return None
    if published < story.first_seen:
        return (story.first_seen - published).total_seconds() / DAY_SECONDS
    return max(0.0, (published - story.last_seen).total_seconds() / DAY_SECONDS)


def entity_cover(
    article: ArticleFeatures,
    story: StoryState,
    counts: CorpusCounts,
    tuning: StoryTuning = DEFAULT_TUNING,
) -> tuple[float, float] | None:
    """How far the story names the article's entities (by salience x IDF), and how far
    the article names the story's key entities, each 0 to 1; None when either side has
    none, so a missed recognition neither helps nor hurts."""
    if not article.entities or not story.entities:
        return None
    total = shared = 0.0
    for entity, salience in article.entities.items():
        weight = salience * idf(counts.entities.get(entity, 0), counts.documents)
        share = story.entities.get(entity, 0) / story.size
        total += weight
        shared += weight * min(1.0, share / tuning.entity_share)
    forward = shared / total if total else 0.0
    # The other way round too: a story whose key person the article never names is
    # another event of the same kind (Klitschko against Rahman, then against Thompson).
    total = shared = 0.0
    for entity, named in story.entities.items():
        share = named / story.size
        if share < tuning.entity_share:
            continue
        weight = share * idf(counts.entities.get(entity, 0), counts.documents)
        total += weight
        shared += weight * (entity in article.entities)
    backward = shared / total if total else forward
    return forward, backward


def term_cosines(article: Mapping[str, float], story: Mapping[str, float]) -> tuple[float, float]:
    """TF-IDF cosines of the words and of the numbers apart: the figures of an event (a
    magnitude, a score, a toll, a year) tell two events of one kind apart, and among
    many shared words they would weigh next to nothing."""
    (words, numbers), (story_words, story_numbers) = _split_numbers(article), _split_numbers(story)
    return cosine(words, story_words), cosine(numbers, story_numbers)


def _split_numbers(terms: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    words: dict[str, float] = {}
    numbers: dict[str, float] = {}
    for term, weight in terms.items():
        (numbers if term[0].isdigit() else words)[term] = weight
    return words, numbers


def similarity(
    article: ArticleFeatures,
    story: StoryState,
    counts: CorpusCounts,
    tuning: StoryTuning = DEFAULT_TUNING,
    article_terms: Mapping[str, float] | None = None,
) -> float:
    """How well the article fits the story, about 0 to 1; `article_terms` is its TF-IDF
    vector if already weighted."""
    vector, centroid = compared_vectors(article, story)
    norm = float(np.linalg.norm(centroid)) or 1.0
    embedding = float(vector @ centroid) / norm
    if article_terms is None:
        article_terms = weighted(article.terms, counts.terms, counts.documents)
    words, numbers = term_cosines(article_terms, story.terms)
    score = tuning.embedding * embedding + tuning.tfidf * words + tuning.numbers * numbers
    cover = entity_cover(article, story, counts, tuning)
    if cover is None:
        # Entities unknown: the text alone, scaled up to the same range.
        text_weight = tuning.embedding + tuning.tfidf + tuning.numbers
        score *= (text_weight + tuning.entity) / text_weight
    else:
        score += tuning.entity * (cover[0] + cover[1]) / 2
        if not any(cover):
            score -= tuning.disjoint_penalty
    gap = gap_days(article.published, story)
    if gap is not None:
        # Reports of the same days about the same places and people are most likely
        # one story (the toll rising the day after the quake); a week apart, less so.
        far = min(1.0, gap / tuning.window_days)
        score += tuning.time_bonus * (1.0 - far) - tuning.time_penalty * far
    return score


def assign(
    article: ArticleFeatures,
    candidates: Sequence[StoryState],
    counts: CorpusCounts,
    tuning: StoryTuning = DEFAULT_TUNING,
) -> int | None:
    """The id of the candidate story the article joins, or None to start a new one.

    `counts` are the corpus counts including this article; cost is O(candidates).
    """
    article_terms = weighted(article.terms, counts.terms, counts.documents)
    best, best_score = None, tuning.threshold
    for story in candidates:
        gap = gap_days(article.published, story)
        if gap is not None and gap > tuning.window_days:
            continue
        score = similarity(article, story, counts, tuning, article_terms)
        if score >= best_score:
            best, best_score = story.story_id, score
    return best


def time_bucket(published: datetime | None) -> int | None:
    """The week bucket of a time (weeks since 1970), None when undated."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return int((published - _EPOCH).total_seconds() // (BUCKET_DAYS * DAY_SECONDS))


def week_start(bucket: int) -> datetime:
    """The first instant of a week bucket (the inverse of `time_bucket`)."""
    return _EPOCH + timedelta(days=BUCKET_DAYS * bucket)


# What every blocking key starts with (a story's thread keys are filed beside them).
BLOCKING_KEY = "e:"


def blocking_keys(article: ArticleFeatures, tuning: StoryTuning = DEFAULT_TUNING) -> set[str]:
    """Keys a story is filed under once the article joins it: each of the article's most
    salient entities with its week ("e:42@2817", or "e:42@undated")."""
    bucket = time_bucket(article.published)
    suffix = UNDATED if bucket is None else str(bucket)
    return {f"{BLOCKING_KEY}{entity}@{suffix}" for entity in _key_entities(article, tuning)}


def lookup_keys(article: ArticleFeatures, tuning: StoryTuning = DEFAULT_TUNING) -> set[str]:
    """Keys to fetch the article's candidate stories by: its entities in its week and
    the weeks either side, so a story a few days away across a week boundary is found."""
    bucket = time_bucket(article.published)
    entities = _key_entities(article, tuning)
    if bucket is None:
        return {f"{BLOCKING_KEY}{entity}@{UNDATED}" for entity in entities}
    return {f"{BLOCKING_KEY}{e}@{b}" for e in entities for b in (bucket - 1, bucket, bucket + 1)}


def _key_entities(article: ArticleFeatures, tuning: StoryTuning) -> list[Hashable]:
    ranked = sorted(article.entities.items(), key=lambda item: (-item[1], str(item[0])))
    return [entity for entity, _ in ranked[: tuning.key_entities]]


class StoryCandidates(Protocol):
    """Where placement finds and keeps stories: `MemoryStories` for a corpus in hand, the
    pipeline's store-backed twin for production. Both answer the same questions."""

    def count(self, article: ArticleFeatures) -> None:
        """Add the article's terms and entities to the corpus counts."""

    def story_of_copy(self, article: ArticleFeatures) -> StoryState | None:
        """The story of the article's canonical copy, when it is a copy already placed."""

    def candidates(self, article: ArticleFeatures) -> list[StoryState]:
        """The stories filed under the article's keys plus the nearest centroids in its window."""

    def counts_for(self, article: ArticleFeatures, stories: Sequence[StoryState]) -> CorpusCounts:
        """Corpus counts holding at least what comparing the article with `stories` reads."""

    def open_story(self, article: ArticleFeatures) -> int:
        """A new, empty story for the article to start; its id."""

    def keep(self, story: StoryState, article: ArticleFeatures) -> None:
        """Keep the story as it is now that the article joined it, filed under its keys."""

    def members(self, story_id: int) -> list[ArticleFeatures]:
        """The story's articles, earliest first."""

    def member_counts(self, members: Sequence[ArticleFeatures]) -> CorpusCounts:
        """Corpus counts holding at least what comparing these articles reads."""

    def refile(self, story: StoryState, members: Sequence[ArticleFeatures]) -> None:
        """Keep a story made again from these articles (after a split), filed under their keys."""


def place_article(
    article: ArticleFeatures, stories: StoryCandidates, tuning: StoryTuning = DEFAULT_TUNING
) -> int:
    """Put the article in the story it belongs to, or a new one; the story's id.

    The one placement loop: the store and memory differ only in where candidates come
    from and where stories are kept.
    """
    stories.count(article)
    copied = stories.story_of_copy(article)
    if copied is not None:
        # A syndicated copy is the same telling of the same event: its canonical's story.
        stories.keep(
            absorb(copied, article, stories.counts_for(article, [copied]), tuning), article
        )
        return copied.story_id
    found = stories.candidates(article)
    counts = stories.counts_for(article, found)
    chosen = assign(article, found, counts, tuning)
    if chosen is None:
        story = new_story(stories.open_story(article), article, counts)
    else:
        story = absorb(next(s for s in found if s.story_id == chosen), article, counts, tuning)
    stories.keep(story, article)
    if split_due(story.size, tuning):
        split_off = split_story(story.story_id, stories, tuning)
        if split_off is not None and article.article_id in split_off[1]:
            return split_off[0]
    return story.story_id


def split_story(
    story_id: int, stories: StoryCandidates, tuning: StoryTuning = DEFAULT_TUNING
) -> tuple[int, set[int]] | None:
    """Split a story whose articles tell two events (`two_events`): the group of its first
    article keeps the story, the other starts one. The new story's id and its articles'
    ids, or None when the story tells one event."""
    members = stories.members(story_id)
    counts = stories.member_counts(members)
    found = two_events(members, counts, tuning)
    if found is None:
        return None
    kept, moved = (set(group) for group in found)
    if members[0].article_id in moved:
        kept, moved = moved, kept
    staying = [m for m in members if m.article_id in kept]
    leaving = [m for m in members if m.article_id in moved]
    other = stories.open_story(leaving[0])
    stories.refile(remade_story(story_id, staying, counts, tuning), staying)
    stories.refile(remade_story(other, leaving, counts, tuning), leaving)
    return other, moved


def split_due(size: int, tuning: StoryTuning = DEFAULT_TUNING) -> bool:
    """Whether a story just grown to `size` articles is looked at for two events in it:
    each time it doubles, from twice `split_min` up to `split_max`, so a story of n
    articles is looked at log n times."""
    return 2 * tuning.split_min <= size <= tuning.split_max and size & (size - 1) == 0


def two_events(
    members: Sequence[ArticleFeatures], counts: CorpusCounts, tuning: StoryTuning = DEFAULT_TUNING
) -> tuple[list[int], list[int]] | None:
    """The article ids of a story's two groups when its articles form two (average link
    over embedding, TF-IDF and entity cosines), each of `split_min` or more, whose mean
    similarity across is under `split_ratio` of the looser group's own; else None."""
    size = len(members)
    if size < 2 * tuning.split_min:
        return None
    pairs = _pair_similarities(members, counts, tuning)
    groups = [[i] for i in range(size)]
    linked = pairs.copy()
    np.fill_diagonal(linked, -np.inf)
    weights = np.ones(size)
    while len(groups) > 2:
        # Average link, merged by the Lance-Williams update: O(n^2) a merge.
        first, second = divmod(int(np.argmax(linked)), len(groups))
        first, second = min(first, second), max(first, second)
        merged = (weights[first] * linked[first] + weights[second] * linked[second]) / (
            weights[first] + weights[second]
        )
        linked[first], linked[:, first] = merged, merged
        linked[first, first] = -np.inf
        weights[first] += weights[second]
        groups[first] += groups.pop(second)
        linked = np.delete(np.delete(linked, second, axis=0), second, axis=1)
        weights = np.delete(weights, second)
    one, other = groups
    if min(len(one), len(other)) < tuning.split_min:
        return None
    across = float(pairs[np.ix_(one, other)].mean())
    within = min(_mean_within(pairs, one), _mean_within(pairs, other))
    if across >= tuning.split_ratio * within:
        return None
    return [members[i].article_id for i in one], [members[i].article_id for i in other]


def _pair_similarities(
    members: Sequence[ArticleFeatures], counts: CorpusCounts, tuning: StoryTuning
) -> np.ndarray:
    # Article against article: what tells one event from another at the story's scale.
    # The English model's space when every member is English (it tells English reports
    # apart better), else the multilingual one when every member has it.
    multilingual = not all(m.english for m in members) and all(
        m.vector_multilingual is not None for m in members
    )
    vectors = np.stack(
        [
            np.asarray(m.vector_multilingual if multilingual else m.vector, dtype=np.float64)
            for m in members
        ]
    )
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    embedding = (vectors / norms) @ (vectors / norms).T
    terms = [weighted(m.terms, counts.terms, counts.documents) for m in members]
    names = [
        {e: w * idf(counts.entities.get(e, 0), counts.documents) for e, w in m.entities.items()}
        for m in members
    ]
    size = len(members)
    words = np.zeros((size, size))
    entities = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1, size):
            words[i, j] = words[j, i] = cosine(terms[i], terms[j])
            shared = cosine(names[i], names[j]) if names[i] and names[j] else UNNAMED_OVERLAP
            entities[i, j] = entities[j, i] = shared
    return (
        tuning.split_embedding * embedding
        + tuning.split_tfidf * words
        + tuning.split_entity * entities
    )


def _mean_within(pairs: np.ndarray, group: list[int]) -> float:
    block = pairs[np.ix_(group, group)]
    return float((block.sum() - np.trace(block)) / (len(group) * (len(group) - 1)))


def remade_story(
    story_id: int,
    members: Sequence[ArticleFeatures],
    counts: CorpusCounts,
    tuning: StoryTuning = DEFAULT_TUNING,
) -> StoryState:
    """A story made again from its articles, in the order given (after a split)."""
    story = new_story(story_id, members[0], counts)
    for article in members[1:]:
        story = absorb(story, article, counts, tuning)
    return story


def nearest_in_window(
    article: ArticleFeatures,
    ids: Sequence[int],
    centroids: np.ndarray,
    tuning: StoryTuning = DEFAULT_TUNING,
) -> list[int]:
    """Of stories active in the article's window (`ids`, newest first, with their
    `window_centroid`s), the `tuning.neighbours` nearest to the article, nearest first."""
    vector = _window_vector(article)
    if not len(ids) or not vector.any():
        return []
    norms = np.linalg.norm(centroids, axis=1)
    scores = centroids @ vector / np.maximum(norms, 1e-9)
    return [int(ids[i]) for i in np.argsort(-scores, kind="stable")[: tuning.neighbours]]


class MemoryStories:
    """Stories kept in memory for a corpus grouped in one go (evaluations, tests): the
    same candidates the store gives, found by the same keys and window rules."""

    def __init__(self, tuning: StoryTuning = DEFAULT_TUNING) -> None:
        self.tuning = tuning
        self.counts = CorpusCounts()
        self.stories: list[StoryState] = []
        self.blocks: dict[str, set[int]] = {}
        self.story_of: dict[int, int] = {}
        self.articles: dict[int, list[ArticleFeatures]] = {}

    def count(self, article: ArticleFeatures) -> None:
        """Add the article's terms and entities to the corpus counts."""
        self.counts.add(article.terms, article.entities)

    def story_of_copy(self, article: ArticleFeatures) -> StoryState | None:
        """The story of the article's canonical copy, when it is a copy already placed."""
        if article.copy_of is None or article.copy_of not in self.story_of:
            return None
        return self.stories[self.story_of[article.copy_of]]

    def candidates(self, article: ArticleFeatures) -> list[StoryState]:
        """The stories filed under the article's keys plus the nearest centroids in its window."""
        found = {s for key in lookup_keys(article, self.tuning) for s in self.blocks.get(key, ())}
        # Newest first and at most `recent_stories`, as the store reads its window.
        recent = [s for s in reversed(self.stories) if _in_window(article, s, self.tuning)]
        recent = recent[: self.tuning.recent_stories]
        if recent:
            centroids = np.stack([window_centroid(article, s) for s in recent])
            ids = [s.story_id for s in recent]
            found |= set(nearest_in_window(article, ids, centroids, self.tuning))
        return [self.stories[s] for s in sorted(found)]

    def counts_for(self, article: ArticleFeatures, stories: Sequence[StoryState]) -> CorpusCounts:
        """The corpus counts so far (they hold everything any comparison reads)."""
        return self.counts

    def open_story(self, article: ArticleFeatures) -> int:
        """A new, empty story for the article to start; its id (its index)."""
        self.stories.append(new_story(len(self.stories), article, self.counts))
        return len(self.stories) - 1

    def keep(self, story: StoryState, article: ArticleFeatures) -> None:
        """Keep the story as it is now that the article joined it, filed under its keys."""
        self.stories[story.story_id] = story
        self.story_of[article.article_id] = story.story_id
        self.articles.setdefault(story.story_id, []).append(article)
        for key in blocking_keys(article, self.tuning):
            self.blocks.setdefault(key, set()).add(story.story_id)

    def members(self, story_id: int) -> list[ArticleFeatures]:
        """The story's articles, earliest first (undated last, in placement order)."""
        return sorted(self.articles.get(story_id, []), key=_publication_order)

    def member_counts(self, members: Sequence[ArticleFeatures]) -> CorpusCounts:
        """The corpus counts so far."""
        return self.counts

    def refile(self, story: StoryState, members: Sequence[ArticleFeatures]) -> None:
        """Keep a story made again from these articles (after a split), filed under their keys."""
        self.stories[story.story_id] = story
        self.articles[story.story_id] = list(members)
        # Its keys are its articles' now, as the store replaces them.
        for filed in self.blocks.values():
            filed.discard(story.story_id)
        for article in members:
            self.story_of[article.article_id] = story.story_id
            for key in blocking_keys(article, self.tuning):
                self.blocks.setdefault(key, set()).add(story.story_id)


def _in_window(article: ArticleFeatures, story: StoryState, tuning: StoryTuning) -> bool:
    # As the store asks: a dated article sees stories whose span comes within the window
    # of it; an undated one sees the undated stories.
    if article.published is None:
        return story.last_seen is None
    if story.first_seen is None or story.last_seen is None:
        return False
    gap = gap_days(article.published, story)
    return gap is not None and gap <= tuning.window_days


def cluster_corpus(
    articles: Sequence[ArticleFeatures], tuning: StoryTuning = DEFAULT_TUNING
) -> list[int]:
    """Story index per article, from one online pass in publication order (undated last,
    in the given order), placed by the same loop as the store's."""
    return group_corpus(articles, tuning)[0]


def group_corpus(
    articles: Sequence[ArticleFeatures], tuning: StoryTuning = DEFAULT_TUNING
) -> tuple[list[int], list[StoryState]]:
    """`cluster_corpus`, also giving the stories (story_id = index), e.g. to link threads."""
    order = sorted(range(len(articles)), key=lambda i: _publication_order(articles[i]))
    stories = MemoryStories(tuning)
    for index in order:
        place_article(articles[index], stories, tuning)
    # Read at the end: a story split later takes some earlier articles with it.
    return [stories.story_of[a.article_id] for a in articles], stories.stories


def _publication_order(article: ArticleFeatures) -> tuple[bool, float]:
    bucket_time = article.published
    if bucket_time is None:
        return True, 0.0
    if bucket_time.tzinfo is None:
        bucket_time = bucket_time.replace(tzinfo=UTC)
    return False, bucket_time.timestamp()
