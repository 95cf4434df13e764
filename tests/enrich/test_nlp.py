"""The English pipeline: the model newsdesk ships with, and the mentions it yields."""

from newsdesk.enrich.nlp import ENTITY_LABELS, english, mentions_of, parse, sentences_of


def test_the_pipeline_is_en_core_web_md_3_8():
    nlp = english()
    assert nlp.meta["name"] == "core_web_md" and nlp.meta["version"] == "3.8.0"
    assert {"ner", "parser", "tagger", "lemmatizer"} <= set(nlp.pipe_names)
    assert nlp.vocab.vectors.shape[1] == 300
    assert english() is nlp


def test_mentions_are_names_of_tracked_kinds_with_exact_offsets():
    text = (
        "North Korean Foreign Minister Choe Son Hui met Russian Foreign Minister Sergey Lavrov "
        "in Moscow on Friday."
    )
    doc = next(parse([text]))
    mentions = mentions_of(doc, sentences_of(doc))
    assert all(m.label in ENTITY_LABELS for m in mentions)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    found = {(m.text, m.label) for m in mentions}
    assert {("Choe Son Hui", "PERSON"), ("Sergey Lavrov", "PERSON"), ("Moscow", "GPE")} <= found
    assert not any(m.label == "DATE" for m in mentions)


def test_mentions_take_their_text_from_the_article_when_the_parse_read_it_recased():
    text = "LAVROV MEETS CHOE\n\nSergey Lavrov met Choe Son Hui."
    recased = "Lavrov meets Choe\n\nSergey Lavrov met Choe Son Hui."
    doc = next(parse([recased]))
    mentions = mentions_of(doc, sentences_of(doc), text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert "LAVROV" in {m.text for m in mentions}
