"""Extractive summaries with citations: an article's, a story's across outlets, key points,
and who's who.

Sentences are scored by centrality (mean similarity to the other candidates) and by
position (news writing puts the gist in the lead), then picked MMR-style: a sentence too
close to one already picked is refused, so no two summary sentences say the same thing.
Vectors are sentence embeddings computed by the caller, or TF-IDF over the candidates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
from scipy import sparse

from newsdesk.group.terms import STOP_WORDS, WORD

ARTICLE_SENTENCES = 3
STORY_SENTENCES = 6
KEY_POINTS = 5
# Cosine above which two sentences say the same thing: embeddings score paraphrases
# higher than TF-IDF does, so each kind of vector has its own threshold.
EMBEDDING_REDUNDANCY = 0.72
TFIDF_REDUNDANCY = 0.45
# Cosine above which independent outlets are taken to report the same fact.
EMBEDDING_AGREEMENT = 0.68
TFIDF_AGREEMENT = 0.4
# Word overlap (Jaccard) above which two sentences are one text, as in syndicated copies.
SAME_TEXT = 0.8
# The lead carries the gist; the bonus fades over the first few sentences.
LEAD_BONUS = 0.1
# Extractive summaries lose the context of pronouns and of quotes without their speaker.
DANGLING_PENALTY = 0.1
# How much a sentence's closeness to those already picked lowers its score.
MMR_PENALTY = 0.15
# Coverage: a telling (copy group) already cited loses this much.
COVERED_PENALTY = 0.08

_DANGLING = re.compile(r"^\s*(?:[\"“‘']|(?:he|she|it|they|this|that|these|those|but|and)\b)", re.I)


@dataclass(frozen=True)
class CitedSentence:
    """A sentence of an article and where it comes from; offsets into its enrichment text."""

    text: str
    article_id: int
    outlet: str | None
    published: datetime | None
    sentence_index: int
    start: int = 0
    end: int = 0
    # The canonical article of its syndicated-copy group (itself when it has no copies).
    copy_of: int | None = None
    credit: str = ""
    # The article's headline, so that a citation names what it cites.
    headline: str = ""

    @property
    def telling(self) -> int:
        """The independent telling this sentence belongs to: its copy group."""
        return self.copy_of if self.copy_of is not None else self.article_id


@dataclass(frozen=True)
class Citation:
    """Where a statement was read: article, outlet, and sentence."""

    article_id: int
    outlet: str | None
    published: datetime | None
    sentence_index: int
    credit: str = ""


@dataclass(frozen=True)
class KeyPoint:
    """A fact of the story, with every independent outlet that reports it."""

    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class EntityInStory:
    """An entity named in a story, its known roles (role, first seen) and how often named."""

    entity_id: int
    name: str
    label: str
    mentions: int
    articles: int
    roles: tuple[tuple[str, datetime | None], ...] = ()
    surface_forms: tuple[str, ...] = ()
    # How sure newsdesk is that it is the person or body it claims (present.confidence).
    confidence: float = 1.0


@dataclass(frozen=True)
class WhoEntry:
    """One line of who's who: name, the role to show, every role known by then, counts."""

    entity_id: int
    name: str
    label: str
    role: str | None
    roles: tuple[str, ...]
    mentions: int
    articles: int
    surface_forms: tuple[str, ...] = ()
    confidence: float = 1.0


def cite(sentence: CitedSentence) -> Citation:
    """The citation of a sentence."""
    return Citation(
        sentence.article_id,
        sentence.outlet,
        sentence.published,
        sentence.sentence_index,
        sentence.credit,
    )


def words(text: str) -> list[str]:
    """Lower-cased content words and numbers of a text, stop words left out."""
    return [w for w in (m.group().lower() for m in WORD.finditer(text)) if w not in STOP_WORDS]


