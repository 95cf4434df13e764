"""Entities within an article: roles, and mentions clustered into local entities."""

from __future__ import annotations

import re

import pytest

from newsdesk.enrich.entities import extract_roles, local_entities
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.types import LocalEntity, MentionDraft
from tests.conftest import SEEDS


def mention(text: str, surface: str, label: str = "PERSON", nth: int = 0) -> MentionDraft:
    """A mention of the nth occurrence of `surface` in `text`, as the recogniser gives it."""
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    start = starts[nth]
    return MentionDraft(surface, label, start, start + len(surface), 0)


def mentions_in(text: str, *spans: tuple[str, str]) -> list[MentionDraft]:
    """Mentions of every occurrence of each (surface, label), in text order."""
    found = []
    for surface, label in spans:
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            sentence = text[: m.start()].count(". ")
            found.append(MentionDraft(surface, label, m.start(), m.end(), sentence))
    found.sort(key=lambda m: m.start)
    # A surface inside a longer one is the longer one's, as the recogniser gives it.
    return [
        m for m in found if not any(o.start <= m.start and m.end <= o.end and o != m for o in found)
    ]


def entity_with(entities: list[LocalEntity], surface: str) -> LocalEntity:
    return next(e for e in entities if surface in e.surface_forms)


def parsed(text: str) -> list[LocalEntity]:
    doc = next(parse([text]))
    sentences = sentences_of(doc)
    return local_entities(text, sentences, mentions_of(doc, sentences))


# --- Roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "roles"),
    [
        (
            "Russian Foreign Minister Sergei Lavrov met envoys.",
            "Sergei Lavrov",
            ("Russian Foreign Minister",),
        ),
        (
            "Kremlin spokesman Dmitry Peskov told reporters.",
            "Dmitry Peskov",
            ("Kremlin spokesman",),
        ),
        (
            "Talks with North Korean leader Kim Jong Un began.",
            "Kim Jong Un",
            ("North Korean leader",),
        ),
        (
            "In addition, Peskov, a spokesman for the Russian President's Office, said so.",
            "Peskov",
            ("spokesman for the Russian President's Office",),
        ),
        (
            "He beat economic security minister Sanae Takaichi.",
            "Sanae Takaichi",
            ("economic security minister",),
        ),
        ("It cost Secretary of State Marco Rubio a day.", "Marco Rubio", ("Secretary of State",)),
        (
            "By Steve Holland and Trevor Hunnicutt U.S. President Donald Trump said.",
            "Donald Trump",
            ("President",),
        ),
        (
            "Trump spoke in Washington. Secretary of State Marco Rubio left.",
            "Marco Rubio",
            ("Secretary of State",),
        ),
        ("He met U.S. President Joe Biden.", "Joe Biden", ("U.S. President",)),
        # Titles of elected office and of a campaign, capitalised or not.
        ("Congresswoman Ruth Lane said no.", "Ruth Lane", ("Congresswoman",)),
        ("The vote, said congressman Paul Ortiz, was close.", "Paul Ortiz", ("congressman",)),
        ("Republican nominee Jane Hale spoke.", "Jane Hale", ("Republican nominee",)),
        ("Jane Hale, the Republican nominee, spoke.", "Jane Hale", ("Republican nominee",)),
        ("Lavrov met Choe in Moscow.", "Choe", ()),
        ("Sergey Lavrov, who arrived on Friday, spoke.", "Sergey Lavrov", ()),
    ],
)
def test_roles_before_and_after_a_person(text: str, surface: str, roles: tuple[str, ...]) -> None:
    assert extract_roles(text, mention(text, surface)) == roles


# --- One article ---------------------------------------------------------------------


