"""The extraction metric on hand-scored texts, and a run over a slice of the real benchmark."""

import json
from collections import Counter
from pathlib import Path

import pytest
import trafilatura

from newsdesk.eval.extraction import (
    ExtractionScore,
    PageScore,
    evaluate_benchmark,
    score_page,
    score_pages,
    shingles,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BENCHMARK = SHARED / "data" / "article-extraction-benchmark"


def fractions(page: PageScore) -> tuple[float, float, float]:
    return (page.tp, page.fp, page.fn)


def test_shingles_overlap_by_one_token():
    assert shingles("a b c d e") == Counter([("a", "b", "c", "d"), ("b", "c", "d", "e")])


def test_shingles_split_on_punctuation_and_keep_case():
    assert shingles("Don't stop-me, Now!") == Counter(
        [("Don", "t", "stop", "me"), ("t", "stop", "me", "Now")]
    )


def test_short_text_is_one_shingle_and_empty_text_none():
    assert shingles("Hello world") == Counter([("Hello", "world")])
    assert shingles("") == Counter()
    assert shingles(" -- ! ") == Counter()


def test_identical_texts_score_one():
    text = "Rescuers searched the rubble through the night after the quake."
    page = score_page(text, text)
    assert page == PageScore(1.0, 0.0, 0.0)
    assert score_pages([(text, text)]) == ExtractionScore(1.0, 1.0, 1.0, 1)


def test_disjoint_texts_score_zero():
    page = score_page("one two three four five", "six seven eight nine")
    # Two predicted shingles, one true shingle, none shared.
    assert fractions(page) == pytest.approx((0.0, 2 / 3, 1 / 3))
    assert score_pages([("one two three four five", "six seven eight nine")]) == (
        ExtractionScore(0.0, 0.0, 0.0, 1)
    )


def test_case_matters_as_in_the_benchmark():
    assert score_page("The cat sat down", "the cat sat down").tp == 0.0


def test_short_texts_compare_as_single_shingles():
    assert score_page("Hello world", "Hello world") == PageScore(1.0, 0.0, 0.0)
    assert score_page("Hello world", "Hello there") == PageScore(0.0, 0.5, 0.5)


def test_partial_overlap_in_exact_fractions():
    # Shared: (a b c d); extra: (b c d x); missing: (b c d e).
    page = score_page("a b c d x", "a b c d e")
    assert fractions(page) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert page.precision == pytest.approx(0.5)
    assert page.recall == pytest.approx(0.5)


def test_truncated_prediction_is_precise_but_incomplete():
    # The truth has 3 shingles, the prediction only the first.
    page = score_page("one two three four", "one two three four five six")
    assert fractions(page) == pytest.approx((1 / 3, 0.0, 2 / 3))
    assert page.precision == 1.0
    assert page.recall == pytest.approx(1 / 3)


def test_repeated_shingles_count_as_a_multiset():
    # Truth shingles: abcd twice, bcda, cdab, dabc; the prediction matches one abcd.
    page = score_page("a b c d", "a b c d a b c d")
    assert fractions(page) == pytest.approx((1 / 5, 0.0, 4 / 5))


def test_empty_prediction_counts_for_recall_only():
    assert score_page("", "a b c d") == PageScore(0.0, 0.0, 1.0)
    # Precision is averaged over the one page that predicted something.
    score = score_pages([("a b c d", "a b c d"), ("", "a b c d")])
    assert score.precision == 1.0
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(2 / 3)
    assert score.pages == 2


def test_page_with_both_texts_empty_is_left_out_of_both_means():
    assert score_page("", "") == PageScore(0.0, 0.0, 0.0)
    score = score_pages([("", ""), ("a b c d x", "a b c d e")])
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.pages == 2


def test_means_are_per_page_not_per_shingle():
    # A long perfect page and a short wrong one weigh the same.
    long_text = " ".join(f"word{i}" for i in range(200))
    score = score_pages([(long_text, long_text), ("x y z w", "a b c d")])
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)


def test_no_pages_is_refused():
    with pytest.raises(ValueError):
        score_pages([])


@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="shared benchmark data not present")
def test_trafilatura_scores_well_on_five_benchmark_pages(tmp_path):
    ground_truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    page_ids = sorted(ground_truth)[:5]
    (tmp_path / "ground-truth.json").write_text(
        json.dumps({page_id: ground_truth[page_id] for page_id in page_ids}), encoding="utf-8"
    )
    (tmp_path / "html").mkdir()
    for page_id in page_ids:
        name = f"{page_id}.html.gz"
        (tmp_path / "html" / name).symlink_to(BENCHMARK / "html" / name)

    score = evaluate_benchmark(
        tmp_path, lambda html: trafilatura.extract(html, include_comments=False)
    )

    assert score.pages == 5
    assert score.f1 > 0.8


def labelled_set(folder: Path) -> Path:
    import gzip

    (folder / "html").mkdir(parents=True)
    body = "<p>The harbour crane was repaired two days early, engineers said on Friday.</p>"
    page = f"<html><body><nav>Home | Sport</nav><article>{body * 3}</article></body></html>"
    (folder / "html" / "a.html.gz").write_bytes(gzip.compress(gzip.compress(page.encode())))
    row = {
        "page_id": "a",
        "dataset": "tiny",
        "html_path": "html/a.html.gz",
        "main_text": "The harbour crane was repaired two days early, engineers said on Friday.",
        "must_include": ["harbour  CRANE was repaired", "not in the page at all"],
        "must_exclude": ["Home | Sport"],
        "page_type": "article",
    }
    (folder / "pages.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return folder


def test_a_labelled_set_is_read_and_scored_per_dataset_with_its_snippets(tmp_path):
    from newsdesk.eval.extraction import compare_extractors, read_labelled_pages

    pages = read_labelled_pages(labelled_set(tmp_path / "set"))
    assert [p.page_id for p in pages] == ["a"] and "harbour crane" in pages[0].html
    scores = compare_extractors(
        pages, {"whole page": lambda html: html, "body": lambda html: pages[0].main_text}
    )
    by = {(s.dataset, s.extractor): s for s in scores}
    assert set(by) == {(d, e) for d in ("tiny", "tiny (articles)") for e in ("whole page", "body")}
    body, whole = by["tiny", "body"], by["tiny", "whole page"]
    assert body.shingles.f1 == 1.0 > whole.shingles.f1
    assert body.included == whole.included == 0.5  # case and spacing aside, one of two
    assert (body.leaked, whole.leaked) == (0.0, 1.0)
    assert body.as_json()["must_exclude_leaked"] == 0.0