def tfidf_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length TF-IDF rows for the texts, IDF taken over the texts themselves."""
    bags = [Counter(words(t)) for t in texts]
    vocabulary = {w: i for i, w in enumerate(sorted({w for bag in bags for w in bag}))}
    matrix = np.zeros((len(texts), max(len(vocabulary), 1)), dtype=np.float32)
    frequency = Counter(w for bag in bags for w in bag)
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            idf = np.log((1 + len(texts)) / (1 + frequency[word])) + 1.0
            matrix[row, vocabulary[word]] = (1 + np.log(count)) * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


@lru_cache(maxsize=1 << 16)
def word_set(text: str) -> frozenset[str]:
    """The distinct content words of a text, kept for texts compared again and again."""
    return frozenset(words(text))


def same_text(a: str, b: str) -> bool:
    """Whether two sentences are one text give or take a few words (Jaccard of words)."""
    left, right = word_set(a), word_set(b)
    if not left or not right:
        return a.strip() == b.strip()
    return len(left & right) / len(left | right) >= SAME_TEXT


def word_incidence(texts: Sequence[str], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """Which content words each text has (`word_set`), one sparse row per text; words new
    to `vocabulary` are added to it, so texts read with one vocabulary can be compared."""
    sets = [word_set(text) for text in texts]
    columns = [vocabulary.setdefault(w, len(vocabulary)) for found in sets for w in found]
    starts = np.concatenate([[0], np.cumsum([len(found) for found in sets], dtype=np.int64)])
    return sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), columns, starts),
        shape=(len(texts), max(len(vocabulary), 1)),
    )


def same_text_pairs(texts: Sequence[str]) -> np.ndarray:
    """`same_text` for every pair of texts at once: a square boolean matrix.

    Word overlaps come from one sparse product, so a story of thousands of sentences is
    compared in milliseconds, not with millions of set operations.
    """
    incidence = word_incidence(texts, {})
    sizes = np.asarray(incidence.sum(axis=1), dtype=np.float64).ravel()
    shared = (incidence @ incidence.T).tocoo()
    same = np.zeros((len(texts), len(texts)), dtype=bool)
    union = sizes[shared.row] + sizes[shared.col] - shared.data
    same[shared.row, shared.col] = shared.data / union >= SAME_TEXT
    # Texts without a content word are one text only when written alike.
    empty = np.flatnonzero(sizes == 0)
    for i in empty:
        for j in empty:
            same[i, j] = texts[i].strip() == texts[j].strip()
    return same


def summarize_article(
    sentences: Sequence[CitedSentence],
    vectors: np.ndarray | None = None,
    *,
    limit: int = ARTICLE_SENTENCES,
) -> list[CitedSentence]:
    """Up to `limit` sentences of one article that best tell it, in reading order.

    `sentences` are the article's body sentences in order (headline left out); `vectors`
    their unit embeddings, one row each, or None for TF-IDF.
    """
    if not sentences:
        return []
    matrix, redundancy = _vectors(sentences, vectors)
    scores = _scores(sentences, matrix, list(range(len(sentences))))
    picked = _pick(sentences, matrix, scores, limit, redundancy, coverage=False)
    return [sentences[i] for i in sorted(picked)]


def summarize_story(
    candidates: Sequence[CitedSentence],
    vectors: np.ndarray | None = None,
    *,
    limit: int = STORY_SENTENCES,
    redundancy: float | None = None,
) -> list[CitedSentence]:
    """Up to `limit` sentences that tell a story across its outlets, most central first.

    No two say the same thing (cosine under `redundancy`); a wire text published by many
    outlets counts once, cited to its earliest copy; outlets not yet cited are preferred.
    """
    kept = distinct(candidates)
    if not kept:
        return []
    chosen = [candidates[i] for i in kept]
    matrix, default = _vectors(candidates, vectors)
    matrix = matrix[kept]
    scores = _scores(chosen, matrix, [c.sentence_index for c in chosen])
    picked = _pick(chosen, matrix, scores, limit, redundancy or default, coverage=True)
    return [chosen[i] for i in picked]


def key_points(
    candidates: Sequence[CitedSentence],
    vectors: np.ndarray | None = None,
    *,
    limit: int = KEY_POINTS,
    agreement: float | None = None,
) -> list[KeyPoint]:
    """The facts most outlets report, each citing every independent telling that has it.

    A fact reported by two or more tellings (copy groups) ranks first, by how many; when
    fewer than `limit` are corroborated, the most central remaining sentences follow.
    """
    kept = distinct(candidates)
    if not kept:
        return []
    chosen = [candidates[i] for i in kept]
    matrix, redundancy = _vectors(candidates, vectors)
    matrix = matrix[kept]
    if agreement is None:
        agreement = EMBEDDING_AGREEMENT if vectors is not None else TFIDF_AGREEMENT
    similarity = matrix @ matrix.T
    scores = _scores(chosen, matrix, [c.sentence_index for c in chosen])
    tellings = np.array([c.telling for c in chosen])
    support: list[dict[int, int]] = []
    for i, sentence in enumerate(chosen):
        # The closest sentence of each other telling that says the same thing.
        best: dict[int, int] = {sentence.telling: i}
        agreeing = (similarity[i] >= agreement) & (tellings != sentence.telling)
        for j in np.flatnonzero(agreeing):
            telling = chosen[j].telling
            if telling not in best or similarity[i, j] > similarity[i, best[telling]]:
                best[telling] = int(j)
        support.append(best)
    order = sorted(range(len(chosen)), key=lambda i: (-len(support[i]), -scores[i]))
    points: list[KeyPoint] = []
    taken: list[int] = []
    for i in order:
        if len(points) >= limit:
            break
        if any(similarity[i, j] >= redundancy for j in taken):
            continue
        taken.append(i)
        cited = sorted(support[i].values(), key=lambda j: (j != i, _published_key(chosen[j])))
        points.append(KeyPoint(chosen[i].text, tuple(cite(chosen[j]) for j in cited)))
    return points


def whos_who(
    entities: Sequence[EntityInStory],
    *,
    as_of: datetime | None = None,
    labels: Sequence[str] = ("PERSON", "ORG"),
    limit: int = 12,
    min_confidence: float = 0.0,
) -> list[WhoEntry]:
    """People and organisations of a story, most named first, with their role as of `as_of`;
    those below `min_confidence` are left out.

    Roles first seen after `as_of` are left out (a later job is not the one they held);
    the role shown is the most specific (longest) of those left.
    """
    people = [e for e in entities if e.label in labels and e.confidence >= min_confidence]
    people.sort(key=lambda e: (labels.index(e.label), -e.articles, -e.mentions, e.name))
    entries = []
    for entity in people[:limit]:
        roles = tuple(
            dict.fromkeys(
                role
                for role, first_seen in entity.roles
                if as_of is None or first_seen is None or first_seen <= as_of
            )
        )
        shown = max(roles, key=lambda r: (len(r.split()), len(r)), default=None)
        entries.append(
            WhoEntry(
                entity.entity_id,
                entity.name,
                entity.label,
                shown,
                roles,
                entity.mentions,
                entity.articles,
                entity.surface_forms,
                entity.confidence,
            )
        )
    return entries


def distinct(candidates: Sequence[CitedSentence], same: np.ndarray | None = None) -> list[int]:
    """Indexes of candidates with one text kept per group of near-identical ones
    (`same`: their `same_text_pairs`, computed when not given).

    The earliest published copy stands for the group, so a wire text carried by many
    outlets counts once.
    """
    if same is None:
        same = same_text_pairs([c.text for c in candidates])
    order = sorted(range(len(candidates)), key=lambda i: _published_key(candidates[i]))
    kept: list[int] = []
    covered = np.zeros(len(candidates), dtype=bool)
    for i in order:
        if not covered[i]:
            kept.append(i)
            covered |= same[i]
    return sorted(kept)


def _published_key(sentence: CitedSentence) -> tuple[float, int, int]:
    stamp = sentence.published.timestamp() if sentence.published else float("inf")
    return stamp, sentence.article_id, sentence.sentence_index


def _vectors(
    sentences: Sequence[CitedSentence], vectors: np.ndarray | None
) -> tuple[np.ndarray, float]:
    if vectors is not None:
        if len(vectors) != len(sentences):
            raise ValueError(f"{len(vectors)} vectors for {len(sentences)} sentences")
        return np.asarray(vectors, dtype=np.float32), EMBEDDING_REDUNDANCY
    return tfidf_vectors([s.text for s in sentences]), TFIDF_REDUNDANCY


def _scores(
    sentences: Sequence[CitedSentence], matrix: np.ndarray, positions: Sequence[int]
) -> np.ndarray:
    # Mean similarity to the other sentences: a sentence is not central for being itself,
    # which matters when there are only a handful.
    similarity = matrix @ matrix.T
    others = max(len(sentences) - 1, 1)
    scores = (similarity.sum(axis=1) - np.diag(similarity)) / others
    for i, (sentence, position) in enumerate(zip(sentences, positions, strict=True)):
        scores[i] += LEAD_BONUS / (1 + max(position, 0))
        if _DANGLING.match(sentence.text):
            scores[i] -= DANGLING_PENALTY
    return scores


def _pick(
    sentences: Sequence[CitedSentence],
    matrix: np.ndarray,
    scores: np.ndarray,
    limit: int,
    redundancy: float,
    *,
    coverage: bool,
) -> list[int]:
    similarity = matrix @ matrix.T
    picked: list[int] = []
    cited: set[int] = set()
    while len(picked) < limit:
        best, best_score = None, -np.inf
        for i in range(len(sentences)):
            if i in picked:
                continue
            closest = max((float(similarity[i, j]) for j in picked), default=0.0)
            if closest >= redundancy or any(
                same_text(sentences[i].text, sentences[j].text) for j in picked
            ):
                continue
            score = float(scores[i]) - MMR_PENALTY * closest
            if coverage and sentences[i].telling in cited:
                score -= COVERED_PENALTY
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        picked.append(best)
        cited.add(sentences[best].telling)
    return picked
