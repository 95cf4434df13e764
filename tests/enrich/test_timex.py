"""Time expressions: the seed's relative dates, a table of rules, and the demo corpus."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.enrich.timex import find_events
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.types import EventDraft, IngestHints

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEED_000 = SEEDS / "000_6097e309b78d2792.txt"
UTC = UTC
# A Wednesday: the day seed 000 is ingested with.
PUBLISHED = datetime(2024, 1, 17, 9, 0, tzinfo=UTC)


def events_in(text: str, published: datetime | None) -> list[EventDraft]:
    doc = next(parse([text]))
    sentences = sentences_of(doc)
    return find_events(text, doc, sentences, mentions_of(doc, sentences), published)


def the_event(events: list[EventDraft], expression: str) -> EventDraft:
    found = [e for e in events if expression in e.expression]
    assert len(found) == 1, (expression, [e.expression for e in events])
    return found[0]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


def test_seed_000_dates_the_meeting_and_the_summit(seed_text: str) -> None:
    events = events_in(seed_text, PUBLISHED)
    meeting = the_event(events, "the 16th")
    assert (meeting.date, meeting.precision) == ("2024-01-16", "day")
    summits = [e for e in events if "September last year" in e.expression]
    assert len(summits) == 2
    assert {(e.date, e.precision) for e in summits} == {("2023-09", "month")}
    peskov = the_event(events, "the 9th")
    assert (peskov.date, peskov.precision) == ("2024-01-09", "day")  # not September
    assert (the_event(events, "this month").date, the_event(events, "this month").precision) == (
        "2024-01",
        "month",
    )
    # "Vetoed ... at the Security Council meeting in May": a past clause, a May gone by.
    assert the_event(events, "May").date == "2023-05"
    since = the_event(events, "since the end of last year")
    assert (since.precision, since.date, since.date_end) == ("span", "2023-12", "2024-01-17")
    for event in events:
        assert seed_text[event.start : event.end] == event.expression


def test_seed_000_events_carry_the_entities_of_their_sentence(seed_text: str) -> None:
    doc = next(parse([seed_text]))
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences)
    meeting = the_event(find_events(seed_text, doc, sentences, mentions, PUBLISHED), "16th")
    names = {mentions[i].text for i in meeting.entities}
    assert {"Sergei Lavrov", "Choi Soni", "Moscow"} <= names
    assert all(mentions[i].sentence == meeting.sentence for i in meeting.entities)


def test_seed_000_finds_no_date_in_damaged_numbers(seed_text: str) -> None:
    events = events_in(seed_text, PUBLISHED)
    assert not [e for e in events if "2019" in e.expression or e.expression.lower() == "we"]
    assert not [e for e in events if e.expression.strip() == "5"]


def test_without_a_publication_date_relative_expressions_stay_unresolved(
    seed_text: str,
) -> None:
    events = events_in(seed_text, None)
    assert events
    assert all(e.precision == "unresolved" and e.date is None for e in events)
    assert [e.expression for e in events] == [e.expression for e in events_in(seed_text, PUBLISHED)]


def test_explicit_dates_resolve_without_a_publication_date() -> None:
    events = events_in("The war began with an attack on October 7, 2023, and on Monday.", None)
    assert (the_event(events, "October 7").date, the_event(events, "October 7").precision) == (
        "2023-10-07",
        "day",
    )
    assert the_event(events, "Monday").precision == "unresolved"
    # A span up to the day of writing waits for that day, even from an explicit start.
    since = the_event(events_in("The plant has been offline since 2011.", None), "since 2011")
    assert (since.precision, since.date) == ("unresolved", None)


WED = datetime(2024, 1, 17, 9, 0, tzinfo=UTC)
SUN_MARCH = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
MON_SEPT = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
OCT = datetime(2024, 10, 24, 12, 0, tzinfo=UTC)

# (sentence, expression, published, precision, date, date_end)
TABLE = [
    ("The ministers met on the 16th.", "the 16th", WED, "day", "2024-01-16", None),
    ("Peskov said on the 9th that talks went well.", "the 9th", WED, "day", "2024-01-09", None),
    ("The ministers met on the 20th.", "the 20th", WED, "day", "2023-12-20", None),
    ("The ministers met on the 31st.", "the 31st", SUN_MARCH, "day", "2024-01-31", None),
    ("Rescuers arrived on Saturday.", "Saturday", WED, "day", "2024-01-13", None),
    ("Lavrov met Choe on Wednesday.", "Wednesday", WED, "day", "2024-01-17", None),
    ("Lavrov met Choe last Wednesday.", "last Wednesday", WED, "day", "2024-01-10", None),
    ("The summit was held in September last year.", "September last year", WED, "month",
     "2023-09", None),
    ("Prices rose this month.", "this month", WED, "month", "2024-01", None),
    ("Prices rose last month.", "last month", WED, "month", "2023-12", None),
    ("Prices rose last year.", "last year", WED, "year", "2023", None),
    ("Prices rose earlier this year.", "earlier this year", SUN_MARCH, "year", "2024", None),
    ("The deal was signed in June 2019.", "June 2019", WED, "month", "2019-06", None),
    ("The deal was signed in January 2024.", "January 2024", WED, "month", "2024-01", None),
    ("The deal was signed on 2023-11-05.", "2023-11-05", WED, "day", "2023-11-05", None),
    ("The attack came on October 7, 2023.", "October 7, 2023", WED, "day", "2023-10-07", None),
    ("The plan was drafted on March 3.", "March 3", WED, "day", "2023-03-03", None),
    ("Spies briefed lawmakers in November.", "November", WED, "month", "2023-11", None),
    ("He was elected in 2019.", "2019", WED, "year", "2019", None),
    ("The firm was founded in 1887.", "1887", WED, "year", "1887", None),
    ("The ban has been in force since May.", "since May", WED, "span", "2023-05", "2024-01-17"),
    ("They met on the 16th of January.", "16th of January", WED, "day", "2024-01-16", None),
    ("Troops have fought there for the past three years.", "three years", WED, "span",
     "2021-01-17", "2024-01-17"),
    ("It was the first visit in 24 years.", "24 years", WED, "span", "2000-01-17", "2024-01-17"),
    ("Missiles have been fired since the end of last year.", "since the end of last year", WED,
     "span", "2023-12", "2024-01-17"),
    ("Sales fell at the end of last year.", "the end of last year", WED, "month", "2023-12", None),
    ("The plant has been offline since 2011.", "since 2011", WED, "span", "2011", "2024-01-17"),
    ("That would have been unthinkable five years ago.", "five years ago", WED, "year", "2019",
     None),
    ("The quake struck yesterday.", "yesterday", WED, "day", "2024-01-16", None),
    ("Officials met last week.", "last week", WED, "span", "2024-01-08", "2024-01-14"),
    ("The treaty lapsed in the 1990s.", "1990s", WED, "span", "1990", "1999"),
    ("The trial ran for ten weeks last autumn.", "last autumn", WED, "span", "2023-09", "2023-11"),
    ("He led Japan from 2001 to 2006.", "2001 to 2006", WED, "span", "2001", "2006"),
    ("Google will appeal the finding of last August.", "last August", MON_SEPT, "month", "2024-08",
     None),
    # Looking ahead: "next", "tomorrow", and weekdays in future-tense clauses.
    ("The minister will visit next month.", "next month", WED, "month", "2024-02", None),
    ("Nothing will change tomorrow.", "tomorrow", WED, "day", "2024-01-18", None),
    ("Choe is expected to leave Moscow on Friday.", "Friday", WED, "day", "2024-01-19", None),
    ("She will travel to Pyongyang on Monday.", "Monday", WED, "day", "2024-01-22", None),
    ("The advisory is due to be reviewed next Thursday.", "next Thursday", WED, "day",
     "2024-01-25", None),
    ("Next year's conference will be held in Brazil.", "Next year", WED, "year", "2025", None),
    # A count back to the day of writing stays behind it, whatever the clause's tense.
    ("The talks will be the first in 24 years.", "24 years", WED, "span", "2000-01-17",
     "2024-01-17"),
    # "Tuesday's ruling" is done, told on Wednesday; the day still awaited is ahead.
    ("Tuesday's ruling will be appealed.", "Tuesday", WED, "day", "2024-01-16", None),
    ("Crowds gathered ahead of Saturday's vote.", "Saturday", WED, "day", "2024-01-20", None),
    # Without a tense to go by, the nearer of the two: a dividend payable next month.
    ("The dividend is payable Dec. 15 to holders of record.", "Dec. 15", OCT, "day",
     "2024-12-15", None),
    # The present perfect fixes no side: a deadline set for a week on is ahead.
    ("The company has set Nov. 2 as the deadline for bids.", "Nov. 2", OCT, "day", "2024-11-02",
     None),
    # "Today's" is the day of writing, unless it is the present age.
    ("The offer was advertised in today's editions.", "today", WED, "day", "2024-01-17", None),
    ("Orders rose in the third quarter.", "the third quarter", OCT, "span", "2024-07", "2024-09"),
    ("Sales rose in the first quarter.", "the first quarter", OCT, "span", "2024-01", "2024-03"),
    ("Profit fell in the fourth quarter of 2022.", "fourth quarter of 2022", OCT, "span", "2022-10",
     "2022-12"),
    ("Sales fell in the first half of last year.", "first half of last year", OCT, "span",
     "2023-01", "2023-06"),
    ("Sales for the full year rose 3%.", "the full year", OCT, "year", "2024", None),
    ("In nineteen ninety-six a bomb shook the games.", "nineteen ninety-six", WED, "year", "1996",
     None),
    ("The temple dates from the 11th century.", "11th century", WED, "span", "1000", "1099"),
    ("The band was famous in the '80s.", "the '80s", WED, "span", "1980", "1989"),
    ("Growth slowed in the mid-1990s.", "mid-1990s", WED, "span", "1990", "1999"),
    ("Stocks ended the day higher.", "the day", WED, "day", "2024-01-17", None),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expression", "published", "precision", "iso", "end"), TABLE)
def test_relative_expressions_resolve_against_the_publication_date(
    sentence: str,
    expression: str,
    published: datetime,
    precision: str,
    iso: str,
    end: str | None,
) -> None:
    event = the_event(events_in(sentence, published), expression)
    assert (event.precision, event.date, event.date_end) == (precision, iso, end)


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 9,2019 containers of ammunition were shipped.",
        "We are ready, we said, to make every effort.",
        "A 73-year-old man was rescued from the rubble.",
        "The quake struck at 4:10 p.m. local time.",
        "The visit lasted three days.",
        "Rich nations pledged $300 billion a year.",
        "It was the 5th round of talks.",
        "The Good Friday Agreement ended the conflict.",
        "June Carter said it may rain.",
    ],
)
def test_no_false_dates(sentence: str) -> None:
    assert events_in(sentence, WED) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The plant will open in three years.",
        "He will serve as chairman for three years.",
        "The deal runs for five years.",
        "There is a 70% chance of a large quake within the next 30 years.",
    ],
)
def test_durations_are_no_events_ahead(sentence: str) -> None:
    # "In three years" that is not a count back is a length of time, never a date ahead.
    assert [e for e in events_in(sentence, WED) if e.date and e.date > "2024-01-17"] == []


def test_comparisons_lean_on_the_period_spoken_of() -> None:
    text = (
        "Third-quarter profit rose 5% from a year earlier. "
        "Unemployment fell to 5% last month, from 6% a year earlier. "
        "On May 22, 1995, he was promoted, and the following year he moved to Washington. "
        "Two days later he resigned."
    )
    events = events_in(text, OCT)
    dated = [(e.expression, e.precision, e.date, e.date_end) for e in events]
    assert dated == [
        ("Third-quarter", "span", "2024-07", "2024-09"),
        ("a year earlier", "span", "2023-07", "2023-09"),
        ("last month", "month", "2024-09", None),
        ("a year earlier", "month", "2023-09", None),
        ("May 22, 1995", "day", "1995-05-22", None),
        ("the following year", "year", "1996", None),
        # "later" from a year, not a day: nothing to count days from, so no date.
    ]


def test_an_anaphoric_expression_with_nothing_before_it_is_left_out() -> None:
    assert events_in("The following year he moved to Washington.", WED) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Rates rose by a quarter of a point.",
        "Two thousand people marched through the capital.",
        "He was named Player of the Year.",
        "The day before the vote, he resigned.",
    ],
)
def test_no_false_dates_among_the_new_rules(sentence: str) -> None:
    assert events_in(sentence, WED) == []


def test_two_expressions_in_one_sentence_give_two_events() -> None:
    events = events_in("Choe arrived on Monday and met Putin on Tuesday.", WED)
    assert [(e.expression, e.date) for e in events] == [
        ("Monday", "2024-01-15"),
        ("Tuesday", "2024-01-16"),
    ]
    assert events[0].sentence == events[1].sentence


# Words that let a sentence speak of a time after it was written.
FUTURE_WORDS = re.compile(
    r"\b(will|'ll|would|could|may|next|tomorrow|expect\w*|due|plans?|coming|later|by|until|"
    r"within|schedul\w+|upcoming|meets)\b",
    re.IGNORECASE,
)


def test_demo_corpus_events_are_not_after_publication(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = open_store(settings)
    ingest_paths(store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints, enrich=False)
    with store.session() as session:
        rows = [
            (a.text, a.published_at)
            for a in session.query(Article).filter(Article.is_stub.is_(False))
        ]
    assert rows and all(published is not None for _, published in rows)
    counts = {"articles": len(rows), "events": 0, "resolved": 0, "ahead": 0}
    precisions: dict[str, int] = {}
    for (text, published), doc in zip(rows, parse(t for t, _ in rows), strict=True):
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        sentences = sentences_of(doc)
        for event in find_events(text, doc, sentences, mentions_of(doc, sentences), published):
            counts["events"] += 1
            precisions[event.precision] = precisions.get(event.precision, 0) + 1
            assert text[event.start : event.end] == event.expression
            if event.date is None:
                continue
            counts["resolved"] += 1
            latest = (published.date() + timedelta(days=1)).isoformat()
            if event.date <= latest[: len(event.date)]:
                continue
            counts["ahead"] += 1
            sentence = sentences[event.sentence]
            said = text[sentence.start : sentence.end]
            assert FUTURE_WORDS.search(said), (event, said)
    print(f"demo corpus: {counts}, by precision {precisions}")
    assert counts["resolved"] == counts["events"] > 200


def test_resolution_is_the_same_whatever_the_time_of_day() -> None:
    late = datetime(2024, 1, 17, 23, 59, tzinfo=UTC)
    events = events_in("Lavrov met Choe on Tuesday.", late)
    assert events[0].date == date(2024, 1, 16).isoformat()


# Written on a Thursday in late October, the weeks earnings reports come out.
THU_OCT = datetime(1989, 10, 26, 12, 0, tzinfo=UTC)

# (sentence, expression, published, precision, date, date_end): TimeML's readings.
TIMEML_TABLE = [
    ("In March, the company received an offer.", "March", THU_OCT, "month", "1989-03", None),
    ("It plans to cut 6,000 jobs by year end.", "year end", THU_OCT, "year", "1989", None),
    ("Rules should be in place by year's end.", "year's end", THU_OCT, "year", "1989", None),
    ("It hopes to save $500 million by the end of the year.", "the year", THU_OCT, "year",
     "1989", None),
    ("Revenue rose through the first nine months of the year.", "the year", THU_OCT, "year",
     "1989", None),
    ("Wages lost ground to inflation in the last decade.", "the last decade", THU_OCT, "span",
     "1970", "1979"),
    # "Year-end" after "by" or "since" is the year's last day; "year-end net" is no date.
    ("It hopes to complete the transaction by year-end.", "year-end", THU_OCT, "day",
     "1989-12-31", None),
    ("The percentage change is since year-end.", "since year-end", THU_OCT, "span", "1988-12-31",
     "1989-10-26"),
    # The Friday before the Friday spoken of.
    ("The index closed Friday at 2082.1, down 4.5% from the previous Friday.",
     "the previous Friday", THU_OCT, "day", "1989-10-13", None),
    # ... even when a few sentences stand between the two.
    ("Tokyo stocks fell sharply Friday. Exporters led the decline. Banks lost ground too. "
     "Utilities held steady. The Nikkei ended 3% below its close of the previous Friday.",
     "the previous Friday", THU_OCT, "day", "1989-10-13", None),
    # A quarter that ended July 31 is May to July: two of its months are in the second.
    ("Orders grew 8% in the quarter ended July 31.", "the quarter", THU_OCT, "span", "1989-04",
     "1989-06"),
    ("Net fell in the quarter ending Sept. 30.", "the quarter", THU_OCT, "span", "1989-07",
     "1989-09"),
    # "Ahead of the weekend" is the weekend to come, in a past-tense clause too.
    ("Dealers trimmed their positions ahead of the weekend.", "the weekend", THU_OCT, "span",
     "1989-10-28", "1989-10-29"),
    ("Dealers trimmed their positions over the weekend.", "the weekend", THU_OCT, "span",
     "1989-10-21", "1989-10-22"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "expression", "published", "precision", "iso", "end"), TIMEML_TABLE
)
def test_expressions_read_as_timeml_reads_them(
    sentence: str,
    expression: str,
    published: datetime,
    precision: str,
    iso: str,
    end: str | None,
) -> None:
    event = the_event(events_in(sentence, published), expression)
    assert (event.precision, event.date, event.date_end) == (precision, iso, end)


@pytest.mark.parametrize(
    "sentence",
    [
        'Baker, speaking on ABC News\' "This Week," said the request was welcome.',
        "This is VOA Today.",
        "The third flight departs each Thursday.",
        "Two new flights will leave on Monday and Tuesday nights.",
        "If I were choosing the people of tomorrow, I would choose them.",
        "Mothers matter in today's world, where paternity can be proved.",
        "The chips are used in many of today's personal computers.",
        "Analysts said year-end net was below forecasts.",
        "The quarter-to-quarter comparison was enhanced by charges.",
    ],
)
def test_programme_names_schedules_and_the_future_at_large_are_no_dates(sentence: str) -> None:
    assert events_in(sentence, THU_OCT) == []


def test_an_earnings_report_compares_with_its_quarter_paragraphs_on() -> None:
    text = (
        "Delta reported third-quarter net income of $133 million. "
        "Revenue rose 15% to $2.17 billion. "
        "Passenger traffic jumped 14%, the airline said. "
        "Fuel costs were higher. "
        "A year earlier, net income was $100 million. "
        "In the first nine months, net rose 20% from a year earlier."
    )
    dated = [(e.expression, e.date, e.date_end) for e in events_in(text, THU_OCT)]
    assert dated == [
        ("third-quarter", "1989-07", "1989-09"),
        # Four sentences on, still the quarter the report is about, a year back.
        ("A year earlier", "1988-07", "1988-09"),
        # Nine months to date compare by years.
        ("a year earlier", "1988", None),
    ]


def test_this_quarter_in_a_report_on_the_quarter_just_over_is_that_quarter() -> None:
    text = "Its loss for the third quarter widened. This quarter's loss includes charges."
    events = events_in(text, datetime(1989, 11, 1, 12, tzinfo=UTC))
    this = the_event(events, "This quarter")
    assert (this.date, this.date_end) == ("1989-07", "1989-09")
    ahead = events_in("Sales will rise this quarter.", datetime(1989, 11, 1, 12, tzinfo=UTC))
    assert (ahead[0].date, ahead[0].date_end) == ("1989-10", "1989-12")


def test_the_latest_quarter_is_the_one_reported() -> None:
    nov = datetime(1989, 11, 2, 12, tzinfo=UTC)
    # A fiscal fourth quarter reported in November is over, whatever the calendar says.
    fiscal = (
        "Ralston reported a decline in fourth-quarter earnings. Sales in the latest period rose."
    )
    latest = the_event(events_in(fiscal, nov), "the latest period")
    assert (latest.date, latest.date_end) == ("1989-10", "1989-12")
    # A coming quarter spoken of after the one just over leaves "the latest" that one.
    text = (
        "Travelers's third-quarter net rose 11%. The quake will result in a fourth-quarter "
        "charge. Earnings fell 59% in the latest quarter, compared with a year ago."
    )
    events = events_in(text, nov)
    assert the_event(events, "the latest quarter").date == "1989-07"
    assert the_event(events, "a year ago").date == "1988-07"


def test_confidence_follows_how_the_date_was_read() -> None:
    text = (
        "The treaty was signed on October 7, 2023. "
        "Lavrov met Choe on Monday. "
        "Officials will meet again on Friday. "
        "The talks began on Monday. "
        "Third-quarter profit rose 5% from a year earlier. "
        "Prices rose yesterday."
    )
    found = {e.expression: e.confidence for e in events_in(text, WED)}
    assert found["October 7, 2023"] == 1.0  # named in full
    assert found["Monday"] == 0.8  # the past tense puts it behind
    assert found["Friday"] == 0.8  # the future puts it ahead
    assert found["yesterday"] == 0.8  # the day of writing fixes it
    assert found["a year earlier"] == 0.4  # leaning on the quarter spoken of
    nearest = the_event(events_in("Monday: markets and the vote.", WED), "Monday")
    assert nearest.confidence == 0.6  # no tense: the nearer of two Mondays
    unresolved = the_event(events_in("Lavrov met Choe on Monday.", None), "Monday")
    assert unresolved.confidence == 0.0
