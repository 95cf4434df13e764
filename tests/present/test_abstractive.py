"""Grounding a model's reply: every sentence kept cites given sentences, the rest is dropped."""

from __future__ import annotations

from newsdesk.present.abstractive import GivenSentence, build_messages, ground_reply

SOURCES = [
    GivenSentence("Lavrov met Choe Son Hui in Moscow on Tuesday.", "cite-1"),
    GivenSentence("Putin received Choe at the Kremlin on Wednesday.", "cite-2"),
    GivenSentence("Seoul urged Moscow to halt military cooperation.", "cite-3"),
]


def test_the_prompt_numbers_every_sentence_and_asks_for_citations() -> None:
    system, user = build_messages(SOURCES, limit=2)
    assert "at most 2" in system["content"] and "[1]" in system["content"]
    for number, source in enumerate(SOURCES, start=1):
        assert f"[{number}] {source.text}" in user["content"]


def test_sentences_keep_their_citations_and_ungrounded_ones_are_dropped() -> None:
    reply = (
        "North Korea's foreign minister met Lavrov and then Putin in Moscow. [1][2] "
        "The visit was a triumph for both. "
        "Seoul objected to the talks [3]. "
        "Analysts expect a summit soon [7]."
    )
    grounded = ground_reply(reply, SOURCES)
    assert [g.text for g in grounded] == [
        "North Korea's foreign minister met Lavrov and then Putin in Moscow.",
        "Seoul objected to the talks.",
    ]
    assert [g.citations for g in grounded] == [("cite-1", "cite-2"), ("cite-3",)]
    assert all("triumph" not in g.text and "summit" not in g.text for g in grounded)


def test_the_reply_is_cut_at_the_limit() -> None:
    reply = " ".join(f"Sentence number {i} says something [1]." for i in range(6))
    assert len(ground_reply(reply, SOURCES, limit=2)) == 2
