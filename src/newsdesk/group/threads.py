"""Threads: stories that continue each other over months (a visit, then the return visit).

Two stories are one thread when their key entities (named by at least half their
articles) and their TF-IDF profiles overlap enough; only stories sharing a key entity
are compared, so the cost follows the size of those blocks, not the square of all.
Tuned on the demo corpus: the two Japanese earthquakes share Japan and vocabulary
but no people, and stay apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import combinations

from newsdesk.config import ThreadTuning
from newsdesk.group.cluster import StoryState
from newsdesk.group.terms import cosine, idf

DEFAULT_THREAD_TUNING = ThreadTuning()


def key_entities(story: StoryState, share: float = 0.5) -> frozenset[Hashable]:
    """The entities named by at least `share` of the story's articles."""
    return frozenset(e for e, n in story.entities.items() if n >= share * story.size)


def thread_score(
    first: StoryState,
    second: StoryState,
    entity_weight: dict[Hashable, float],
    tuning: ThreadTuning = DEFAULT_THREAD_TUNING,
) -> float:
    """How much two stories read as one continuing thread, 0 to 1: TF-IDF cosine of
    their profiles mixed with the IDF-weighted Jaccard of their key entities."""
    a, b = key_entities(first, tuning.key_share), key_entities(second, tuning.key_share)
    union = sum(entity_weight.get(e, 1.0) for e in a | b)
    shared = sum(entity_weight.get(e, 1.0) for e in a & b) / union if union else 0.0
    terms = cosine(first.terms, second.terms)
    return tuning.terms_weight * terms + (1 - tuning.terms_weight) * shared


def story_weights(frequency: dict[Hashable, int], stories: int) -> dict[Hashable, float]:
    """IDF weight of each key entity by how many stories it is key to: an entity key to
    many stories ("Russia") says little about any two of them."""
    return {e: idf(n, stories) for e, n in frequency.items()}


def continues(
    story: StoryState,
    candidates: Sequence[StoryState],
    entity_weight: dict[Hashable, float],
    tuning: ThreadTuning = DEFAULT_THREAD_TUNING,
) -> list[int]:
    """The ids of the candidate stories that the story continues or is continued by."""
    return [
        c.story_id
        for c in candidates
        if c.story_id != story.story_id
        and thread_score(story, c, entity_weight, tuning) >= tuning.threshold
    ]


def link_threads(
    stories: Sequence[StoryState], tuning: ThreadTuning = DEFAULT_THREAD_TUNING
) -> list[int]:
    """Thread number per story (in the given order), numbered from 0 by first appearance."""
    keys = [key_entities(s, tuning.key_share) for s in stories]
    frequency: dict[Hashable, int] = {}
    for found in keys:
        for entity in found:
            frequency[entity] = frequency.get(entity, 0) + 1
    weight = story_weights(frequency, len(stories))
    blocks: dict[Hashable, list[int]] = {}
    for index, found in enumerate(keys):
        for entity in found:
            blocks.setdefault(entity, []).append(index)
    parent = list(range(len(stories)))
    compared: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x, y in combinations(members, 2):
            if (x, y) in compared or root_of(parent, x) == root_of(parent, y):
                continue
            compared.add((x, y))
            if thread_score(stories[x], stories[y], weight, tuning) >= tuning.threshold:
                parent[root_of(parent, y)] = root_of(parent, x)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root_of(parent, i), len(numbers)) for i in range(len(stories))]


def root_of(parent: list[int], index: int) -> int:
    """The root of `index` in a union-find forest, halving the path on the way."""
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index
