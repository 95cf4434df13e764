"""Scoring answers against labelled questions: right story and an expected word, or no answer."""

from __future__ import annotations

import json

from newsdesk.demo import load_labels
from newsdesk.eval.answers import (
    QUESTIONS,
    Question,
    is_right,
    load_questions,
    score_answers,
    scores_by_phrasing,
)

QUESTIONS_SET = [
    Question("How many prisoners were swapped?", "swap", ("1,000",)),
    Question("Who won the vote?", "vote", ("Ishiba",), phrasing="reader"),
    Question("What is the capital of Peru?", None),
    Question("What was agreed?", None, asked_on="vote", phrasing="reader"),
]
STORY_OF = {1: "swap", 2: "vote", 3: "other"}


def _sentence(article_id: int, text: str, **fields: object) -> dict[str, object]:
    return {"article_id": article_id, "text": text, "score": 0.5, **fields}


def test_right_story_and_word_count_and_abstaining_counts_for_the_unanswerable() -> None:
    answers = [
        [_sentence(1, "They agreed to swap 1,000 prisoners each.")],
        [_sentence(3, "Ishiba spoke to reporters.")],  # the wrong story
        [],
        [_sentence(2, "The party agreed on a date.")],  # an answer where none is right
    ]
    score = score_answers(QUESTIONS_SET, answers, STORY_OF)
    assert (score.answered, score.correct, score.abstained) == (2, 1, 1)
    assert score.precision == 0.5 and score.recall == 0.5 and score.abstention == 0.5
    by = scores_by_phrasing(QUESTIONS_SET, answers, STORY_OF)
    assert (by["reader"].answerable, by["reader"].correct, by["reader"].unanswerable) == (1, 0, 1)
    assert (by["specific"].correct, by["specific"].abstained) == (1, 1)
    assert by["all"] == score


def test_the_expected_word_may_be_in_the_speaker_or_the_date_and_none_means_the_story() -> None:
    said = Question("Who said what?", "vote", ("Ishiba",), asked_on="vote")
    assert is_right(
        said, [_sentence(2, "“I will lead,” he said.", speaker="Shigeru Ishiba")], STORY_OF
    )
    when = Question("When was this?", "vote", ("2024-09",))
    assert is_right(when, [_sentence(2, "The vote was on Friday.", date="2024-09-27")], STORY_OF)
    assert not is_right(when, [_sentence(2, "The vote was on Friday.")], STORY_OF)
    anything = Question("What happened?", "vote", ())
    assert is_right(anything, [_sentence(2, "Ishiba won.")], STORY_OF)
    assert not is_right(anything, [_sentence(1, "A swap.")], STORY_OF)


def test_the_demo_questions_point_at_stories_of_the_demo_corpus() -> None:
    stories = set(load_labels()["stories"])
    questions = load_questions()
    assert len(questions) == len({(q.text, q.asked_on) for q in questions}) >= 100
    assert all(q.story in stories and q.expect is not None for q in questions if q.story)
    assert all(q.asked_on in stories for q in questions if q.asked_on)
    assert sum(q.story is None for q in questions) >= 30
    assert sum(q.phrasing == "reader" for q in questions) * 2 >= len(questions)
    assert {q.phrasing for q in questions} == {"reader", "specific"}
    assert json.loads(QUESTIONS.read_text())["about"]
