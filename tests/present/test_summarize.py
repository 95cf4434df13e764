"""Extractive summaries: citations kept, lead preferred, redundancy removed, outlets covered."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from newsdesk.present.summarize import (
    CitedSentence,
    EntityInStory,
    key_points,
    same_text,
    same_text_pairs,
    summarize_article,
    summarize_story,
    tfidf_vectors,
    whos_who,
)

T0 = datetime(2024, 1, 16, 12, tzinfo=UTC)
T1 = datetime(2024, 1, 16, 18, tzinfo=UTC)
T2 = datetime(2024, 1, 17, 6, tzinfo=UTC)


def _sentences(article_id: int, outlet: str, published: datetime, *texts: str, copy_of=None):
    return [
        CitedSentence(text, article_id, outlet, published, index, copy_of=copy_of)
        for index, text in enumerate(texts, start=1)
    ]


QUAKE = _sentences(
    1,
    "Pacific Courier",
    T0,
    "A powerful earthquake struck the Noto Peninsula in Ishikawa on Monday, toppling houses.",
    "Officials issued a major tsunami warning for the Noto coast of Ishikawa.",
    "The weather in Tokyo was mild for the season.",
    "Rescuers searched collapsed houses on the Noto Peninsula through the night.",
    "Local football results were postponed.",
)


def test_article_summary_keeps_the_lead_and_reading_order_and_citations() -> None:
    summary = summarize_article(QUAKE)
    assert 1 <= len(summary) <= 3
    assert summary[0] is QUAKE[0], "the lead sentence is the strongest"
    assert [s.sentence_index for s in summary] == sorted(s.sentence_index for s in summary)
    assert all(s.outlet == "Pacific Courier" and s.article_id == 1 for s in summary)
    assert QUAKE[4] not in summary and QUAKE[2] not in summary
    assert summarize_article([]) == []


def test_article_summary_takes_caller_vectors_and_checks_their_count() -> None:
    vectors = tfidf_vectors([s.text for s in QUAKE])
    assert summarize_article(QUAKE, vectors, limit=2)[0] is QUAKE[0]
    with pytest.raises(ValueError):
        summarize_article(QUAKE, vectors[:2])


def test_story_summary_removes_redundancy_and_covers_outlets() -> None:
    wire = "Russian Foreign Minister Sergey Lavrov welcomed North Korea's Choe Son Hui to Moscow."
    candidates = [
        *_sentences(
            10,
            "The Harbour Chronicle",
            T0,
            wire,
            "Lavrov thanked Pyongyang for its principled support over Ukraine.",
        ),
        # A syndicated copy of the same wire text, published later: must not count twice.
        *_sentences(11, "Eastbridge Times", T1, wire, copy_of=10),
        *_sentences(
            12,
            "Northern Ledger",
            T1,
            "Russian Foreign Minister Sergei Lavrov welcomed North Korea's Choe Son Hui in Moscow.",
            "Putin received the North Korean foreign minister at the Kremlin on Tuesday.",
        ),
        *_sentences(
            13,
            "Continental Review",
            T2,
            "South Korea urged Russia to halt any military cooperation with North Korea.",
        ),
    ]
    summary = summarize_story(candidates, limit=6)
    texts = [s.text for s in summary]
    assert len(summary) <= 6
    assert texts.count(wire) == 1
    wire_cited = next(s for s in summary if s.text == wire)
    assert (wire_cited.article_id, wire_cited.outlet) == (10, "The Harbour Chronicle")
    assert not any("Sergei Lavrov welcomed" in t for t in texts), "a paraphrase is redundant"
    assert {s.outlet for s in summary} >= {
        "The Harbour Chronicle",
        "Northern Ledger",
        "Continental Review",
    }
    vectors = tfidf_vectors(texts)
    similarity = vectors @ vectors.T
    assert (similarity[~np.eye(len(texts), dtype=bool)] < 0.45).all()
    assert summarize_story(candidates, limit=2) == summary[:2]


def test_story_summary_with_embeddings_uses_their_threshold() -> None:
    candidates = _sentences(1, "A", T0, "first fact here.", "second fact there.", "third one.")
    same = np.array([[1, 0], [0.8, 0.6], [0, 1]], dtype=np.float32)
    picked = summarize_story(candidates, same)
    assert len(picked) == 2, "0.8 cosine is the same thing said twice for embeddings"


def test_key_points_cite_every_outlet_that_reports_a_fact() -> None:
    candidates = [
        *_sentences(
            1,
            "Pacific Courier",
            T0,
            "The central bank raised interest rates for the first time in 17 years.",
            "Markets in Tokyo closed slightly higher.",
        ),
        *_sentences(
            2,
            "Silverline Business Review",
            T1,
            "The central bank raised rates for the first time in 17 years on Tuesday.",
        ),
        *_sentences(3, "Daily Lantern", T2, "Analysts expect the yen to stay weak this year."),
    ]
    points = key_points(candidates, limit=3)
    assert "17 years" in points[0].text
    assert {c.outlet for c in points[0].citations} == {
        "Pacific Courier",
        "Silverline Business Review",
    }
    assert points[0].citations[0].article_id == 1
    assert all(len(p.citations) == 1 for p in points[1:])


def test_whos_who_orders_people_first_and_picks_the_role_held_then() -> None:
    entities = [
        EntityInStory(1, "Kremlin", "ORG", mentions=9, articles=5),
        EntityInStory(
            2,
            "Sergey Lavrov",
            "PERSON",
            mentions=12,
            articles=4,
            roles=(
                ("Foreign Minister", datetime(2024, 1, 16, tzinfo=UTC)),
                ("Russian Foreign Minister", datetime(2024, 1, 16, tzinfo=UTC)),
                ("Prime Minister", datetime(2030, 1, 1, tzinfo=UTC)),
            ),
            surface_forms=("Sergey Lavrov", "Sergei Lavrov"),
        ),
        EntityInStory(3, "Moscow", "GPE", mentions=20, articles=6),
        EntityInStory(4, "Choe Son Hui", "PERSON", mentions=3, articles=2),
    ]
    entries = whos_who(entities, as_of=datetime(2024, 1, 18, tzinfo=UTC))
    assert [e.name for e in entries] == ["Sergey Lavrov", "Choe Son Hui", "Kremlin"]
    assert entries[0].role == "Russian Foreign Minister"
    assert "Prime Minister" not in entries[0].roles
    assert entries[1].role is None
    assert entries[0].surface_forms == ("Sergey Lavrov", "Sergei Lavrov")


def test_whos_who_leaves_out_what_falls_below_the_confidence_floor() -> None:
    entities = [
        EntityInStory(1, "Sergey Lavrov", "PERSON", mentions=12, articles=4, confidence=0.9),
        EntityInStory(2, "Axios", "PERSON", mentions=1, articles=1, confidence=0.4),
        EntityInStory(3, "Patriot", "ORG", mentions=2, articles=2, confidence=0.1),
    ]
    assert [e.name for e in whos_who(entities, min_confidence=0.5)] == ["Sergey Lavrov"]
    assert len(whos_who(entities)) == 3
    assert whos_who(entities, min_confidence=0.5)[0].confidence == 0.9


def test_same_text_pairs_agrees_with_same_text_on_every_pair() -> None:
    rng = np.random.default_rng(3)
    vocabulary = ["harbour", "pier", "ferry", "cracks", "divers", "repairs", "weeks", "north"]
    texts = ["", "  ", "the and of", "The and of", "..."]
    for _ in range(60):
        chosen = rng.choice(vocabulary, int(rng.integers(1, 7)))
        texts.append(" ".join(chosen).capitalize() + ".")
    texts += [texts[-1], texts[-2].upper()]
    same = same_text_pairs(texts)
    expected = np.array([[same_text(a, b) for b in texts] for a in texts])
    assert same.any() and not same.all()
    np.testing.assert_array_equal(same, expected)
