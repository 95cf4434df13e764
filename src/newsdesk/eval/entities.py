"""Entity resolution scored against the demo corpus labels: pairwise precision, recall, F1.

Each labelled (article, surface form) of a person or organisation is an item. Two items
are truly the same when the labels give them one canonical name, and predicted the same
when newsdesk resolved them to one stored entity. Items newsdesk never recognised count
as entities of their own, so missed mentions cost recall.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints, load_labels
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, Mention
from newsdesk.types import IngestHints

KINDS = {"people": "PERSON", "organisations": "ORG"}


@dataclass(frozen=True)
class PairScore:
    """Pairwise precision, recall and F1 of merges, with the counts behind them."""

    precision: float
    recall: float
    f1: float
    items: int
    recognised: int


def pairwise_score(gold: list[str], predicted: list[str]) -> PairScore:
    """Score a clustering given each item's true and predicted cluster names."""
    true_pairs = predicted_pairs = both = 0
    for (g1, p1), (g2, p2) in combinations(zip(gold, predicted, strict=True), 2):
        same_gold, same_predicted = g1 == g2, p1 == p2
        true_pairs += same_gold
        predicted_pairs += same_predicted
        both += same_gold and same_predicted
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    recognised = sum(not p.startswith("missed:") for p in predicted)
    return PairScore(precision, recall, f1, len(gold), recognised)


def score_store(
    store: Store, kinds: tuple[str, ...], *, recognised_only: bool = False
) -> PairScore:
    """Score the entities stored for the demo corpus against its labels, for some kinds.

    `recognised_only` leaves out forms the recogniser never found, scoring resolution alone.
    """
    gold: list[str] = []
    predicted: list[str] = []
    with store.session() as session:
        articles = {
            a.title: a.id
            for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
        }
        for label in load_labels()["articles"]:
            article_id = articles.get(label["title"])
            for kind in kinds:
                for canonical, forms in label.get(kind, {}).items():
                    for form in forms:
                        resolved = _resolved(session, article_id, form)
                        if recognised_only and resolved.startswith("missed:"):
                            continue
                        gold.append(f"{kind}:{canonical}")
                        predicted.append(resolved)
    return pairwise_score(gold, predicted)


def _resolved(session: Session, article_id: int | None, form: str) -> str:
    if article_id is None:
        return f"missed:{form}"
    entities = Counter(
        session.scalars(
            select(Mention.entity_id).where(Mention.article_id == article_id, Mention.text == form)
        )
    )
    entities.pop(None, None)
    if not entities:
        return f"missed:{article_id}:{form}"
    return f"entity:{entities.most_common(1)[0][0]}"


def evaluate_demo_entities() -> dict[str, PairScore]:
    """Ingest the demo corpus into a throwaway store and score people, organisations, both."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        store = open_store(settings)
        ingest_paths(store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints)
        scores = {KINDS[kind]: score_store(store, (kind,)) for kind in KINDS}
        scores["ALL"] = score_store(store, tuple(KINDS))
        scores["ALL, recognised forms only"] = score_store(
            store, tuple(KINDS), recognised_only=True
        )
        store.close()
    return scores
