"""Coverage comparison: outlets and when, the first, exclusives, and disagreements cited."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.present.coverage import (
    CoveredArticle,
    StoryQuote,
    compare_coverage,
    figures_conflict,
    numbers,
)
from newsdesk.present.summarize import CitedSentence

T0 = datetime(2024, 8, 5, 21, tzinfo=UTC)
T1 = datetime(2024, 8, 6, 2, tzinfo=UTC)
T2 = datetime(2024, 8, 6, 9, tzinfo=UTC)


def _article(article_id: int, outlet: str, published: datetime, copy_of: int | None = None):
    return CoveredArticle(article_id, outlet, published, copy_of or article_id)


def _sentences(article: CoveredArticle, *texts: str) -> list[CitedSentence]:
    return [
        CitedSentence(
            text,
            article.article_id,
            article.outlet,
            article.published,
            index,
            copy_of=article.copy_of,
        )
        for index, text in enumerate(texts, start=1)
    ]


HERALD = _article(1, "Harbour Chronicle", T1)
LEDGER = _article(2, "Northern Ledger", T0)
COPY = _article(3, "Daily Lantern", T2, copy_of=2)
STORY = [HERALD, LEDGER, COPY]
WIRE = (
    "A federal judge ruled that Google illegally maintained a monopoly in online search.",
    "Alphabet shares fell 4.5% after the ruling was published on Monday.",
    "The company said it would appeal the decision.",
)
SENTENCES = (
    _sentences(
        HERALD,
        "A federal judge ruled on Monday that Google illegally kept its monopoly in search.",
        "Alphabet shares dropped 6.2% after the ruling on Monday.",
        "Harbour city officials said the ruling would not affect the local data centre.",
    )
    + _sentences(LEDGER, *WIRE)
    + _sentences(COPY, *WIRE, "Lantern readers wrote in to ask whether their phones will change.")
)


def test_outlets_are_listed_by_first_report_and_the_first_is_named() -> None:
    coverage = compare_coverage(STORY, SENTENCES)
    assert [o.outlet for o in coverage.outlets] == [
        "Northern Ledger",
        "Harbour Chronicle",
        "Daily Lantern",
    ]
    assert coverage.first is not None and coverage.first.outlet == "Northern Ledger"
    assert coverage.tellings == 2
    lantern = coverage.outlets[2]
    assert lantern.article_ids == (3,) and lantern.copies == 1


def test_what_one_outlet_alone_reports_is_listed_with_its_citation() -> None:
    coverage = compare_coverage(STORY, SENTENCES)
    only = {(e.citation.outlet, e.text) for e in coverage.exclusives}
    assert ("Harbour Chronicle", SENTENCES[2].text) in only
    # A local line added to a syndicated copy is that outlet's alone ...
    assert ("Daily Lantern", SENTENCES[-1].text) in only
    # ... while what the wire and another outlet both say is nobody's exclusive.
    assert not any("monopoly" in text for _, text in only)
    # The wire's own line that no other telling reports is cited to its earliest copy.
    appeal = [e for e in coverage.exclusives if "appeal" in e.text]
    assert [e.citation.outlet for e in appeal] == ["Northern Ledger"]


def test_numbers_that_disagree_are_shown_with_each_side_cited() -> None:
    coverage = compare_coverage(STORY, SENTENCES)
    [dispute] = coverage.disagreements
    assert dispute.kind == "number" and dispute.about == "percent"
    sides = {(side.value, side.citation.outlet) for side in dispute.sides}
    assert ("4.5%", "Northern Ledger") in sides and ("6.2%", "Harbour Chronicle") in sides


def test_with_one_telling_only_what_an_outlet_added_to_its_copy_is_its_own() -> None:
    alone = compare_coverage([LEDGER, COPY], SENTENCES[3:])
    assert alone.tellings == 1 and not alone.disagreements
    assert [e.text for e in alone.exclusives] == [SENTENCES[-1].text]


def test_quotes_reworded_between_outlets_disagree_and_partial_quotes_do_not() -> None:
    def quote(article: CoveredArticle, text: str) -> StoryQuote:
        [cited] = _sentences(article, text)
        return StoryQuote(cited, 7, "Kent Walker", "direct")

    quotes = [
        quote(LEDGER, "This decision recognizes that Google offers the best search engine"),
        quote(HERALD, "This decision recognises Google offers the best search engine"),
        quote(COPY, "the best search engine"),
    ]
    coverage = compare_coverage(STORY, SENTENCES, quotes=quotes)
    [dispute] = [d for d in coverage.disagreements if d.kind == "quote"]
    assert dispute.about == "Kent Walker"
    assert [s.citation.outlet for s in dispute.sides] == ["Northern Ledger", "Harbour Chronicle"]
    # Both wordings appear only in their own telling, so each is that outlet's alone.
    quoted = {e.citation.outlet for e in coverage.exclusives if e.kind == "quote"}
    assert quoted == {"Northern Ledger", "Harbour Chronicle"}


def test_figures_are_read_with_what_they_count_and_dates_left_out() -> None:
    found = numbers("On January 1, 2024 at 4:10 p.m. the quake killed at least 64 people.")
    assert set(found) == {"people"}
    [figure] = found["people"]
    assert figure.value == 64 and figure.hedge == "floor"
    assert set(numbers("Google paid $26.3 billion in 2021")) == {"billion"}
    assert set(numbers("Rates rose 0.25 per cent")) == {"percent"}


def test_rounded_and_hedged_figures_agree_with_what_they_allow() -> None:
    def figure(text: str):
        [found] = numbers(f"The payments totalled {text} in 2021")["billion"]
        return found

    precise, rounded = figure("$26.3 billion"), figure("$26 billion")
    floor, ceiling, estimate = (
        figure("more than $25 billion"),
        figure("up to $30 billion"),
        (figure("about $27 billion")),
    )
    assert (floor.hedge, ceiling.hedge, estimate.hedge) == ("floor", "ceiling", "estimate")
    assert not figures_conflict(precise, rounded)
    for hedged in (floor, ceiling, estimate):
        assert not figures_conflict(precise, hedged)
    assert not figures_conflict(floor, ceiling)
    assert figures_conflict(precise, figure("$31 billion"))
    assert figures_conflict(floor, figure("$20 billion"))
    assert figures_conflict(ceiling, figure("$31 billion"))
    assert figures_conflict(estimate, figure("$31 billion"))
    assert not numbers("A 31-year-old climber and a 36-year-old guide died")
