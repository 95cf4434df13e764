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
        # Each sentence of an article has its own index: one sentence is one entry.
        _event("2000", "Putin last visited Pyongyang in 2000.", 3, "C", T2, "year", index=1),
        _event("2024-01", "Talks were planned in January.", 1, "A", T0, "month", index=1),
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


def _told(date, sentence, expression, precision="day", index=0, date_end=None, published=T2):
    return DatedSentence(date, precision, sentence, 1, "A", published, index, expression, date_end)


def test_one_sentence_appears_once_at_its_most_precise_date() -> None:
    sentence = "After two years of talks, the treaty was signed on Tuesday, the first this year."
    events = [
        _told("2024", sentence, "this year", precision="year"),
        _told("2022-01-17", sentence, "two years", "span", date_end="2024-01-17"),
        _told("2024-01-16", sentence, "Tuesday"),
    ]
    timeline = story_timeline(events)
    assert [(e.date, e.sentence) for e in timeline] == [("2024-01-16", sentence)]


def test_the_reports_own_time_dates_the_statement_not_an_event() -> None:
    # Published Wednesday 2024-01-17: "said Tuesday" is the statement the article reports.
    said = "Lavrov said on Tuesday that the troops had left the border on Friday."
    statement = "The ministry on Tuesday said talks would go on."
    told = "Choe told Russian state television on Tuesday she was satisfied."
    met = "Lavrov met Choe on Tuesday in Moscow."
    events = [
        _told("2024-01-16", said, "Tuesday"),
        _told("2024-01-12", said, "Friday"),
        _told("2024-01-16", statement, "Tuesday", index=1),
        _told("2024-01-16", told, "Tuesday", index=2),
        _told("2024-01-16", met, "Tuesday", index=3),
        _told("2024-01-16", "Seoul said in a statement Tuesday it protested.", "Tuesday", index=4),
    ]
    timeline = story_timeline(events)
    assert [(e.date, e.sentence) for e in timeline] == [
        ("2024-01-12", said),
        ("2024-01-16", met),
    ]


def test_a_statement_long_before_the_report_is_an_event_of_its_own() -> None:
    said = "Putin said on March 3 that Russia would help."
    [entry] = story_timeline([_told("2023-03-03", said, "March 3")])
    assert entry.sentence == said


def test_a_timeline_shows_only_dates_sure_enough() -> None:
    sentence = "Profit rose 5% from a year earlier, the company said on Tuesday."
    vague = DatedSentence(
        "2023", "year", "Sales were flat a year earlier.", 1, "A", T2, 2, "a year earlier",
        confidence=0.4,
    )  # fmt: skip
    events = [
        vague,
        DatedSentence("2024-01-16", "day", WELCOME, 1, "A", T2, 0, "on Tuesday", confidence=0.8),
        # The sentence's vague date is dropped, its weekday stands.
        DatedSentence("2023", "year", sentence, 1, "A", T2, 1, "a year earlier", confidence=0.4),
        DatedSentence("2024-01-09", "day", sentence, 1, "A", T2, 1, "Jan. 9", confidence=1.0),
    ]
    assert len(story_timeline(events)) == 3, "without a floor every date is shown"
    shown = story_timeline(events, min_confidence=0.6)
    assert [(e.date, e.sentence) for e in shown] == [
        ("2024-01-09", sentence),
        ("2024-01-16", WELCOME),
    ]
