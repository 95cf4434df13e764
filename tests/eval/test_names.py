"""Name matching scored on labelled pairs (`newsdesk eval names`), on small inputs written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.names import (
    KOREAN_FILE,
    PAIRS_FILE,
    PairCounts,
    close_negatives,
    evaluate_names,
    exact_match,
    format_names,
    korean_negatives,
    newsdesk_match,
    score_korean,
    score_pairs,
    script,
)

PAIRS = [
    {"schema": "Person", "name1": "Sergei Lavrov", "name2": "Sergey Lavrov", "is_match": True},
    {"schema": "Person", "name1": "Kim Jong Un", "name2": "Kim Jong Il", "is_match": False},
    {"schema": "Person", "name1": "Larry Allison", "name2": "Larry Ellison", "is_match": True},
    {"schema": "Company", "name1": "Siemens AG", "name2": "Siemens", "is_match": True},
    {"schema": "Company", "name1": "Bank of Chad", "name2": "Bank of China", "is_match": False},
    {"schema": "Person", "name1": "Ким Чен Ын", "name2": "Kim Jong Un", "is_match": True},
    {"schema": "Person", "name1": "Ким Чен Ын", "name2": "Kim Jong Il", "is_match": False},
]
KOREAN = [
    {"en": "Choe Son Hui", "native": "최선희"},
    {"en": "Choe Ryong Hae", "native": "최룡해"},
    {"en": "Kim Yo Jong", "native": "김여정"},
    {"en": "Park Dae-yeong", "native": "박대영"},
    {"en": "Choe Son Il", "native": "최선일"},
]


def write(folder: Path) -> Path:
    for name, rows in ((PAIRS_FILE, PAIRS), (KOREAN_FILE, KOREAN)):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_pair_counts_give_precision_recall_and_false_matches() -> None:
    counts = PairCounts().add(True, True).add(True, False).add(False, True).add(False, False)
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (1, 1, 1, 1)
    assert counts.precision == counts.recall == counts.false_match_rate == 0.5


def test_pairs_are_scored_per_kind_with_the_resolution_matcher() -> None:
    scores = score_pairs(PAIRS, newsdesk_match)
    people, organisations = scores["people"], scores["organisations"]
    # A one-letter surname change is a match in the labels, not for a newsdesk reader.
    assert (people.tp, people.fp, people.fn, people.tn) == (2, 0, 1, 2)
    assert (organisations.tp, organisations.tn) == (1, 1)
    assert scores["all"].tp == 3
    # Cyrillic against Latin letters, scored apart too.
    across = scores["across scripts"]
    assert (across.tp, across.fp, across.fn, across.tn) == (1, 0, 0, 1)
    assert script("Ким Чен Ын") == "CYRILLIC" and script("최선희") == "HANGUL"
    assert score_pairs(PAIRS, exact_match)["all"].tp == 0


def test_korean_negatives_pair_other_people_deterministically() -> None:
    first = korean_negatives(KOREAN, same_family=False)
    assert first == korean_negatives(KOREAN, same_family=False)
    own = {r["native"]: r["en"] for r in KOREAN}
    assert len(first) == len(KOREAN) and all(own[n] != en for n, en in first)
    same = korean_negatives(KOREAN, same_family=True)
    # Only the Choes share a family name: each meets another.
    assert {n for n, _ in same} == {"최룡해", "최선희", "최선일"}
    assert all(own[n] != en and en.startswith("Choe") for n, en in same)


def test_close_negatives_pair_names_one_syllable_apart() -> None:
    # 최선희 and 최선일 differ in their last syllable only; no other two names do.
    expected = [("최선일", "Choe Son Hui"), ("최선희", "Choe Son Il")]
    assert sorted(close_negatives(KOREAN)) == expected


def test_korean_names_match_their_own_labels_and_not_namesakes() -> None:
    scores = score_korean(KOREAN, newsdesk_match)
    assert scores["other person"].recall == 1.0
    assert scores["other person, same family"].fp == 0
    assert scores["one syllable apart"].fp == 0


def test_evaluate_names_reads_the_folder_and_prints_baselines(tmp_path: Path) -> None:
    score = evaluate_names(write(tmp_path))
    assert score.korean_names == 5 and set(score.pairs) >= {"newsdesk", "same name"}
    table = format_names(score)
    assert "caveat" in table and "fuzzy" in table
    figures = score.as_json()
    assert figures["nomenklatura"]["newsdesk"]["all"]["tp"] == pytest.approx(3)
    assert figures["korean"]["newsdesk"]["one syllable apart"]["recall"] == 1.0
