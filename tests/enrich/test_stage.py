"""The enrichment stage as a whole: what it refuses, and that one bad article spares the rest."""

from __future__ import annotations

from newsdesk.enrich import MAX_ENRICH_CHARS, ArticleText, enrich_texts
from newsdesk.enrich.language import detect_language

CLEAN = (
    "Foreign Minister Maria Lindqvist of Sweden met her Finnish counterpart in Helsinki on "
    'Tuesday. "We agreed to deepen our cooperation," Lindqvist said after the talks.'
)


def test_bad_texts_get_a_reason_and_the_good_one_is_enriched() -> None:
    batch = [
        ArticleText("", ""),
        ArticleText("Long", "x " * (MAX_ENRICH_CHARS // 2 + 10)),
        ArticleText("", "Министр иностранных дел России провёл переговоры в Москве с коллегой."),
        ArticleText("", "<div><span>{{x}}</span><p>{{y}}</p></div>" * 50),
        ArticleText("", "\x01\x02\x03 text \x04\x05\x06\x07\x08" * 40),
        ArticleText("", CLEAN),
    ]
    results = enrich_texts(batch)
    assert len(results) == len(batch)
    notes = [r.note or "" for r in results]
    assert notes[0] == "no text to enrich"
    assert notes[1].startswith("too long to enrich")
    assert "language 'ru'" in notes[2] and results[2].language == "ru"
    assert "markup or control characters" in notes[3]
    assert "markup or control characters" in notes[4]
    assert results[5].note is None and results[5].language == "en"
    assert {m.text for m in results[5].mentions} >= {"Maria Lindqvist", "Helsinki"}
    assert results[5].sentences and results[5].sentences[0].start == 0


def test_language_of_short_and_empty_texts() -> None:
    assert detect_language("The central bank kept its key rate unchanged on Thursday.") == "en"
    assert detect_language("12 345 678") == "und"
    assert detect_language("") == "und"


def test_language_of_title_case_news_full_of_names() -> None:
    # The small model reads capitals as evidence: a title-case headline over a page of
    # names leaves it unsure of English, and the same words in lower case settle it.
    text = (
        "Bernie Sanders Beats Hillary Clinton In Oklahoma.\n\n"
        "Democratic hopeful Bernie Sanders edged out rival Hillary Clinton in Tuesday's "
        "Oklahoma primary, a wild turnaround from eight years ago."
    )
    assert detect_language(text) == "en"
    german = "Der Bundeskanzler sagte am Montag in Berlin, dass die Regierung die Steuern senkt."
    assert detect_language(german) == "de"
