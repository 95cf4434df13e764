"""The shared look-ups of a parsed article: sentence of an offset, people by name."""

from __future__ import annotations

from newsdesk.enrich.parsed import person_named, sentence_index
from newsdesk.types import LocalEntity


def person(name: str, *forms: str) -> LocalEntity:
    return LocalEntity(name=name, label="PERSON", mentions=(), surface_forms=(name, *forms))


def test_sentence_index_of_an_offset():
    starts = [0, 10, 25]
    assert [sentence_index(starts, o) for o in (0, 9, 10, 24, 25, 99)] == [0, 0, 1, 1, 2, 2]
    # Before the first sentence, or with no sentences at all: the first.
    assert sentence_index([5], 2) == 0
    assert sentence_index([], 7) == 0


def test_person_named_by_full_form_or_lone_first_or_last_name():
    entities = [
        person("Sergey Lavrov", "Sergei Lavrov"),
        LocalEntity(name="Lavrov Street", label="FAC", mentions=(), surface_forms=()),
        person("Choe Son Hui"),
    ]
    assert person_named(entities, "Sergei Lavrov") == 0
    assert person_named(entities, "Lavrov") == 0
    assert person_named(entities, "Choe") == 2
    assert person_named(entities, "Son") is None  # a middle name names nobody
    assert person_named(entities, "Lavrov Choe") is None


def test_person_named_refuses_a_name_two_people_share():
    entities = [person("Kim Jong Un"), person("Kim Yo Jong")]
    assert person_named(entities, "Kim") is None
    assert person_named(entities, "Kim Yo Jong") == 1
