"""Datelines, bylines and relative times."""

from datetime import datetime, timedelta

import pytest

from newsdesk.extract.dateline import (
    parse_byline,
    parse_byline_parts,
    parse_dateline,
    parse_relative_time,
)

NOW = datetime(2025, 7, 14, 12, 0)


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "rest"),
    [
        ("SEOUL--Russia's envoy arrived.", "SEOUL", None, "Russia's envoy arrived."),
        ("SEOUL — The talks began.", "SEOUL", None, "The talks began."),
        ("KYIV, Ukraine (AP) -- U.S. envoy landed.", "KYIV, Ukraine", "AP", "U.S. envoy landed."),
        ("MOSCOW (Reuters) - The ministry said.", "MOSCOW", "Reuters", "The ministry said."),
        ("TOKYO (Kyodo) — Japan's cabinet met.", "TOKYO", "Kyodo", "Japan's cabinet met."),
        (
            "WASHINGTON, Jan. 5 (Reuters) - A panel voted.",
            "WASHINGTON",
            "Reuters",
            "A panel voted.",
        ),
        ("PARIS (AFP) – France said.", "PARIS", "AFP", "France said."),
        ("NEW YORK, N.Y. — The city woke.", "NEW YORK, N.Y.", None, "The city woke."),
        (
            'ST. PETERSBURG, Russia (AP) — "We agree," he said.',
            "ST. PETERSBURG, Russia",
            "AP",
            '"We agree," he said.',
        ),
    ],
)
def test_dateline_is_split_off(paragraph, place, agency, rest):
    dateline = parse_dateline(paragraph)
    assert (dateline.place, dateline.wire_service, dateline.rest) == (place, agency, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "U.S. President Joe Biden -- who spoke on Monday -- said the talks would go on.",
        "Russia's foreign minister warned the U.S. on Saturday.",
        "The SEOUL-- office closed.",
        "NATO allies -- including Japan -- met.",
        "AI - the new thing - is everywhere.",
        "",
    ],
)
def test_ordinary_sentences_have_no_dateline(paragraph):
    dateline = parse_dateline(paragraph)
    assert dateline.place is None and dateline.wire_service is None
    assert dateline.rest == paragraph


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By JANE DOE and JOHN ROE, Associated Press", "Jane Doe and John Roe"),
        ("BY MARIA KOVAL", "Maria Koval"),
        ("By Ana de la Cruz, Reuters", "Ana de la Cruz"),
        ("by Jane Doe, John Roe & Kim Lee", "Jane Doe, John Roe and Kim Lee"),
        ("By SEAN O'BRIEN", "Sean O'Brien"),
    ],
)
def test_byline_names_authors(line, authors):
    assert parse_byline(line) == authors


def test_byline_returns_agency_separately():
    byline = parse_byline_parts("By JANE DOE and JOHN ROE, Associated Press")
    assert byline is not None
    assert byline.authors == ("Jane Doe", "John Roe")
    assert byline.agency == "Associated Press"


@pytest.mark.parametrize(
    "line",
    ["By the time the talks ended, nobody was left.", "Byron Smith wrote this", "Jane Doe", ""],
)
def test_non_bylines_are_refused(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("3 hours ago", timedelta(hours=3)),
        ("45 minutes ago", timedelta(minutes=45)),
        ("1 day ago", timedelta(days=1)),
        ("2 days ago", timedelta(days=2)),
        ("Yesterday", timedelta(days=1)),
        ("just now", timedelta(0)),
        ("5 min ago", timedelta(minutes=5)),
        ("an hour ago", timedelta(hours=1)),
        ("3h ago", timedelta(hours=3)),
        ("  4 HOURS AGO ", timedelta(hours=4)),
    ],
)
def test_relative_times_resolve_against_now(text, delta):
    assert parse_relative_time(text, NOW) == NOW - delta


@pytest.mark.parametrize(
    "text", ["3 hours", "ago", "January 17, 2024", "He left 3 hours ago and came back", ""]
)
def test_other_text_is_not_a_relative_time(text):
    assert parse_relative_time(text, NOW) is None
