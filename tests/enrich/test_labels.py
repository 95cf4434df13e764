"""Entity labels in readers' words."""

from newsdesk.enrich.labels import READER_TYPES, reader_type
from newsdesk.enrich.nlp import ENTITY_LABELS


def test_the_four_words_readers_see():
    assert reader_type("PERSON") == "person"
    assert reader_type("ORG") == "organisation"
    assert reader_type("GPE") == reader_type("LOC") == reader_type("FAC") == "place"
    assert reader_type("NORP") == "group"


def test_every_stored_label_has_a_word_and_no_word_is_a_code():
    assert set(ENTITY_LABELS) <= set(READER_TYPES)
    for label in ENTITY_LABELS:
        word = reader_type(label)
        assert word.islower() and word.isalpha()
    assert reader_type("CARDINAL") == "name"
    assert reader_type("person") == "person"