def test_seed_surnames_and_titled_surnames_join_the_full_name() -> None:
    text = (SEEDS / "000_6097e309b78d2792.txt").read_text(encoding="utf-8")
    entities = parsed(text)
    choi = entity_with(entities, "Choi So-hee")
    assert {"Choi So-hee", "Choi Soni", "Choi"} <= set(choi.surface_forms)
    assert choi.name == "Choi So-hee"
    assert any("Foreign Minister" in r for r in choi.roles)
    lavrov = entity_with(entities, "Sergei Lavrov")
    assert "Lavrov" in lavrov.surface_forms and "Russian Foreign Minister" in lavrov.roles
    kim = entity_with(entities, "Kim Jong-un")
    assert "Kim" in kim.surface_forms and "General Secretary" in kim.roles
    peskov = entity_with(entities, "Peskov")
    assert "spokesman for the Russian President's Office" in peskov.roles
    people = [e for e in entities if e.label == "PERSON"]
    assert len({e.name for e in people}) == len(people)


def test_seed_capture_resolves_surnames_of_the_main_story() -> None:
    text = (SEEDS / "003_53dc6bc4e3217d5a.txt").read_text(encoding="utf-8")
    entities = parsed(text)
    assert {"Sergey Lavrov", "Lavrov"} <= set(entity_with(entities, "Sergey Lavrov").surface_forms)
    assert {"Kim Jong Un", "Kim"} <= set(entity_with(entities, "Kim Jong Un").surface_forms)
    assert {"Andrii Yermak", "Yermak"} <= set(entity_with(entities, "Andrii Yermak").surface_forms)
    assert "North Korean leader" in entity_with(entities, "Kim Jong Un").roles


