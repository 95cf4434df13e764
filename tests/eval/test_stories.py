"""B-cubed scoring and labelled-corpus reading behind `newsdesk eval stories`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.stories import (
    EVEN_TOPICS,
    ODD_TOPICS,
    LabelledArticle,
    OrderScores,
    StoryScore,
    bcubed,
    evaluate_orders_in_store,
    format_stories,
    headline_and_body,
    language_scores,
    load_jsonl,
)


def test_perfect_clustering_scores_one() -> None:
    assert bcubed(["a", "a", "b"], [7, 7, 3]) == (1.0, 1.0, 1.0)


def test_bcubed_on_a_hand_counted_case() -> None:
    # Cluster 1 holds a, a, b: precision 2/3, 2/3, 1/3; cluster 2 holds b alone: 1.
    # Story a is whole (recall 1, 1); story b is split in two (1/2, 1/2).
    precision, recall, f1 = bcubed(["a", "a", "b", "b"], [1, 1, 1, 2])
    assert precision == pytest.approx(2 / 3)
    assert recall == pytest.approx(3 / 4)
    assert f1 == pytest.approx(12 / 17)


def test_all_in_one_cluster_and_all_apart() -> None:
    gold = ["a", "a", "a", "b"]
    # One cluster: precision (3/4 * 3 + 1/4) / 4 = 10/16; every story is whole.
    assert bcubed(gold, [0, 0, 0, 0])[:2] == (pytest.approx(10 / 16), 1.0)
    # Singletons: all pure; recall (1/3 * 3 + 1) / 4 = 1/2.
    assert bcubed(gold, [0, 1, 2, 3])[:2] == (1.0, pytest.approx(1 / 2))


def test_bcubed_refuses_lists_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        bcubed(["a"], [1, 2])


def test_load_jsonl_reads_topics_and_strips_the_url_line(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    rows = [
        {
            "doc_id": "7_1ecbplus",
            "story": "7_ecbplus",
            "topic": 7,
            "text": "http : / / espn . go . com / boxing\nKlitschko retains belts\n"
            "Wladimir Klitschko stopped Tony Thompson in the sixth round , "
            "his team 's doctor said .",
        },
        {"doc_id": "x", "story": "s", "text": "Just a body ."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    articles = load_jsonl(path)
    assert [(a.doc_id, a.story, a.topic) for a in articles] == [
        ("7_1ecbplus", "7_ecbplus", "7"),
        ("x", "s", None),
    ]
    title, body = headline_and_body(articles[0])
    assert title == "Klitschko retains belts"
    assert (
        body
        == "Wladimir Klitschko stopped Tony Thompson in the sixth round, his team's doctor said."
    )


def test_a_given_title_keeps_the_whole_text_as_body() -> None:
    article = LabelledArticle("1", "s", "First line.\nSecond line.", title="Headline")
    assert headline_and_body(article) == ("Headline", "First line.\nSecond line.")


def test_the_split_covers_every_ecbplus_topic_once() -> None:
    assert not ODD_TOPICS & EVEN_TOPICS
    assert len(ODD_TOPICS | EVEN_TOPICS) == 35


def test_order_scores_give_mean_and_worst_of_the_orders() -> None:
    scores = OrderScores([StoryScore(1.0, 0.8, 0.9, 3, 2), StoryScore(0.9, 0.7, 0.7, 4, 2)])
    assert scores.mean_f1 == pytest.approx(0.8) and scores.worst_f1 == 0.7
    assert scores.as_json()["f1_per_order"] == [0.9, 0.7]
    assert scores.as_json()["f1"] == 0.9
    shown = format_stories(scores)
    assert "F1 0.900" in shown and "mean 0.800, worst 0.700" in shown and "0.92" in shown
    assert "orders" not in OrderScores(scores.scores[:1]).as_json()


def test_every_order_is_grouped_through_the_store() -> None:
    quake = "A magnitude {m} earthquake struck {place} on {day}, killing {n} people."
    articles = [
        LabelledArticle(f"{place}-{i}", place, quake.format(m=m, place=place, day=day, n=n))
        for place, m, day, n in (("Haiti", "7.0", "Tuesday", 230), ("Chile", "8.8", "Saturday", 52))
        for i in range(3)
    ]
    score = evaluate_orders_in_store(articles, orders=2)
    assert len(score.scores) == 2
    assert all(s.stories == 2 and s.clusters >= 1 for s in score.scores)


def test_articles_not_in_english_are_scored_apart() -> None:
    articles = [
        LabelledArticle("e1", "visit", "x"),
        LabelledArticle("e2", "visit", "x", language="en"),
        LabelledArticle("e3", "quake", "x"),
        LabelledArticle("k1", "visit", "x", language="ko"),  # joins its English story
        LabelledArticle("r1", "quake", "x", language="ru"),  # joins the other event's
        LabelledArticle("j1", "quake", "x", language="ja"),  # alone
        LabelledArticle("z1", "panda", "x", language="zh"),  # no English story, alone
    ]
    score = language_scores(articles, [1, 1, 2, 1, 1, 3, 4])
    # B-cubed over the English articles only: the wrong join costs them nothing.
    assert (score.precision, score.recall, score.f1, score.clusters) == (1.0, 1.0, 1.0, 2)
    cross = score.cross_language
    assert cross is not None and cross.languages == ("ja", "ko", "ru", "zh")
    assert (cross.articles, cross.on_english_stories, cross.joined, cross.wrong) == (4, 3, 0, 2)
    assert cross.apart == 2 and cross.all_languages_f1 < 1.0
    assert "0/3 joined the right story, 2 wrong joins" in cross.line()
    # The Russian report in the quake's story instead: both joins are right.
    fixed = language_scores(articles, [1, 1, 2, 1, 2, 3, 4]).cross_language
    assert fixed is not None and (fixed.joined, fixed.wrong) == (2, 0)
    assert language_scores(articles[:3], [1, 1, 2]).cross_language is None
    shown = format_stories(OrderScores([score]))
    assert shown.startswith("English articles: B-cubed") and "cross-language: " in shown
