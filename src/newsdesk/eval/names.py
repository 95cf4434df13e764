"""Name matching scored on labelled pairs: could these two names be the same entity?

Two sets (see ../shared/data/README.md, names-dev/):

- nomenklatura pairs `{name1, name2, is_match, schema}`: people are compared with
  `compatible_names`, the test entity resolution applies to people; organisations (and
  vessels) with `org_similarity`, resolution's test for them; the pairs whose two names
  are written in different scripts ("Barack Obama", "Барак Хусеин Обама") are also
  scored apart. Caveat: the labels follow
  sanctions screening, where a one-letter variant of a name often counts as a match
  ("Larry Allison" for "Larry Ellison"); newsdesk, reading news, keeps such pairs apart
  on purpose, so recall here has a ceiling below 1.
- Wikidata Korean full names `{en, native}`: how often the Hangul name is compatible with
  its own English label (recall) and how often with another person's (on negatives built
  here, deterministically: each name against the label of another person, against the
  label of another person of the same family name, and, the hardest case, against the
  label of a person whose Hangul name differs from it in one syllable only).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz

from newsdesk.enrich.names import compatible_names
from newsdesk.enrich.resolve import org_similarity

PAIRS_FILE = "nomenklatura-pairs-dev.jsonl"
KOREAN_FILE = "wikidata-korean-fullnames-dev.jsonl"
PERSON_SCHEMAS = frozenset({"Person"})
# A fixed seed, so the negatives are the same on every run and machine.
NEGATIVE_SEED = 20180820
# The fuzzy baseline's cut: a common screening threshold on ASCII-folded names.
FUZZY_BASELINE = 90.0

Matcher = Callable[[str, str, bool], bool]


@dataclass(frozen=True)
class PairCounts:
    """Decisions on labelled pairs: true and false positives, false and true negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        """Matches said that were right; 1.0 when none was said."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """True matches found; 1.0 when there is none."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_match_rate(self) -> float:
        """Non-matching pairs wrongly matched."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def add(self, truth: bool, said: bool) -> PairCounts:
        """The counts with one more decision."""
        return PairCounts(
            self.tp + (truth and said),
            self.fp + (not truth and said),
            self.fn + (truth and not said),
            self.tn + (not truth and not said),
        )

    def as_json(self) -> dict[str, float | int]:
        """The counts and rates, rounded for reading."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_match_rate": round(self.false_match_rate, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


@dataclass(frozen=True)
class NamesScore:
    """newsdesk's matcher and two baselines on each set: per kind on the nomenklatura
    pairs, per negative kind on the Korean names."""

    pairs: dict[str, dict[str, PairCounts]]
    korean: dict[str, dict[str, PairCounts]]
    korean_names: int

    def as_json(self) -> dict[str, object]:
        """The score as plain JSON."""
        return {
            "nomenklatura": {
                m: {k: c.as_json() for k, c in kinds.items()} for m, kinds in self.pairs.items()
            },
            "korean": {
                m: {k: c.as_json() for k, c in kinds.items()} for m, kinds in self.korean.items()
            },
            "korean_names": self.korean_names,
        }


def newsdesk_match(a: str, b: str, person: bool) -> bool:
    """Whether entity resolution could take the two names for one entity, whichever of
    the two it met first (for organisations, resolution asks whether the new name may be
    the known one, which is not symmetric)."""
    if person:
        return compatible_names(a, b)
    return max(org_similarity((a,), (b,)), org_similarity((b,), (a,))) > 0


def exact_match(a: str, b: str, person: bool) -> bool:
    """Baseline: the same letters once ASCII-folded and casefolded, spaces and punctuation
    aside ("Choe Son-hui" is "choesonhui", as is "최선희" romanised)."""
    del person  # one rule for every kind
    return _compact(a) == _compact(b)


def fuzzy_match(a: str, b: str, person: bool) -> bool:
    """Baseline: ASCII-folded names at least `FUZZY_BASELINE` alike, in any word order or
    spacing (the better of the token-sorted and the plain ratio)."""
    del person
    similarity = max(
        fuzz.token_sort_ratio(_spaced(a), _spaced(b)), fuzz.ratio(_compact(a), _compact(b))
    )
    return similarity >= FUZZY_BASELINE


MATCHERS: dict[str, Matcher] = {
    "newsdesk": newsdesk_match,
    "same name": exact_match,
    f"fuzzy >= {FUZZY_BASELINE:.0f}": fuzzy_match,
}


def _spaced(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(name).casefold()).split())


