"""Syndicated copies: one wire story run by several outlets, found by MinHash and folded.

The flow the store follows: `signature` of each body, `band_keys` indexed in a table,
articles sharing a key are candidates, `is_syndicated_copy` decides on the exact text,
and `canonical_of` picks the article a fold is shown as, credited by `credit_line`.

Parameters, tuned on the demo corpus (`tests/group/test_dedupe.py` prints the figures):

- Shingles are 5-word runs of the lower-cased body with punctuation dropped: long enough
  that two stories on one topic share almost none (stock phrases are 2-4 words), short
  enough that an edited word spoils only five of them.
- 128 permutations, cut into 64 bands of 2 rows. A pair becomes a candidate with
  probability 1 - (1 - J^2)^64: 93% at Jaccard 0.2, 98% at 0.25, 99.8% at 0.3, 2.5% at
  0.02 (where stories of one topic sit), so heavily trimmed copies are still found.
- A copy holds at least 60% of the shorter body's shingles inside the longer one
  (containment, so trims and added local leads do not count against it) and Jaccard at
  least 0.25, so a long piece of the outlet's own that quotes a wire story is not folded.
  On the demo corpus copies reach containment 0.74-1.00 and Jaccard 0.50-0.98; different
  stories 0.09 and 0.03 at most.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from hashlib import blake2b

import numpy as np

from newsdesk.config import CopyRules

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 64
ROWS = 2
# Signatures are stored and compared across processes and releases, so the seed and the
# permutation scheme are pinned: datasketch changed its default scheme in 2.0, and values
# from two schemes compare silently wrong.
SEED = 1
SCHEME = "affine32"

_WORD = re.compile(r"[^\W_]+")


COPY_RULES = CopyRules()


@dataclass(frozen=True)
class CopyCandidate:
    """One article as dedupe sees it: body text, publication time and credits."""

    text: str
    published: datetime | None = None
    wire_service: str | None = None
    outlet: str | None = None
    article_id: int | str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Overlap:
    """Exact shingle overlap of two bodies: Jaccard, and containment of the shorter one."""

    jaccard: float
    containment: float
    shorter: int


@lru_cache(maxsize=4096)
def shingles(text: str) -> frozenset[str]:
    """The 5-word shingles of a body, lower-cased without punctuation; empty for no words."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a body: NUM_PERM uint32 values, all maximal for no words."""
    # Imported here: datasketch loads scipy and more, and reading copies needs none of it.
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def _is_empty(sig: np.ndarray) -> bool:
    return bool(np.all(sig == np.iinfo(np.uint32).max))


