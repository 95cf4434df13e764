"""Dates scored against TimeML: values as TimeML writes them, matching, and a small corpus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsdesk.eval.dates import (
    GoldTimex,
    TimexDocument,
    evaluate_dates,
    format_dates,
    load_timeml,
    score_documents,
    timeml_value,
)
from newsdesk.types import EventDraft


def event(start: int, end: int, precision: str, iso: str | None, iso_end: str | None = None,
          expression: str = "x") -> EventDraft:  # fmt: skip
    return EventDraft(0, expression, start, end, precision, iso, iso_end)


@pytest.mark.parametrize(
    ("precision", "iso", "iso_end", "expression", "value"),
    [
        ("day", "1998-02-13", None, "Friday", "1998-02-13"),
        ("month", "1998-02", None, "February", "1998-02"),
        ("year", "1998", None, "1998", "1998"),
        ("span", "1998-02-09", "1998-02-15", "last week", "1998-W07"),
        ("span", "1998-02-14", "1998-02-15", "the weekend", "1998-W07-WE"),
        ("span", "1989-07", "1989-09", "the third quarter", "1989-Q3"),
        ("span", "1990-01", "1990-06", "the first half of 1990", "1990-H1"),
        ("span", "1989-06", "1989-08", "the summer", "1989-SU"),
        ("span", "1994-12", "1995-02", "the winter of 1994", "1994-WI"),
        ("span", "1990", "1999", "the 1990s", "199"),
        ("span", "1900", "1999", "the 20th century", "19"),
        ("span", "1901", "1998-02-13", "since 1901", "1901"),
        # A count back to the day of writing names no one calendar period.
        ("span", "1995-02-13", "1998-02-13", "the past three years", None),
        ("span", "1998-02-10", "1998-02-15", "x", None),
        ("unresolved", None, None, "Friday", None),
    ],
)
def test_timeml_value_reads_our_dates_as_timeml_writes_them(
    precision: str, iso: str | None, iso_end: str | None, expression: str, value: str | None
) -> None:
    assert timeml_value(event(0, 1, precision, iso, iso_end, expression)) == value


TEXT = "On Friday, a week ago, in 1998 and this month, now."


def gold(text: str, kind: str, value: str, **kw: bool) -> GoldTimex:
    start = TEXT.index(text)
    return GoldTimex(start, start + len(text), kind, value, text, **kw)


def test_scores_count_right_wrong_missed_and_leave_out_what_gold_cannot_hold() -> None:
    document = TimexDocument(
        "d1",
        TEXT,
        date(1998, 2, 13),
        (
            gold("Friday", "DATE", "1998-02-13"),
            gold("a week ago", "DATE", "1998-WXX"),
            gold("1998", "DATE", "1998"),
            gold("this month", "DATE", "1998-02"),
            gold("now", "DATE", "PRESENT_REF"),
        ),
    )
    at = TEXT.index
    found = [
        # Right, and strictly so only without the preposition.
        event(at("On Friday"), at("On Friday") + 9, "day", "1998-02-13"),
        # Gold knows only the year of the week: ours fills it in, neither right nor wrong.
        event(at("a week ago"), at("a week ago") + 10, "span", "1998-02-02", "1998-02-08"),
        # Wrong value.
        event(at("1998"), at("1998") + 4, "year", "1997"),
        # "this month" missed; a claim where gold has no expression at all is wrong.
        event(at("and"), at("and") + 3, "day", "1998-02-12"),
    ]
    score = score_documents([document], [found])
    # Gold calendar dates: Friday, 1998, this month (1998-WXX names no one week).
    assert (score.value.right, score.value.claimed, score.value.gold) == (1, 3, 3)
    assert score.relaxed.right == 3 and score.relaxed.claimed == 4 and score.relaxed.gold == 5
    assert score.strict.right == 2  # "a week ago" and "1998" have gold's very spans
    kinds = sorted(e.kind for e in score.errors)
    assert kinds == ["missed", "no such date", "wrong value"]
    assert score.as_json()["calendar_value"]["right"] == 1
    assert "HeidelTime" in format_dates(score)


def test_time_and_creation_time_are_out_of_the_calendar_set() -> None:
    text = "Tuesday night and March 1, 2008 here."
    document = TimexDocument(
        "d2",
        text,
        date(2008, 3, 1),
        (
            GoldTimex(0, 13, "TIME", "2008-02-26TNI", "Tuesday night"),
            GoldTimex(18, 31, "DATE", "2008-03-01", "March 1, 2008", creation_time=True),
        ),
    )
    found = [event(0, 7, "day", "2008-02-26"), event(18, 31, "day", "2008-03-01")]
    score = score_documents([document], [found])
    assert (score.value.claimed, score.value.gold) == (0, 0)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_load_timeml_reads_both_layouts_and_meantimes_labelled_part(tmp_path: Path) -> None:
    body = "Headline\nMarch 01, 2008\nOne.\nTwo.\nThree.\nFour.\nFive on Friday.\n"
    path = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {"doc_id": "t1", "dct": "1998-02-13T10:00:00", "text": "Friday.", "timexes": [
                {"start": 0, "end": 6, "type": "DATE", "value": "1998-02-13", "text": "Friday"}
            ]},
            {"doc_id": 7, "doc_name": "m", "dct": "2008-03-01", "text": body, "timexes": [
                {"type": "DATE", "value": "2058"},
            ]},
            {"doc_id": "no date", "dct": None, "text": "x", "timexes": []},
        ],
    )  # fmt: skip
    documents = load_timeml(path)
    assert [d.doc_id for d in documents] == ["t1", "7"]
    assert documents[0].dct == date(1998, 2, 13) and documents[0].labelled_end is None
    # Timexes without a span are dropped; MEANTIME is labelled to the end of its sixth line.
    assert documents[1].timexes == ()
    assert documents[1].labelled_end == body.index("\nFive")


def test_evaluate_dates_runs_the_enrichment_stage(tmp_path: Path) -> None:
    text = (
        "The central bank raised its main interest rate on Tuesday, the first increase "
        "since 2019, and said inflation would ease later this year. Officials expect the "
        "economy to grow in the third quarter."
    )
    spans = {"Tuesday": "2024-01-16", "2019": "2019", "this year": "2024"}
    timexes = [
        {"start": text.index(t), "end": text.index(t) + len(t), "type": "DATE", "value": v,
         "text": t}
        for t, v in spans.items()
    ]  # fmt: skip
    path = write_jsonl(
        tmp_path / "tb.jsonl",
        [{"doc_id": "a", "dct": "2024-01-17", "text": text, "timexes": timexes}],
    )
    score = evaluate_dates(path)
    assert score.documents == 1
    assert score.value.right == 3, score.errors
    assert score.value.claimed == 4  # and "the third quarter", which gold does not hold


def test_duration_golds_with_a_calendar_value_are_held_to_neither_side() -> None:
    text = "Fourth-quarter earnings fell; in the fourth quarter sales rose."
    second = text.index("the fourth quarter")
    document = TimexDocument(
        "d3",
        text,
        date(1989, 11, 2),
        (
            GoldTimex(0, 14, "DURATION", "1989-Q4", "Fourth-quarter"),
            GoldTimex(second, second + 18, "DATE", "1989-Q4", "the fourth quarter"),
        ),
    )
    found = [
        event(0, 14, "span", "1989-10", "1989-12"),
        event(second, second + 18, "span", "1989-10", "1989-12"),
    ]
    score = score_documents([document], [found])
    assert (score.value.right, score.value.claimed, score.value.gold) == (1, 1, 1)


def test_claims_at_the_timeline_threshold_are_scored_apart() -> None:
    text = "Friday and 1998 and this month."
    document = TimexDocument(
        "d4",
        text,
        date(1998, 2, 13),
        tuple(
            GoldTimex(text.index(t), text.index(t) + len(t), "DATE", v, t)
            for t, v in (("Friday", "1998-02-13"), ("1998", "1998"), ("this month", "1998-02"))
        ),
    )
    at = text.index

    def sure(start: int, end: int, precision: str, iso: str, confidence: float) -> EventDraft:
        return EventDraft(0, "x", start, end, precision, iso, None, (), confidence)

    found = [
        sure(at("Friday"), at("Friday") + 6, "day", "1998-02-13", 0.8),
        sure(at("1998"), at("1998") + 4, "year", "1998", 1.0),
        sure(at("this month"), at("this month") + 10, "month", "1998-01", 0.4),
    ]
    score = score_documents([document], [found], threshold=0.6)
    assert (score.value.right, score.value.claimed) == (2, 3)
    assert score.confident is not None
    assert (score.confident.right, score.confident.claimed, score.confident.gold) == (2, 2, 3)
    assert score.by_confidence == {0.8: (1, 1), 1.0: (1, 1), 0.4: (0, 1)}
    table = format_dates(score)
    assert "confidence >= 0.60" in table and "0.40   0.000" in table
    assert score.as_json()["calendar_value_at_threshold"]["precision"] == 1.0


def test_evaluate_dates_scores_one_part_of_the_documents(tmp_path: Path) -> None:
    rows = [
        {"doc_id": str(i), "dct": "2024-01-17", "text": f"It rose on Tuesday {i}.", "timexes": []}
        for i in range(3)
    ]
    path = write_jsonl(tmp_path / "parts.jsonl", rows)
    assert evaluate_dates(path, part="even").documents == 2
    assert evaluate_dates(path, part="odd").documents == 1
    with pytest.raises(ValueError, match="no such part"):
        evaluate_dates(path, part="third")
