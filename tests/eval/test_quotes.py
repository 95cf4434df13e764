"""Quotes scored against PolNeAR-style attributions: the matching rules, on small articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.enrich.speakers import NAMED, PRONOUN
from newsdesk.eval.quotes import (
    QuoteScore,
    article_text,
    evaluate_quotes,
    format_quotes,
    source_names,
    speaker_matches,
)

NAMES = frozenset({"lopez", "maria", "smith", "john", "clinton", "hillary", "trump", "sanders"})

BUDGET = (
    "Budget talks in Ohio\n\n"
    "Senator Maria Lopez spoke in Columbus on Monday. "
    '"We will not cut the schools budget," Lopez said. "Not this year."\n\n'
    "Lopez said the state would balance its books by June."
)
# A headline on its own line (one newline, not two), a partial quote and a "he".
TREASURER = (
    "Ohio treasurer doubts plan\n"
    'John Smith, the state treasurer, called the plan "a disaster" on Tuesday.\n'
    '"It will fail before the winter," he said.'
)


def span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def attribution(text: str, source: str | None, cue: str, *contents: str) -> dict:
    spans = [span(text, c) for c in contents]
    return {
        "source": source,
        "cue": cue,
        "content": " … ".join(contents),
        "source_span": span(text, source) if source else None,
        "cue_span": span(text, cue),
        "content_span": [spans[0][0], spans[-1][1]],
        "content_spans": spans,
        "has_source": source is not None,
    }


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> Path:
    """Two small articles in PolNeAR's format, labelled by hand."""
    budget = [
        attribution(
            BUDGET,
            "Lopez",
            "said",
            '"We will not cut the schools budget,"',
            '"Not this year."',
        ),
        attribution(BUDGET, "Lopez said", "said", "the state would balance its books by June"),
    ]
    # The source span of the second is "Lopez" in "Lopez said the state ...".
    second = BUDGET.index("Lopez said the state")
    budget[1]["source"] = "Lopez"
    budget[1]["source_span"] = [second, second + len("Lopez")]
    treasurer = [
        attribution(
            TREASURER, "John Smith, the state treasurer,", "called", 'the plan "a disaster"'
        ),
        attribution(TREASURER, "he", "said", '"It will fail before the winter,"'),
    ]
    path = tmp_path_factory.mktemp("polnear") / "dev.jsonl"
    rows = [
        {"doc_id": "budget", "text": BUDGET, "attributions": budget},
        {"doc_id": "treasurer", "text": TREASURER, "attributions": treasurer},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def score(labelled: Path) -> QuoteScore:
    return evaluate_quotes(labelled, examples=5)


def test_direct_quotes_split_by_their_attribution_are_one_gold_quote(score):
    # Two gold direct quotes (Lopez's in two parts, Smith's); ours: the two parts and
    # Smith's. The partial quote "a disaster" is no direct quote.
    assert (score.direct_gold, score.direct_found) == (2, 2)
    assert (score.direct_ours, score.direct_right) == (3, 3)
    assert score.direct_f1 == pytest.approx(1.0)


def test_he_is_the_named_source_just_before(score):
    assert (score.speakers_named, score.speakers_right) == (2, 2)


def test_reported_speech_is_found_with_its_source(score):
    # "Lopez said the state would ..." and "Smith called the plan 'a disaster'".
    assert score.reported_gold == 2
    assert score.reported_found == 2
    assert score.paraphrases_right >= 2
    assert score.reported_precision == pytest.approx(score.paraphrases_right / score.paraphrases)


def test_json_and_table_carry_the_targets(score):
    data = score.as_json()
    assert data["direct_gold"] == 2 and data["targets"]["direct_f1"] == 0.92
    table = format_quotes(score, "dev")
    assert "direct quotes F1" in table and ">= 0.92" in table and "2 articles" in table


def test_speakers_are_scored_at_the_reader_floor_and_over_all(labelled, score):
    # Lopez is the named subject of "said"; Smith's quote is the "he" who spoke next.
    assert (score.speakers_given, score.speakers_above, score.speakers_right_above) == (2, 2, 2)
    assert score.by_confidence == {f"{NAMED:.2f}": [1, 1], f"{PRONOUN:.2f}": [1, 1]}
    named_only = evaluate_quotes(labelled, floor=NAMED)
    assert (named_only.speakers_above, named_only.speakers_right_above) == (1, 1)
    assert named_only.speaker_precision_above == pytest.approx(1.0)
    assert named_only.speaker_recall_above == pytest.approx(0.5)
    assert named_only.speaker_right == score.speaker_right
    table = format_quotes(named_only)
    assert "confidence >= 1.00" in table and "recall 0.500 against 1.000" in table


def test_a_headline_on_one_newline_keeps_body_offsets():
    article, body_start, shift = article_text(TREASURER)
    assert article.title == "Ohio treasurer doubts plan"
    # Enrichment reads title + "\n\n" + body: one character more before the body.
    assert shift == -1
    assert article.text[body_start - shift :].startswith("John Smith")


def test_source_names_read_the_head_of_each_stretch():
    assert source_names("Clinton's Democratic opponent, Vermont Sen. Bernie Sanders,", NAMES) == (
        "Vermont",
        "Bernie",
        "Sanders",
    )
    assert source_names("Robert Antonacci of the New York delegation", NAMES) == (
        "Robert",
        "Antonacci",
    )
    assert source_names("the Christie supporter", NAMES) == ()
    # First in a sentence, a word the articles write in lower case is no name.
    assert source_names("Officials", NAMES, sentence_start=True) == ()
    assert source_names("Lopez", NAMES, sentence_start=True) == ("Lopez",)


def test_speakers_match_by_surname_and_given_names_that_agree():
    assert speaker_matches(["Hillary Clinton"], ["Clinton"])
    assert speaker_matches(["Hillary Rodham Clinton"], ["Hillary", "Clinton"])
    assert not speaker_matches(["Donald Trump"], ["Eric", "Trump"])
    assert not speaker_matches(["he"], ["Trump"])
    assert speaker_matches(["he", "Donald J. Trump"], source_names("Mr. Trump", NAMES))


def test_an_organisation_speaker_is_read_up_to_its_preposition_as_the_source_is():
    # The source "the Centre for Budget Studies" names ("Centre",); so must ours.
    source = source_names("the Centre for Budget Studies", frozenset({"centre", "budget"}))
    assert source == ("Centre",)
    assert speaker_matches(["Centre for Budget Studies"], source)
    assert not speaker_matches(["Institute for Budget Studies"], source)


def test_the_halves_add_up_to_the_whole(labelled, score):
    even = evaluate_quotes(labelled, part="even")
    odd = evaluate_quotes(labelled, part="odd")
    assert (even.articles, odd.articles) == (1, 1)
    assert even.direct_gold + odd.direct_gold == score.direct_gold
    assert even.reported_found + odd.reported_found == score.reported_found
    with pytest.raises(ValueError):
        evaluate_quotes(labelled, part="third")
