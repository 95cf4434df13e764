"""Scoring answers against labelled questions: right story and an expected word, or no answer."""

from __future__ import annotations

import json

from newsdesk.demo import load_labels
from newsdesk.eval.answers import QUESTIONS, Question, load_questions, score_answers

QUESTIONS_SET = [
    Question("How many prisoners were swapped?", "swap", ("1,000",)),
    Question("Who won the vote?", "vote", ("Ishiba",)),
    Question("What is the capital of Peru?", None),
]
STORY_OF = {1: "swap", 2: "vote", 3: "other"}


def _sentence(article_id: int, text: str, score: float) -> dict[str, object]:
    return {"article_id": article_id, "text": text, "score": score}


def test_right_story_and_word_count_and_abstaining_counts_for_the_unanswerable() -> None:
    answers = [
        [_sentence(1, "They agreed to swap 1,000 prisoners each.", 0.7)],
        [_sentence(3, "Ishiba spoke to reporters.", 0.6)],  # the wrong story
        [],
    ]
    score = score_answers(QUESTIONS_SET, answers, STORY_OF, floor=0.45)
    assert (score.answered, score.correct, score.abstained) == (2, 1, 1)
    assert score.precision == 0.5 and score.recall == 0.5 and score.abstention == 1.0


def test_a_higher_floor_drops_weak_sentences_and_may_turn_an_answer_into_none() -> None:
    answers = [
        [_sentence(1, "They agreed to swap 1,000 prisoners each.", 0.5)],
        [_sentence(2, "Ishiba won the vote.", 0.7)],
        [_sentence(3, "Lima is far from Tokyo.", 0.5)],
    ]
    low = score_answers(QUESTIONS_SET, answers, STORY_OF, floor=0.45)
    high = score_answers(QUESTIONS_SET, answers, STORY_OF, floor=0.6)
    assert (low.correct, low.abstained) == (2, 0)
    assert (high.answered, high.correct, high.abstained) == (1, 1, 1)


def test_the_demo_questions_point_at_stories_of_the_demo_corpus() -> None:
    stories = set(load_labels()["stories"])
    questions = load_questions()
    assert len(questions) == len({q.text for q in questions}) >= 30
    assert all(q.story in stories and q.expect for q in questions if q.story is not None)
    assert sum(q.story is None for q in questions) >= 10
    assert json.loads(QUESTIONS.read_text())["about"]
