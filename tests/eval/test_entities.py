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


# --- MEANTIME ---------------------------------------------------------------------------

from newsdesk.eval.entities import (  # noqa: E402
    StoredMention,
    align,
    cluster_score,
    gold_mentions,
    meantime_record,
    offset_map,
    score_meantime,
)

TEXT = "Boeing loses\nMarch 1, 2008\nJSA Research analyst Paul Nesbit said Boeing and he agreed."


def entity(text: str, surface: str, kind: str, instance: str | None, syntactic: str | None):
    start = TEXT.index(surface) if text is TEXT else text.index(surface)
    return {
        "start": start,
        "end": start + len(surface),
        "text": surface,
        "ent_type": kind,
        "syntactic_type": syntactic,
        "instance_id": instance,
    }


DOCUMENT = {
    "doc_id": "1",
    "title": "Boeing loses",
    "dct": "2008-03-01",
    "text": TEXT,
    "entities": [
        entity(TEXT, "Boeing", "ORG", "ORG1", "NAM"),
        entity(TEXT, "JSA Research analyst Paul Nesbit", "PER", "PER1", "NAM"),
        entity(TEXT, "Paul Nesbit", "PER", "PER1", "NAM"),
        entity(TEXT, "JSA Research", "ORG", None, "NAM"),
        {**entity(TEXT, "Boeing and he", "ORG", None, None)},
        {**entity(TEXT, "Boeing", "ORG", "ORG1", None), "start": TEXT.rindex("Boeing")},
        {**entity(TEXT, "he", "PER", "PER1", None), "start": TEXT.rindex(" he") + 1},
        entity(TEXT, "analyst", "PER", "PER1", "NOM"),
    ],
}
for e in DOCUMENT["entities"]:
    e["end"] = e["start"] + len(e["text"])


def test_gold_mentions_are_the_innermost_names_neither_pronoun_nor_nominal() -> None:
    found = [(m.text, m.kind, m.entity) for m in gold_mentions(DOCUMENT, 0)]
    assert found == [
        ("Boeing", "ORG", "ORG1"),
        ("JSA Research", "ORG", f"unlinked:0:{TEXT.index('JSA')}:{TEXT.index('JSA') + 12}"),
        ("Paul Nesbit", "PERSON", "PER1"),
        ("Boeing", "ORG", "ORG1"),
    ]


def test_untyped_titles_are_not_names() -> None:
    text = "Apple CEO Steve Jobs and the Prime Minister of Singapore met."
    titles = [
        entity(text, "Apple CEO", "PER", "PER1", None),
        entity(text, "the Prime Minister of Singapore", "PER", "PER2", None),
        entity(text, "Steve Jobs", "PER", "PER1", None),
    ]
    document = {"text": text, "entities": titles}
    assert [m.text for m in gold_mentions(document, 0)] == ["Steve Jobs"]


def test_the_record_takes_the_first_line_as_headline() -> None:
    record = meantime_record(DOCUMENT, 3)
    assert record["title"] == "Boeing loses" and record["text"].startswith("March 1, 2008")
    assert record["published"] == "2008-03-01" and record["url"].endswith(":3")


def test_offsets_survive_changed_spacing() -> None:
    stored = "Boeing loses\n\nMarch 1, 2008\n\nJSA Research  analyst Paul Nesbit said Boeing."
    mapped = offset_map(TEXT, stored)
    start = TEXT.index("Paul")
    assert stored[mapped[start] : mapped[start] + 4] == "Paul"


def test_a_gold_mention_takes_the_stored_mention_of_its_kind_overlapping_most() -> None:
    (gold,) = [m for m in gold_mentions(DOCUMENT, 0) if m.kind == "PERSON"]
    mapped = {i: i for i in range(len(TEXT))}
    start = TEXT.index("Paul")
    stored = [
        StoredMention(start - 8, start + 4, "analyst Paul", 7, "ORG"),
        StoredMention(start + 5, start + 11, "Nesbit", 9, "PERSON"),
    ]
    assert align(gold, mapped, stored).entity_id == 9
    assert align(gold, mapped, stored[:1]) is None


def test_cluster_scores_on_hand_counted_cases() -> None:
    # Gold {a1 a2 b1}; predicted all one: B-cubed precision (2/3+2/3+1/3)/3.
    score = cluster_score(["a", "a", "b"], ["x", "x", "x"], ["d1", "d2", "d2"])
    assert score.bcubed_precision == pytest.approx(5 / 9) and score.bcubed_recall == 1.0
    assert score.pairwise_precision == pytest.approx(1 / 3) and score.pairwise_recall == 1.0
    # Across documents: pairs (0,1) right, (0,2) wrong; (1,2) is within d2.
    assert score.cross_precision == pytest.approx(1 / 2)


def test_score_meantime_counts_missed_mentions_as_singletons() -> None:
    other = {**DOCUMENT, "entities": DOCUMENT["entities"][:1]}
    stored = {
        0: (TEXT, [StoredMention(0, 6, "Boeing", 1, "ORG")]),
        1: (TEXT, [StoredMention(0, 6, "Boeing", 1, "ORG")]),
    }
    score = score_meantime([DOCUMENT, other], stored)
    assert score.mentions["ORG"] == 4 and score.recognised["ORG"] == 2
    assert score.newsdesk["ORG"].pairwise_precision == 1.0
    assert score.newsdesk["ORG"].pairwise_recall == pytest.approx(1 / 3)
    assert set(score.baselines) == {"same name", "same name, gold spans"}
    assert score.as_json()["target"]["pairwise_precision"] == 0.97


def test_whos_who_on_the_demo_stories_is_surer_above_the_floor(shared_demo_store) -> None:
    from newsdesk.eval.entities import whos_who_score

    scores = whos_who_score(shared_demo_store, 0.5)
    everything = whos_who_score(shared_demo_store, 0.0)
    strict = whos_who_score(shared_demo_store, 0.85)
    assert scores["ALL"].entities == everything["ALL"].above > 100
    assert scores["ALL"].precision_above >= scores["ALL"].precision
    assert strict["ALL"].above < strict["ALL"].entities, "a higher floor hides lines"
    assert scores["PERSON"].kept >= 0.98 and scores["ORG"].kept >= 0.95
    # Browsers, weapons systems, countries and "AI" are no organisations.
    assert scores["ORG"].precision_above >= 0.85


def test_demo_names_not_in_english_are_scored_apart(shared_demo_store) -> None:
    from newsdesk.eval.entities import KINDS, cross_language_names, score_store

    cross = cross_language_names(shared_demo_store)
    assert cross.articles >= 20 and cross.forms >= 80
    assert cross.recognised >= cross.joined + cross.wrong
    # Nothing reads those scripts yet: no form is filed under another name's entity.
    assert cross.wrong == 0
    assert "cross-language names:" in cross.line() and f"/{cross.forms} forms" in cross.line()
    # The English pairs leave the other languages' forms out, so they stay comparable.
    english = score_store(shared_demo_store, tuple(KINDS))
    assert english.items == 639
