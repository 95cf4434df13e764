"""The table look-ups give exactly what spaCy's attribute ruler and lemmatizer give."""

import importlib

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, POS, TAG

from newsdesk.enrich.nlp import MODEL_PACKAGE, PARAGRAPHS, english
from newsdesk.enrich.tagging import ATTRIBUTE_TABLES, LEMMA_TABLES, AttributeTables

# The ruler's rarer rules (two-token patterns, regular expressions, NOT_IN, a target
# other than the first token) beside ordinary reporting.
TEXTS = [
    "Y'all ain't gonna believe it, she said. Let's go, c'mon! I'm doin' nothin' wrong.",
    "There is a plan, and there were two. It's been said they'd have had it; we didn't.",
    "PYONGYANG, Jan. 17 (AP) —  North Korea's foreign minister Choe Son Hui met \n\n"
    'Sergey Lavrov, who told reporters that Moscow was "ready" to help.',
    "Which ones? Those that the ministry had gotta approve, but not these.",
]
COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, NORM]


def test_the_pipeline_runs_the_tables_in_the_stock_components_places():
    nlp = english()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTables)
    assert nlp.get_pipe_meta("attribute_ruler").factory == ATTRIBUTE_TABLES
    assert nlp.get_pipe_meta("lemmatizer").factory == LEMMA_TABLES
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


def test_every_token_gets_the_stock_components_annotations():
    stock = spacy.load(importlib.import_module(MODEL_PACKAGE).model_path())
    stock.add_pipe(PARAGRAPHS, before="parser")
    ours = english()
    for theirs, mine in zip(stock.pipe(TEXTS), ours.pipe(TEXTS), strict=True):
        assert [t.text for t in theirs] == [t.text for t in mine]
        assert (theirs.to_array(COLUMNS) == mine.to_array(COLUMNS)).all()
        assert [str(t.morph) for t in theirs] == [str(t.morph) for t in mine]
    # The rarer rules did fire: the ruler sets these, not the tagger.
    doc = next(ours.pipe(TEXTS[:1]))
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["doin'"] == "do"
