"""The enrichment stage as a whole: what it refuses, and that one bad article spares the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.demo import ARTICLES_DIR
from newsdesk.enrich.language import detect_language
from newsdesk.enrich.stage import MAX_ENRICH_CHARS, ArticleText, enrich_texts

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
    assert results[2].mentions and not results[2].quotes  # names read, quotes not
    assert "markup or control characters" in notes[3]
    assert "markup or control characters" in notes[4]
    assert results[5].note is None and results[5].language == "en"
    assert {m.text for m in results[5].mentions} >= {"Maria Lindqvist", "Helsinki"}
    assert results[5].sentences and results[5].sentences[0].start == 0


def test_language_of_short_and_empty_texts() -> None:
    assert detect_language("The central bank kept its key rate unchanged on Thursday.") == "en"
    assert detect_language("12 345 678") == "und"
    assert detect_language("") == "und"


SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def demo_texts() -> list[ArticleText]:
    """The demo corpus's plain-text and JSON-lines articles as enrichment reads them."""
    texts = [
        ArticleText("", p.read_text(encoding="utf-8")) for p in (ARTICLES_DIR / "txt").glob("*.txt")
    ]
    for path in (ARTICLES_DIR / "jsonl").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "text" in record:
                texts.append(ArticleText(record["title"], record["text"]))
    return texts


@pytest.mark.skipif(not SEEDS.exists(), reason="the seeds are not present")
def test_the_seeds_name_choe_son_hui_as_a_person() -> None:
    seed_000 = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    seed_003 = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    first, third = enrich_texts([ArticleText("", seed_000), ArticleText("", seed_003)])
    people = {e.name: e for e in third.entities if e.label == "PERSON"}
    assert "Choe" in people["Choe Son Hui"].surface_forms
    assert not any(e.name.startswith("Choe") for e in third.entities if e.label == "ORG")
    [choi] = [e for e in first.entities if "Choi Soni" in e.surface_forms]
    assert choi.label == "PERSON" and "Choi So-hee" in choi.surface_forms


def test_demo_names_are_clean_lines_and_no_junk_is_a_person() -> None:
    results = enrich_texts(demo_texts())
    people: set[str] = set()
    for result in results:
        for mention in result.mentions:
            assert "\n" not in mention.text and mention.text == mention.text.strip()
        for entity in result.entities:
            for name in (entity.name, *entity.surface_forms):
                assert "\n" not in name and name == name.strip(), name
            assert not any(r.split()[0].lower() in {"for", "with", "to"} for r in entity.roles)
            if entity.label == "PERSON":
                people.add(entity.name)
    junk = {"Chrome", "Safari", "Firefox", "Explainer", "Cabinet", "Herald", "END", "North Korea"}
    assert not people & junk
    assert not any(name.isupper() for name in people)  # bylines: "KIM TAE-HO"
    assert {"Choe Son Hui", "Sergey Lavrov", "Volodymyr Zelenskyy"} <= people


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


def test_an_english_body_under_a_foreign_headline_is_enriched() -> None:
    from tests.enrich.test_language import GERMAN_HEADLINE, RESULTS

    (result,) = enrich_texts([ArticleText(GERMAN_HEADLINE, "\n\n".join([RESULTS] * 4))])
    assert (result.language, result.note) == ("en", None)
    assert result.mentions


def test_a_headline_too_long_to_parse_is_refused_with_a_reason() -> None:
    (result,) = enrich_texts([ArticleText("Quay " * (MAX_ENRICH_CHARS // 4), CLEAN)])
    assert result.note is not None and result.note.startswith("too long to enrich")
