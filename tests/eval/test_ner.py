"""The CoNLL scorer on small snippets written here, and the production stage on CoNLL dev."""

from pathlib import Path

import pytest

from newsdesk.eval.ner import (
    ConllDocument,
    LabelScore,
    as_article,
    detokenise,
    evaluate_ner,
    format_ner,
    iob_spans,
    predicted_spans,
    read_conll,
    score_spans,
)
from newsdesk.types import MentionDraft

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CONLL_DEV = SHARED / "data" / "conll2003-dev"

SNIPPET = """-DOCSTART- -X- O O

TENNIS NN I-NP O
- : O O
GRAF NNP I-NP I-PER
WINS VBZ I-VP O
. . O O

Steffi NNP I-NP I-PER
Graf NNP I-NP I-PER
beat VBD I-VP O
Monica NNP I-NP I-PER
Seles NNP I-NP I-PER
in IN I-PP O
New NNP I-NP I-LOC
York NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O

Bonn NNP I-NP I-LOC
Berlin NNP I-NP B-LOC

Reuters NNP I-NP I-ORG
said VBD I-VP O
Chancellor NNP I-NP O
Helmut NNP I-NP I-PER
Kohl NNP I-NP I-PER
's POS B-NP O
party NN I-NP O
won VBD I-VP O
. . O O
"""


def mention(text: str, whole: str, label: str, after: int = 0) -> MentionDraft:
    start = whole.index(text, after)
    return MentionDraft(text, label, start, start + len(text), 0)