def _compact(name: str) -> str:
    return _spaced(name).replace(" ", "")


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSONL file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def score_pairs(rows: Iterable[dict], match: Matcher) -> dict[str, PairCounts]:
    """A matcher's decisions on labelled pairs, for people, organisations and all."""
    counts = {
        "people": PairCounts(),
        "organisations": PairCounts(),
        "across scripts": PairCounts(),
        "all": PairCounts(),
    }
    for row in rows:
        person = row.get("schema") in PERSON_SCHEMAS
        said = match(row["name1"], row["name2"], person)
        truth = bool(row["is_match"])
        kinds = ["people" if person else "organisations", "all"]
        if script(row["name1"]) != script(row["name2"]):
            kinds.append("across scripts")
        for kind in kinds:
            counts[kind] = counts[kind].add(truth, said)
    return counts


def script(name: str) -> str:
    """The script a name is written in, by its first letter ("LATIN", "CYRILLIC",
    "HANGUL", "CJK"), as Unicode names it."""
    letter = next((ch for ch in name if ch.isalpha()), "")
    return unicodedata.name(letter, "UNKNOWN").split()[0] if letter else "UNKNOWN"


def korean_negatives(rows: list[dict], *, same_family: bool) -> list[tuple[str, str]]:
    """(native name, another person's English label) pairs, one per name, fixed by seed.

    Each name meets the label of the next name in a seeded shuffle (of those sharing
    its first Hangul syllable, the family name, when `same_family`), skipping people with
    the same native name or label, who may well be namesakes.
    """
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(row["native"][:1] if same_family else "", []).append(index)
    rng = random.Random(NEGATIVE_SEED)
    pairs: list[tuple[str, str]] = []
    for key in sorted(groups):
        order = groups[key][:]
        rng.shuffle(order)
        for position, index in enumerate(order):
            for step in range(1, len(order)):
                other = rows[order[(position + step) % len(order)]]
                if other["native"] != rows[index]["native"] and other["en"] != rows[index]["en"]:
                    pairs.append((rows[index]["native"], other["en"]))
                    break
    return pairs


def close_negatives(rows: list[dict]) -> list[tuple[str, str]]:
    """(native name, label) pairs of two people whose Hangul names differ in one syllable
    only (최선희 and 최선화), one per name that has such a neighbour, fixed by seed."""
    by_pattern: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        native = row["native"]
        for i in range(len(native)):
            by_pattern.setdefault(native[:i] + "?" + native[i + 1 :], []).append(index)
    rng = random.Random(NEGATIVE_SEED)
    pairs: list[tuple[str, str]] = []
    for row in rows:
        native = row["native"]
        neighbours = sorted(
            {
                other
                for i in range(len(native))
                for other in by_pattern[native[:i] + "?" + native[i + 1 :]]
                if rows[other]["native"] != native and rows[other]["en"] != row["en"]
            }
        )
        if neighbours:
            pairs.append((native, rows[rng.choice(neighbours)]["en"]))
    return pairs


def score_korean(rows: list[dict], match: Matcher) -> dict[str, PairCounts]:
    """Recall on each name's own label; precision against each kind of negative."""
    positives = PairCounts()
    for row in rows:
        positives = positives.add(True, match(row["native"], row["en"], True))
    negatives = {
        "other person": korean_negatives(rows, same_family=False),
        "other person, same family": korean_negatives(rows, same_family=True),
        "one syllable apart": close_negatives(rows),
    }
    scores = {}
    for kind, pairs in negatives.items():
        counts = positives
        for native, label in pairs:
            counts = counts.add(False, match(native, label, True))
        scores[kind] = counts
    return scores


def evaluate_names(folder: Path) -> NamesScore:
    """Score newsdesk's name matcher and the baselines on the names-dev folder."""
    pairs = read_jsonl(folder / PAIRS_FILE)
    korean = read_jsonl(folder / KOREAN_FILE)
    return NamesScore(
        pairs={name: score_pairs(pairs, m) for name, m in MATCHERS.items()},
        korean={name: score_korean(korean, m) for name, m in MATCHERS.items()},
        korean_names=len(korean),
    )


def format_names(score: NamesScore) -> str:
    """The score as two tables, the baselines beside newsdesk's matcher."""
    header = f"{'':14s} {'kind':27s} {'P':>6s} {'R':>6s} {'F1':>6s} {'false':>6s} {'pairs':>6s}"
    rows = ["Name pairs (nomenklatura, sanctions-screening labels)", header]
    for name, kinds in score.pairs.items():
        rows += [_row(name, kind, c) for kind, c in kinds.items()]
    rows += [
        "",
        f"Korean names ({score.korean_names}): Hangul against its own English label (recall)"
        " and another person's (precision)",
        header,
    ]
    for name, kinds in score.korean.items():
        rows += [_row(name, kind, c) for kind, c in kinds.items()]
    rows += [
        "false: share of non-matching pairs matched",
        "caveat: nomenklatura counts one-letter variants of a name as matches; newsdesk does not",
    ]
    return "\n".join(rows)


def _row(name: str, kind: str, c: PairCounts) -> str:
    total = c.tp + c.fp + c.fn + c.tn
    return (
        f"{name:14s} {kind:27s} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
        f"{c.false_match_rate:6.3f} {total:6d}"
    )
