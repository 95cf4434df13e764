"""The pairwise merge score behind `newsdesk eval entities`, on hand-counted cases."""

from __future__ import annotations

import pytest

from newsdesk.eval.entities import pairwise_score


def test_perfect_clustering_scores_one() -> None:
    score = pairwise_score(["a", "a", "b"], ["x", "x", "y"])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_one_wrong_merge_costs_precision() -> None:
    # Gold pairs: (0,1). Predicted pairs: (0,1), (0,2), (1,2): one of three is right.
    score = pairwise_score(["a", "a", "b"], ["x", "x", "x"])
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == 1.0


def test_a_missed_mention_costs_recall() -> None:
    # Gold pairs: (0,1), (0,2), (1,2); only (0,1) is predicted.
    score = pairwise_score(["a", "a", "a"], ["x", "x", "missed:2"])
    assert score.precision == 1.0
    assert score.recall == pytest.approx(1 / 3)
    assert score.recognised == 2
