"""Picking the sentences that answer a question, and refusing when none does."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.present.ask import (
    content_words,
    pick_answer,
    rank_by_question,
    read_question,
    reports_agreement,
    says_nothing,
)
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


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("What happened?", "happened"),
        ("What's going on?", "happened"),
        ("What is this story about?", "happened"),
        ("What was agreed?", "agreed"),
        ("What did they agree on?", "agreed"),
        ("What climate finance goal was agreed at COP29?", "agreed"),
        ("Who said what?", "said"),
        ("What did the main players say?", "said"),
        ("When was this?", "when"),
        ("When did it happen?", "when"),
        ("What do outlets disagree on?", "disagree"),
        ("Do the reports contradict each other?", "disagree"),
        ("How many prisoners did Russia and Ukraine agree to exchange?", "facts"),
        ("What is the capital of Peru?", "facts"),
    ],
)
def test_questions_are_read_by_the_way_readers_phrase_them(question: str, intent: str) -> None:
    assert read_question(question).intent == intent


def test_a_persons_words_name_the_speaker_and_tell_the_occasion_from_the_subject() -> None:
    occasion = read_question("What did Lavrov say in Wonsan?")
    assert (occasion.intent, occasion.speaker) == ("speaker", "Lavrov")
    assert occasion.setting == {"wonsan"} and not occasion.topic
    subject = read_question("What did Sergei Lavrov say about nuclear weapons?")
    assert (subject.speaker, subject.topic) == ("Sergei Lavrov", {"nuclear", "weapons"})
    # No name, no speaker: "they" is whoever the story quotes.
    assert read_question("What did they say?").intent == "said"
    # Without words of its own, a story-wide question names no story.
    assert not read_question("What was agreed?").topic
    assert read_question("What was agreed at COP29?").topic == {"cop29"}


def test_agreements_and_unsaid_words_are_recognised() -> None:
    assert reports_agreement("The delegations agreed to exchange 1,000 prisoners each.")
    assert reports_agreement("Putin and Kim signed a mutual defence treaty.")
    assert not reports_agreement("The quake destroyed the morning market.")
    assert says_nothing("Trump did not say how many systems would be sent.")
    assert says_nothing("The ministry declined to comment.")
    assert not says_nothing("Trump said Europe would pay.")


def test_ranking_weighs_closeness_topic_and_boost_and_drops_repeats() -> None:
    candidates = [
        _sentence("Lavrov praised the resort.", 1),
        _sentence("Lavrov warned against a military bloc.", 2),
        _sentence("Lavrov warned against a military bloc.", 3),
        _sentence("Lavrov thanked the troops.", 4),
    ]
    vectors = np.stack([_unit(1, 0.2), _unit(1, 0.5), _unit(1, 0.5), _unit(0.2, 1)])
    asked = _unit(1, 0)
    ranked = rank_by_question(asked, candidates, vectors)
    assert [s.article_id for s, _ in ranked] == [1, 2, 4]
    topical = rank_by_question(asked, candidates, vectors, topic=frozenset({"bloc"}))
    assert topical[0][0].article_id == 2
    boosted = rank_by_question(asked, candidates, vectors, boost=[0, 0, 0, 1.0], limit=1)
    assert [s.article_id for s, _ in boosted] == [4]
    keyed = rank_by_question(asked, candidates, vectors, keys=["a", "a", "b", "b"])
    assert [s.article_id for s, _ in keyed] == [1, 3]
