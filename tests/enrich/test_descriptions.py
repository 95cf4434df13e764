"""Definite descriptions ("the Russian foreign minister") attached to the person meant."""

from __future__ import annotations

from bisect import bisect_right

from newsdesk.enrich.descriptions import article_entities, is_description
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.types import LocalEntity, MentionDraft
from tests.conftest import SEEDS


def described(text: str) -> tuple[list[MentionDraft], list[MentionDraft], list[LocalEntity]]:
    """The recogniser's mentions, the mentions with descriptions added, and the entities."""
    doc = next(parse([text]))
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences)
    merged, entities = article_entities(text, sentences, mentions)
    starts = [s.start for s in sentences]
    for m in merged:
        assert text[m.start : m.end] == m.text
        assert m.sentence == bisect_right(starts, m.start) - 1
    assert [m.start for m in merged] == sorted(m.start for m in merged)
    return mentions, merged, entities


def person(entities: list[LocalEntity], surface: str) -> LocalEntity:
    return next(e for e in entities if e.label == "PERSON" and surface in e.surface_forms)


def test_a_description_after_the_name_joins_the_person() -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Friday. "
        "The Russian foreign minister met officials there. "
        "Kremlin spokesman Dmitry Peskov said the talks went well, and the Kremlin "
        "spokesman added that the Russian foreign minister would stay a day."
    )
    mentions, merged, entities = described(text)
    lavrov = person(entities, "Sergei Lavrov")
    assert lavrov.surface_forms == (
        "Sergei Lavrov",
        "The Russian foreign minister",
        "the Russian foreign minister",
    )
    found = [merged[i] for i in lavrov.mentions if is_description(merged[i].text)]
    assert [(d.text, d.label, d.sentence) for d in found] == [
        ("The Russian foreign minister", "PERSON", 1),
        ("the Russian foreign minister", "PERSON", 2),
    ]
    assert found[0].start == text.index("The Russian foreign minister")
    assert "the Kremlin spokesman" in person(entities, "Dmitry Peskov").surface_forms
    # Every recogniser mention keeps its entity; only descriptions were added.
    assert [m for m in merged if not is_description(m.text)] == mentions
    assert len(merged) == len(mentions) + 3


def test_a_description_before_the_name_is_not_attached() -> None:
    text = (
        "The Russian foreign minister was expected on Friday. "
        "Russian Foreign Minister Sergei Lavrov arrived a day late."
    )
    mentions, merged, entities = described(text)
    assert merged == mentions
    assert person(entities, "Sergei Lavrov").surface_forms == ("Sergei Lavrov",)


def test_seed_foreign_minister_before_the_name_stays_unattached() -> None:
    # "Russia's foreign minister" opens the story; Lavrov is named only a sentence later.
    text = (SEEDS / "003_53dc6bc4e3217d5a.txt").read_text(encoding="utf-8")
    mentions, merged, entities = described(text)
    assert merged == mentions
    lavrov = person(entities, "Sergey Lavrov")
    assert not any("foreign minister" in f.lower() for f in lavrov.surface_forms)
    assert not any(is_description(f) for e in entities for f in e.surface_forms)


def test_two_foreign_ministers_leave_the_foreign_minister_unattached() -> None:
    text = (
        "Japanese Foreign Minister Takeshi Iwaya met South Korean Foreign Minister "
        "Cho Tae-yul in Tokyo on Monday. The foreign minister said the talks were useful."
    )
    mentions, merged, entities = described(text)
    assert merged == mentions
    assert not any(is_description(f) for e in entities for f in e.surface_forms)


def test_a_nationality_picks_one_of_two_ministers() -> None:
    text = (
        "Japanese Foreign Minister Takeshi Iwaya met South Korean Foreign Minister "
        "Cho Tae-yul in Tokyo on Monday. The Japanese foreign minister spoke first."
    )
    _, _, entities = described(text)
    assert "The Japanese foreign minister" in person(entities, "Takeshi Iwaya").surface_forms
    assert "The Japanese foreign minister" not in person(entities, "Cho Tae-yul").surface_forms


def test_titles_complements_and_other_nationalities_are_not_descriptions() -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov spoke in Moscow. Later the foreign minister "
        "Sergei Lavrov left, the foreign minister of Japan replied, and the Japanese "
        "foreign minister stayed away. The minister was tired."
    )
    mentions, merged, entities = described(text)
    assert merged == mentions
    assert person(entities, "Sergei Lavrov").surface_forms == ("Sergei Lavrov",)


def test_is_description() -> None:
    assert is_description("the Russian foreign minister")
    assert is_description("The Kremlin spokesman")
    assert not is_description("Theresa May") and not is_description("Lavrov")
