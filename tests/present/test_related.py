"""Related articles: same story from other outlets first, copies once, never the article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from newsdesk.present.related import RelatedCandidate, related, relative_time

NOW = datetime(2024, 1, 17, 12, tzinfo=UTC)


def _candidate(id_, outlet, vector, *, story=1, thread=1, telling=None, stub=False, hours=5):
    return RelatedCandidate(
        id=id_,
        outlet=outlet,
        title=f"Headline {id_}",
        lead=f"Lead {id_}.",
        published=NOW - timedelta(hours=hours),
        telling=telling or id_,
        story_id=story,
        thread_id=thread,
        vector=np.asarray(vector, dtype=np.float32),
        is_stub=stub,
    )


def test_related_ranks_story_then_thread_then_similar_other_outlets_first() -> None:
    me = _candidate(1, "Harbour", [1, 0])
    candidates = [
        me,
        _candidate(2, "Eastbridge", [1, 0], telling=1),  # my own syndicated copy
        _candidate(3, "Harbour", [1, 0]),  # same story, my outlet
        _candidate(4, "Ledger", [0.6, 0.8]),  # same story, other outlet, less similar
        _candidate(5, "Meridian", [0.9, 0.1]),  # same story, other outlet, more similar
        _candidate(6, "Courier", [1, 0], story=2),  # same thread
        _candidate(7, "Herald", [1, 0], story=2, telling=6),  # copy of 6
        _candidate(8, "Lantern", [0.95, 0.05], story=3, thread=3),  # similar
        _candidate(9, "Review", [0, 1], story=4, thread=4),  # unrelated
        _candidate(10, "Courier", [1, 0], story=None, thread=None, telling=6, stub=True),
    ]
    items = related(me, candidates, NOW)
    assert [i.id for i in items] == [5, 4, 3, 6, 8]
    assert [i.reason for i in items] == [
        "same story",
        "same story",
        "same story",
        "same thread",
        "similar",
    ]
    assert items[3].also_published_by == ("Herald",)
    assert items[0].relative_time == "5 hours ago"
    assert related(me, candidates, NOW, limit=2) == items[:2]


def test_a_teaser_stub_stands_in_only_until_its_full_article_exists() -> None:
    me = _candidate(1, "Harbour", [1, 0])
    stub = _candidate(2, "Courier", [1, 0], stub=True, telling=3)
    full = _candidate(3, "Courier", [1, 0])
    assert [(i.id, i.is_stub) for i in related(me, [me, stub], NOW)] == [(2, True)]
    assert [(i.id, i.is_stub) for i in related(me, [me, stub, full], NOW)] == [(3, False)]


def test_relative_time_reads_like_a_reader_says_it() -> None:
    assert relative_time(NOW - timedelta(seconds=20), NOW) == "just now"
    assert relative_time(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert relative_time(NOW - timedelta(minutes=45), NOW) == "45 minutes ago"
    assert relative_time(NOW - timedelta(hours=1, minutes=59), NOW) == "1 hour ago"
    assert relative_time(NOW - timedelta(hours=3), NOW) == "3 hours ago"
    assert relative_time(NOW - timedelta(hours=30), NOW) == "yesterday"
    assert relative_time(NOW - timedelta(days=2, hours=1), NOW) == "2 days ago"
    assert relative_time(NOW - timedelta(days=6), NOW) == "6 days ago"
    assert relative_time(datetime(2024, 1, 1, 9, tzinfo=UTC), NOW) == "Jan 1, 2024"
    assert relative_time(NOW + timedelta(days=1), NOW) == "Jan 18, 2024"
    assert relative_time(None, NOW) == ""


def test_an_article_in_another_language_is_compared_by_the_multilingual_vectors() -> None:
    from dataclasses import replace

    me = replace(_candidate(1, "Harbour", [1, 0], story=1), vector_multilingual=np.array([0, 1.0]))
    # Far by the English vectors, near by the multilingual ones: its language decides.
    japanese = replace(
        _candidate(2, "Minato", [0, 1], story=2, thread=2),
        vector_multilingual=np.array([0.1, 1.0]),
        english=False,
    )
    english = replace(japanese, id=3, telling=3, english=True)
    found = related(me, [japanese, english], NOW, limit=5, min_similarity=0.45)
    assert [item.id for item in found] == [2]
    assert found[0].similarity > 0.9
