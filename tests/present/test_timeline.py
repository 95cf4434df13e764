"""Timelines: date order, same event from several outlets merged with every citation."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.present.timeline import DatedSentence, story_timeline

T0 = datetime(2024, 1, 16, 15, tzinfo=UTC)
T1 = datetime(2024, 1, 16, 20, tzinfo=UTC)
T2 = datetime(2024, 1, 17, 6, tzinfo=UTC)
WELCOME = "Russian Foreign Minister Sergey Lavrov on Tuesday welcomed Choe Son Hui to Moscow."


def _event(date, sentence, article_id, outlet, published, precision="day", index=0):
    return DatedSentence(date, precision, sentence, article_id, outlet, published, index)


def test_timeline_sorts_by_date_and_merges_one_event_told_by_many() -> None:
    events = [
        _event("2024-01-17", "Seoul on Wednesday urged Russia to halt cooperation.", 3, "C", T2),
        _event("2024-01-16", WELCOME.replace("Sergey", "Sergei"), 2, "B", T1),
        _event("2024-01-16", WELCOME, 1, "A", T0),
        _event("2024-01-16", "Putin received Choe at the Kremlin on Tuesday.", 2, "B", T1, index=3),
        _event("2000", "Putin last visited Pyongyang in 2000.", 3, "C", T2, precision="year"),
        _event("2024-01", "Talks were planned in January.", 1, "A", T0, precision="month"),
        # One article naming the same day twice over in one sentence is cited once.
        _event("2024-01-16", WELCOME, 1, "A", T0),
    ]
    timeline = story_timeline(events)
    assert [e.date for e in timeline] == [
        "2000",
        "2024-01",
        "2024-01-16",
        "2024-01-16",
        "2024-01-17",
    ]
    merged = timeline[2]
    assert merged.sentence == WELCOME, "the earliest telling stands for the merged entry"
    assert [(c.article_id, c.outlet) for c in merged.citations] == [(1, "A"), (2, "B")]
    assert (merged.article_id, merged.outlet) == (1, "A")
    assert timeline[3].sentence.startswith("Putin received")
    assert timeline[0].precision == "year"


def test_timeline_skips_unresolved_dates_and_handles_nothing() -> None:
    assert story_timeline([]) == []
    assert story_timeline([_event("", "Someday it happened.", 1, "A", T0)]) == []
