"""Picking the sentences that answer a question, and refusing when none does."""

from __future__ import annotations

import numpy as np

from newsdesk.present.ask import content_words, pick_answer
from newsdesk.present.summarize import CitedSentence


def _sentence(text: str, article_id: int) -> CitedSentence:
    return CitedSentence(text, article_id, f"Outlet {article_id}", None, 0)


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_question_words_are_not_content() -> None:
    assert content_words("Who did Lavrov meet in Moscow?") == {"lavrov", "meet", "moscow"}


def test_close_sentences_sharing_a_word_answer_and_copies_count_once() -> None:
    question = "Who did Lavrov meet in Moscow?"
    candidates = [
        _sentence("Lavrov met Choe Son Hui in Moscow on Tuesday.", 1),
        _sentence("Lavrov met Choe Son Hui in Moscow on Tuesday.", 2),
        _sentence("The harbour reopened after the storm.", 3),
        _sentence("Talks in the capital went on for hours.", 4),
    ]
    vectors = np.stack([_unit(1, 0.1), _unit(1, 0.1), _unit(0, 1), _unit(1, 0.2)])
    answer = pick_answer(question, _unit(1, 0), candidates, vectors)
    assert answer.found
    assert [s.article_id for s in answer.sentences] == [1]  # 4 shares no content word


def test_nothing_close_enough_is_no_answer() -> None:
    candidates = [_sentence("Lavrov met Choe in Moscow.", 1)]
    answer = pick_answer("Who is Lavrov?", _unit(1, 0), candidates, np.stack([_unit(0, 1)]))
    assert not answer.found and answer.sentences == ()


def test_the_names_a_question_asks_about() -> None:
    from newsdesk.present.ask import question_names

    assert question_names("What did the Bank of England decide in March?") == ["Bank of England"]
    assert question_names("Whom did North Korea's minister Choe Son Hui meet in Moscow?") == [
        "North Korea",
        "Choe Son Hui",
        "Moscow",
    ]
    assert question_names("Was Google ordered to sell Chrome?") == ["Google", "Chrome"]
    assert question_names("what is the price of bitcoin today?") == []
