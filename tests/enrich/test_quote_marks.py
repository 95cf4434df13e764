"""Quotation marks: pairing opening and closing marks, apostrophes left alone."""

from __future__ import annotations

from newsdesk.enrich.quote_marks import Marks, quote_marks, scan_marks

APOSTROPHES = (
    "North Korea's leader said the talks weren't over. The two countries' ties, he "
    "didn't deny, were tested in the '90s and aren't what they were."
)


def quoted(text: str) -> list[str]:
    return [text[a + 1 : b] for a, b in quote_marks(text)]


def test_apostrophes_are_not_quote_marks():
    assert quote_marks(APOSTROPHES) == []


def test_quote_marks_of_every_style():
    text = "He said \"one\", then “two”, then 'three' and ‘four’ – the countries' 'five'."
    assert quoted(text) == ["one", "two", "three", "four", "five"]


def test_an_unclosed_mark_does_not_swallow_the_quotes_after_it():
    text = 'The \'rock n roll era and "this one" stay.'
    assert quoted(text) == ["this one"]


def test_a_quote_runs_on_when_the_next_paragraph_opens_again():
    text = '"This runs over\n"paragraphs," he said.'
    assert scan_marks(text) == [Marks(0, 15, runs_on=True), Marks(16, 28)]


def test_a_quote_closed_in_its_paragraph_does_not_run_on():
    text = '"We will go on," she said.\n"And on."'
    assert scan_marks(text) == [Marks(0, 15), Marks(27, 35)]


def test_two_apostrophes_open_and_close_a_quote():
    text = "''It is 'old-school,''' he said, ''and it works.''"
    assert quoted(text) == ["It is 'old-school,", "and it works."]


def test_a_curly_quote_inside_a_curly_quote_closes_first():
    text = "“I would rather live in what he calls “hell” than here,” she said. “Yes.”"
    assert quoted(text) == ["I would rather live in what he calls “hell” than here,", "Yes."]