def band_keys(sig: np.ndarray) -> list[str]:
    """The LSH keys of a signature ("07:1f3a..."), one per band; none for an empty body.

    Two articles sharing any key are candidates; the store indexes the keys in a table.
    """
    if len(sig) != BANDS * ROWS:
        raise ValueError(f"signature has {len(sig)} values, expected {BANDS * ROWS}")
    if _is_empty(sig):
        # Every empty body has the same signature; keys would make them all candidates.
        return []
    values = np.asarray(sig, dtype=np.uint32).reshape(BANDS, ROWS)
    return [
        f"{band:02d}:{blake2b(row.tobytes(), digest_size=8).hexdigest()}"
        for band, row in enumerate(values)
    ]


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard of two bodies from their signatures (0.0 if either is empty)."""
    if _is_empty(sig_a) or _is_empty(sig_b):
        return 0.0
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def overlap(text_a: str, text_b: str) -> Overlap:
    """Exact shingle Jaccard and containment (share of the shorter body found in the longer)."""
    a, b = shingles(text_a), shingles(text_b)
    shorter = min(len(a), len(b))
    if not shorter:
        return Overlap(0.0, 0.0, 0)
    common = len(a & b)
    return Overlap(common / len(a | b), common / shorter, shorter)


def _name(text: str | None) -> str:
    words = _WORD.findall(text.casefold()) if text else []
    # "The Associated Press" and "Associated Press" are one name.
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def is_syndicated_copy(a: CopyCandidate, b: CopyCandidate, rules: CopyRules = COPY_RULES) -> bool:
    """Whether two articles are copies of one story: bodies sharing most text, published close.

    Refuses pairs published further apart than `rules.window`; an unknown date does not
    refuse, the text decides alone.
    """
    if a.published and b.published and abs(a.published - b.published) > rules.window:
        return False
    found = overlap(a.text, b.text)
    same_outlet = bool(a.outlet) and _name(a.outlet) == _name(b.outlet)
    # Two agencies never file the same text; a conflict means different stories that
    # share a background passage, unless the whole text matches.
    credits_conflict = bool(a.wire_service and b.wire_service) and not _same_agency(
        a.wire_service or "", b.wire_service or ""
    )
    if same_outlet or credits_conflict or found.shorter < rules.min_shingles:
        return found.jaccard >= rules.strict_jaccard
    return found.containment >= rules.min_containment and found.jaccard >= rules.min_jaccard


def canonical_of(group: Sequence[CopyCandidate]) -> int | str | None:
    """The `article_id` a fold of copies is shown as: the earliest published.

    Ties go to the copy crediting a wire service, then the longest body; undated copies
    count only when none is dated. Refuses an empty group.
    """
    return _canonical(group).article_id


def _canonical(group: Sequence[CopyCandidate]) -> CopyCandidate:
    if not group:
        raise ValueError("canonical_of needs at least one article")
    dated = [c for c in group if c.published is not None]
    if dated:
        earliest = min(c.published for c in dated if c.published is not None)
        group = [c for c in dated if c.published == earliest]
    return min(group, key=lambda c: (c.wire_service is None, -len(c.text), str(c.article_id)))


def copy_groups(
    candidates: Sequence[CopyCandidate], rules: CopyRules = COPY_RULES
) -> list[list[CopyCandidate]]:
    """Fold a batch in memory: groups of two or more copies, canonical first.

    Candidates come from shared band keys, as in the store; a group is the transitive
    closure of the copy pairs.
    """
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(candidate_pairs([signature(c.text) for c in candidates])):
        if root(i) != root(j) and is_syndicated_copy(candidates[i], candidates[j], rules):
            parent[root(i)] = root(j)
    members: dict[int, list[CopyCandidate]] = {}
    for i, copy in enumerate(candidates):
        members.setdefault(root(i), []).append(copy)
    groups = []
    for group in members.values():
        if len(group) > 1:
            first = _canonical(group)
            groups.append([first, *(c for c in group if c is not first)])
    return groups


def candidate_pairs(signatures: Sequence[np.ndarray]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of signatures sharing at least one band key."""
    buckets: dict[str, list[int]] = {}
    for index, sig in enumerate(signatures):
        for key in band_keys(sig):
            buckets.setdefault(key, []).append(index)
    return {
        (i, j) for bucket in buckets.values() for n, i in enumerate(bucket) for j in bucket[n + 1 :]
    }


def _same_agency(a: str, b: str) -> bool:
    # "AP" and "Associated Press", "Kyodo" and "Kyodo News", "AFP" and "Agence France-Presse".
    words_a, words_b = _name(a).split(), _name(b).split()
    if not words_a or not words_b:
        return False
    if words_a == words_b:
        return True
    short, long = sorted((words_a, words_b), key=len)
    initials = "".join(w[0] for w in long)
    return long[: len(short)] == short or (len(short) == 1 and short[0] == initials)


def credit_line(wire_service: str | None, outlet: str | None) -> str:
    """Who to credit: "AP, via The Mainichi"; the outlet alone when it is the agency or
    there is no agency, the agency alone without an outlet, "" without either.
    """
    if not wire_service or not wire_service.strip():
        return (outlet or "").strip()
    if not outlet or not outlet.strip() or _same_agency(wire_service, outlet):
        return (outlet or wire_service).strip()
    return f"{wire_service.strip()}, via {outlet.strip()}"
