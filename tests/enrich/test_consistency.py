"""Consistency warnings: the seed's damage, each kind on small texts, and a clean text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.enrich.consistency import (
    DANGLING_REFERENCE,
    MALFORMED_NUMBER,
    NAME_VARIANTS,
    UNATTRIBUTED_QUOTE,
    dangling_references,
    find_warnings,
    malformed_numbers,
    name_variants,
    unattributed_quotes,
)
from newsdesk.enrich.entities import local_entities
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.enrich.quotes import find_quotes
from newsdesk.types import ConsistencyWarning, LocalEntity, MentionDraft, QuoteDraft, Sentence

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEED_000 = SEEDS / "000_6097e309b78d2792.txt"


def warnings_in(text: str) -> list[ConsistencyWarning]:
    """The whole enrichment chain up to warnings, as the pipeline runs it."""
    doc = next(parse([text]))
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences)
    entities = local_entities(text, sentences, mentions)
    quotes = find_quotes(text, doc, sentences, mentions, entities)
    return find_warnings(text, sentences, entities, mentions, quotes)


def spans(text: str, warnings: list[ConsistencyWarning], kind: str) -> list[str]:
    return [text[w.start : w.end] for w in warnings if w.kind == kind]


def whole(text: str) -> list[Sentence]:
    return [Sentence(0, len(text))]


@pytest.fixture(scope="module")
def seed_warnings() -> tuple[str, list[ConsistencyWarning]]:
    text = SEED_000.read_text(encoding="utf-8")
    return text, warnings_in(text)


def test_seed_000_shows_its_translation_damage(
    seed_warnings: tuple[str, list[ConsistencyWarning]],
) -> None:
    text, warnings = seed_warnings
    assert spans(text, warnings, MALFORMED_NUMBER) == ["9,2019"]
    assert spans(text, warnings, DANGLING_REFERENCE) == ["the second summit meeting since 5"]
    assert spans(text, warnings, NAME_VARIANTS) == ["Choi Soni"]
    variant = next(w for w in warnings if w.kind == NAME_VARIANTS)
    assert "Choi So-hee" in variant.message and "Choi Soni" in variant.message
    assert warnings == sorted(warnings, key=lambda w: (w.start, w.end, w.kind))


def test_clean_text_has_no_warnings() -> None:
    text = (
        "Harbour officials in Port Amsel said on Tuesday that 1,250 containers had cleared "
        "customs since March, up from 980 a year earlier. Mayor Ilse Brandvold, who opened "
        'the new terminal in 2019, said the figures were encouraging. "We have waited a long '
        'time for this," Brandvold said. The next review is due on the 14th, and traffic has '
        "risen to 3,400 from 2,100 vehicles a day since 2021."
    )
    assert warnings_in(text) == []


@pytest.mark.parametrize(
    ("text", "damaged"),
    [
        ("More than 9,2019 containers were shipped.", ["9,2019"]),
        ("The deal was signed on May 5,2019 in Seoul.", ["5,2019"]),
        ("Exports reached 1,00 tonnes and 12,34,567 cases.", ["1,00", "12,34,567"]),
        ("The figure was 1,234,567 or 12,000.50 at most.", []),
        ("Items 1, 2 and 3 were approved; 3.5% were not.", []),
        ("The ship was seen at 37.5,127.0 on the map.", []),
    ],
)
def test_malformed_numbers(text: str, damaged: list[str]) -> None:
    found = malformed_numbers(text)
    assert [text[w.start : w.end] for w in found] == damaged
    assert all(w.kind == MALFORMED_NUMBER for w in found)


@pytest.mark.parametrize(
    ("text", "dangling"),
    [
        (
            "It was the second summit meeting since 5, the first in years.",
            ["the second summit meeting since 5"],
        ),
        ("It is the third meeting since 19.", ["the third meeting since 19"]),
        ("Talks have stalled since 7; nobody knows why.", ["since 7"]),
        ("Talks have stalled since 2019, officials said.", []),
        ("Talks have stalled since May 5, officials said.", []),
        ("The shop is open until 5 p.m. on weekdays.", []),
        ("Inflation fell from 5 percent, officials said.", []),
        ("Output rose to 150 from 100.", []),
        ("Counting from 1 to 10 took all day.", []),
        ("It was the first meeting since the 5th.", []),
    ],
)
def test_dangling_references(text: str, dangling: list[str]) -> None:
    found = dangling_references(text, whole(text))
    assert [text[w.start : w.end] for w in found] == dangling
    assert all(w.kind == DANGLING_REFERENCE for w in found)


def person(text: str, names: list[str]) -> tuple[list[MentionDraft], list[LocalEntity]]:
    """Mentions of `names` in order of appearance, all one PERSON entity."""
    mentions, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        mentions.append(MentionDraft(name, "PERSON", start, cursor, 0))
    entity = LocalEntity(names[0], "PERSON", tuple(range(len(names))), tuple(dict.fromkeys(names)))
    return mentions, [entity]


@pytest.mark.parametrize(
    ("text", "names", "flagged"),
    [
        (
            "Choi So-hee met Lavrov. Later Choi Soni left.",
            ["Choi So-hee", "Choi Soni"],
            "Choi Soni",
        ),
        (
            "Kim Jong-un spoke. Then Kim Jong Un left. Kim waved.",
            ["Kim Jong-un", "Kim Jong Un", "Kim"],
            None,
        ),
        (
            "Vladimir Putin spoke. Vladimir Vladimirovich Putin left.",
            ["Vladimir Putin", "Vladimir Vladimirovich Putin"],
            None,
        ),
        (
            "Foreign Minister Choe Son Hui spoke. Choe Son Hui left.",
            ["Foreign Minister Choe Son Hui", "Choe Son Hui"],
            None,
        ),
        ("Sergei Lavrov spoke. Lavrov left.", ["Sergei Lavrov", "Lavrov"], None),
    ],
)
def test_name_variants(text: str, names: list[str], flagged: str | None) -> None:
    mentions, entities = person(text, names)
    found = name_variants(entities, mentions)
    assert [text[w.start : w.end] for w in found] == ([flagged] if flagged else [])
    assert all(w.kind == NAME_VARIANTS and names[0] in w.message for w in found)


def test_name_variants_ignore_other_labels() -> None:
    text = "Korea Telecom and Korea Telekom merged."
    mentions = [
        MentionDraft("Korea Telecom", "ORG", 0, 13, 0),
        MentionDraft("Korea Telekom", "ORG", 18, 31, 0),
    ]
    entity = LocalEntity("Korea Telecom", "ORG", (0, 1), ("Korea Telecom", "Korea Telekom"))
    assert text[mentions[1].start : mentions[1].end] == "Korea Telekom"
    assert name_variants([entity], mentions) == []


def quote(kind: str, speaker: int | None, speaker_text: str | None) -> QuoteDraft:
    return QuoteDraft("We are ready", 1, 13, 0, kind, speaker, speaker_text)


@pytest.mark.parametrize(
    ("draft", "warned"),
    [
        (quote("direct", None, None), True),
        (quote("direct", None, "he"), True),
        (quote("direct", 0, "Lavrov"), False),
        (quote("paraphrase", None, None), False),
        # An anonymous source is attributed, as news attributes: not damage.
        (quote("direct", None, "a European diplomat in Seoul"), False),
    ],
)
def test_unattributed_quotes(draft: QuoteDraft, warned: bool) -> None:
    found = unattributed_quotes([draft])
    assert len(found) == int(warned)
    assert all((w.kind, w.start, w.end) == (UNATTRIBUTED_QUOTE, 1, 13) for w in found)


def test_a_quote_nobody_says_is_flagged_end_to_end() -> None:
    text = 'The harbour was quiet on Tuesday.\n\n"Nobody expected this."\n\nShips left at dawn.'
    found = spans(text, warnings_in(text), UNATTRIBUTED_QUOTE)
    assert len(found) == 1 and "Nobody expected this." in found[0]