def test_iob1_and_iob2_spans():
    assert iob_spans(["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
    ]
    assert iob_spans(["B-ORG", "I-ORG", "I-MISC", "O"]) == [(0, 2, "ORG"), (2, 3, "MISC")]
    assert iob_spans(["O", "O"]) == []


def test_read_conll_splits_documents_and_sentences(tmp_path):
    path = tmp_path / "snippet.conll"
    path.write_text(SNIPPET, encoding="utf-8")
    first, second = read_conll(path)
    assert first.tokens[:3] == ("TENNIS", "-", "GRAF")
    assert first.sentences == ((0, 5), (5, 14))
    assert first.entities == {(2, 3, "PER"), (5, 7, "PER"), (8, 10, "PER"), (11, 13, "LOC")}
    # B- splits two places that meet; an entity never runs over a sentence break.
    assert second.entities == {(0, 1, "LOC"), (1, 2, "LOC"), (2, 3, "ORG"), (5, 7, "PER")}


def test_entities_stop_at_sentence_ends(tmp_path):
    path = tmp_path / "two.conll"
    path.write_text("Lara NNP I-NP I-PER\n\nSimmons NNP I-NP I-PER\n", encoding="utf-8")
    [document] = read_conll(path)
    assert document.entities == {(0, 1, "PER"), (1, 2, "PER")}


def test_detokenise_reads_like_prose():
    tokens = ["He", "said", ",", '"', "Yes", '"', "(", "Kohl", "'s", ")", "."]
    text, starts = detokenise(tokens)
    assert text == 'He said, "Yes" (Kohl\'s).'
    assert [text[s : s + len(t)] for s, t in zip(starts, tokens, strict=True)] == tokens


def test_as_article_headline_and_paragraphs_keep_token_offsets(tmp_path):
    path = tmp_path / "snippet.conll"
    path.write_text(SNIPPET, encoding="utf-8")
    document = read_conll(path)[0]
    article, starts = as_article(document)
    assert article.title == "TENNIS - GRAF WINS."
    assert article.body == "Steffi Graf beat Monica Seles in New York."
    text = article.text
    assert [text[s : s + len(t)] for s, t in zip(starts, document.tokens, strict=True)] == list(
        document.tokens
    )


def test_predicted_spans_map_labels_and_need_whole_tokens():
    tokens = ("Helmut", "Kohl", "visited", "New", "York", "with", "Germans", ".")
    text, starts = detokenise(tokens)
    mentions = [
        mention("Helmut Kohl", text, "PERSON"),
        mention("New York", text, "GPE"),
        mention("German", text, "NORP"),  # cuts "Germans": can match nothing
        MentionDraft("the German chancellor", "PERSON", 0, 5, 0),
        mention("visited", text, "DATE"),
    ]
    spans, descriptions, unscored = predicted_spans(mentions, starts, tokens)
    assert (0, 2, "PER") in spans and (3, 5, "LOC") in spans
    assert len(spans) == 3 and not any(s == (6, 7, "MISC") for s in spans)
    assert descriptions == 1
    assert unscored == {"DATE": 1}


def test_score_spans_micro_and_per_label():
    gold = {(0, 2, "PER"), (3, 4, "LOC")}
    guess = {(0, 2, "PER"), (3, 4, "ORG"), (5, 6, "MISC")}
    overall, labels = score_spans([(gold, guess), ({(0, 1, "PER")}, set())])
    assert (overall.correct, overall.predicted, overall.gold) == (1, 3, 3)
    assert overall.precision == pytest.approx(1 / 3)
    assert overall.recall == pytest.approx(1 / 3)
    assert labels["PER"] == LabelScore(1, 1, 2)
    assert labels["LOC"] == LabelScore(0, 0, 1) and labels["LOC"].f1 == 0.0
    assert labels["ORG"] == LabelScore(0, 1, 0)
    assert list(labels) == ["PER", "ORG", "LOC", "MISC"]


def test_evaluate_ner_runs_enrichment_and_prints_the_anchors(tmp_path):
    path = tmp_path / "snippet.conll"
    path.write_text(SNIPPET, encoding="utf-8")
    score = evaluate_ner(path)
    assert score.documents == 2
    assert score.overall.gold == 8
    assert score.labels["PER"].correct >= 3  # Steffi Graf, Monica Seles, Helmut Kohl
    table = format_ner(score)
    assert "0.695" in table and "0.747" in table
    assert score.as_json()["labels"]["PER"]["gold"] == 4
    assert set(score.entities) == {"PER", "ORG", "LOC", "ALL"}
    assert "P above" in table and score.as_json()["confidence_floor"] == 0.5


def test_as_article_of_one_sentence_has_no_body():
    document = ConllDocument(("Hello",), ((0, 1),), frozenset())
    article, starts = as_article(document)
    assert (article.title, article.body, starts) == ("Hello", "", [0])


@pytest.mark.skipif(not CONLL_DEV.exists(), reason="CoNLL-2003 dev set not present")
def test_conll_dev_figures_hold():
    score = evaluate_ner(CONLL_DEV)
    assert score.documents == 216 and score.overall.gold == 5942
    assert score.overall.f1 >= 0.75
    assert score.labels["PER"].f1 >= 0.85


def test_entity_precision_counts_right_kinds_above_the_confidence_floor():
    from newsdesk.enrich.stage import Enrichment
    from newsdesk.eval.ner import entity_precision
    from newsdesk.types import LocalEntity

    tokens = ("Steffi", "Graf", "met", "Axios", "in", "Paris", ".")
    document = ConllDocument(tokens, ((0, 7),), frozenset({(0, 2, "PER"), (5, 6, "LOC")}))
    text, starts = detokenise(tokens)
    mentions = [
        mention("Steffi Graf", text, "PERSON"),
        mention("Axios", text, "PERSON"),  # no one: a lone word, said once
        mention("Paris", text, "GPE"),
    ]
    entities = [
        LocalEntity("Steffi Graf", "PERSON", (0,), ("Steffi Graf",)),
        LocalEntity("Axios", "PERSON", (1,), ("Axios",)),
        LocalEntity("Paris", "GPE", (2,), ("Paris",)),
    ]
    enrichment = Enrichment("en", mentions=mentions, entities=entities)
    scores = entity_precision([(document, starts, enrichment)], 0.5)
    person = scores["PER"]
    assert (person.right, person.entities, person.right_above, person.above) == (1, 2, 1, 1)
    assert person.precision == 0.5 and person.precision_above == 1.0 and person.kept == 1.0
    assert scores["LOC"].precision_above == 1.0
    assert scores["ALL"].entities == 3