def test_two_people_sharing_a_surname_stay_apart() -> None:
    text = (
        "Shinjiro Koizumi, the environment minister, ran for the party leadership on Friday. "
        "His father, former prime minister Junichiro Koizumi, stayed away from the count. "
        "Koizumi won 136 votes in the first round."
    )
    spans = [("Shinjiro Koizumi", "PERSON"), ("Junichiro Koizumi", "PERSON"), ("Koizumi", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    shinjiro = entity_with(entities, "Shinjiro Koizumi")
    junichiro = entity_with(entities, "Junichiro Koizumi")
    assert shinjiro != junichiro
    assert "environment minister" in shinjiro.roles
    assert "former prime minister" in junichiro.roles
    # The bare surname is the person the story introduced first, sentences earlier.
    assert "Koizumi" in shinjiro.surface_forms and "Koizumi" not in junichiro.surface_forms


def test_a_surname_before_a_namesake_is_introduced_means_the_one_already_named() -> None:
    text = (
        "North Korean leader Kim Jong Un met the delegation. His sister Kim Yo Jong "
        "was not seen. Kim later toured a factory his father Kim Jong Il opened."
    )
    spans = [
        ("Kim Jong Un", "PERSON"),
        ("Kim Yo Jong", "PERSON"),
        ("Kim Jong Il", "PERSON"),
        ("Kim", "PERSON"),
    ]
    entities = local_entities(text, [], mentions_in(text, *spans))
    people = [e for e in entities if e.label == "PERSON"]
    assert len(people) == 3
    assert "Kim" in entity_with(entities, "Kim Jong Un").surface_forms


def test_two_namesakes_with_nothing_to_choose_leave_the_surname_apart() -> None:
    text = "Anna Berg and Tomas Berg spoke. Berg left."
    spans = [("Anna Berg", "PERSON"), ("Tomas Berg", "PERSON"), ("Berg", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert [e.surface_forms for e in entities] == [("Anna Berg",), ("Tomas Berg",), ("Berg",)]


def test_a_surname_tagged_org_joins_the_person() -> None:
    text = "Sergei Lavrov arrived. Officials said Lavrov would stay. Then Lavrov left."
    mentions = [
        mention(text, "Sergei Lavrov"),
        mention(text, "Lavrov", "ORG", 1),
        mention(text, "Lavrov", "PERSON", 2),
    ]
    (lavrov,) = local_entities(text, [], mentions)
    assert lavrov.label == "PERSON" and lavrov.mentions == (0, 1, 2)


def test_a_titled_name_tagged_org_is_a_person() -> None:
    text = "Talks with Foreign Minister Choi Son-hui followed. Choi said little."
    mentions = [mention(text, "Choi Son-hui", "ORG"), mention(text, "Choi", "ORG", 1)]
    (choi,) = local_entities(text, [], mentions)
    assert choi.label == "PERSON" and choi.name == "Choi Son-hui"
    assert choi.roles == ("Foreign Minister",)


def test_a_name_cut_short_by_the_recogniser_is_completed() -> None:
    text = "It began with a visit by North Korean Foreign Minister Choe Son Hui in January."
    (choe,) = local_entities(text, [], [mention(text, "Choe Son")])
    assert choe.name == "Choe Son Hui"


def test_organisations_join_acronyms_clippings_and_trailing_parts() -> None:
    text = (
        "The Korean Central News Agency (KCNA) said the U.N. Security Council met; "
        "the Security Council and the Federal Reserve, or Fed, were named, as was KCNA."
    )
    spans = [
        ("Korean Central News Agency", "ORG"),
        ("KCNA", "ORG"),
        ("U.N. Security Council", "ORG"),
        ("Security Council", "ORG"),
        ("Federal Reserve", "ORG"),
        ("Fed", "ORG"),
    ]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert sorted(e.surface_forms for e in entities) == [
        ("Federal Reserve", "Fed"),
        ("Korean Central News Agency", "KCNA"),
        ("U.N. Security Council", "Security Council"),
    ]
    assert entity_with(entities, "KCNA").name == "Korean Central News Agency"


def test_place_named_after_a_person_is_not_that_person() -> None:
    text = "Kim Jong Un spoke in Kim Il Sung Square. Kim waved."
    spans = [("Kim Jong Un", "PERSON"), ("Kim Il Sung Square", "PERSON"), ("Kim", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert entity_with(entities, "Kim Il Sung Square").label == "FAC"
    assert entity_with(entities, "Kim Jong Un").surface_forms == ("Kim Jong Un", "Kim")


def test_an_acronym_defined_in_parentheses_joins_its_name() -> None:
    text = "Singapore Airlines (SIA) took the first jet. SIA said it was pleased."
    spans = [("Singapore Airlines", "ORG"), ("SIA", "ORG")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    (airline,) = entities
    assert airline.name == "Singapore Airlines" and airline.surface_forms == (
        "Singapore Airlines",
        "SIA",
    )


def test_an_institution_is_named_with_the_country_whose_it_is() -> None:
    text = "Sergei Shoigu, secretary of Russia's Security Council, met Toyota and Japan's Toyota."
    spans = [("Russia", "GPE"), ("Security Council", "ORG"), ("Japan", "GPE"), ("Toyota", "ORG")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert entity_with(entities, "Security Council").name == "Russia's Security Council"
    assert entity_with(entities, "Toyota").name == "Toyota"


def test_a_first_name_alone_is_the_person_introduced_with_it() -> None:
    text = "Steve Jobs took the stage. Steve then showed a phone. Tim Cook watched."
    spans = [("Steve Jobs", "PERSON"), ("Steve", "PERSON"), ("Tim Cook", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert entity_with(entities, "Steve").surface_forms == ("Steve Jobs", "Steve")
    lone = "Steve spoke first. Then Tim Cook spoke."
    spans = [("Steve", "PERSON"), ("Tim Cook", "PERSON")]
    assert len(local_entities(lone, [], mentions_in(lone, *spans))) == 2


def test_a_persons_initials_tagged_org_are_that_person() -> None:
    text = "Crown Prince Mohammed bin Salman spoke. MBS has rarely said so. The EU replied."
    mentions = [
        mention(text, "Mohammed bin Salman"),
        mention(text, "MBS", "ORG"),
        mention(text, "EU", "ORG"),
    ]
    entities = local_entities(text, [], mentions)
    prince = next(e for e in entities if e.label == "PERSON")
    assert prince.mentions == (0, 1)
    assert [e.name for e in entities if e.label == "ORG"] == ["EU"]


def test_names_and_aliases_are_one_line() -> None:
    text = "Quake off Kyushu\n\nThe quake hit Kyushu."
    broken = MentionDraft("Kyushu\n\n", "GPE", 10, 18, 0)
    (kyushu,) = local_entities(text, [], [broken, mention(text, "Kyushu", "GPE", 1)])
    assert kyushu.name == "Kyushu" and kyushu.surface_forms == ("Kyushu",)
