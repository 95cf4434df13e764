"""Syndicated copies on the demo corpus: every labelled copy pair folds, nothing else does."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import combinations

import numpy as np
import pytest

from newsdesk.demo import load_labels
from newsdesk.group.dedupe import (
    BANDS,
    NUM_PERM,
    CopyCandidate,
    CopyRules,
    band_keys,
    canonical_of,
    copy_groups,
    credit_line,
    is_syndicated_copy,
    overlap,
    signature,
    similarity,
)
from newsdesk.store.models import Article

LABELS = {label["id"]: label for label in load_labels()["articles"]}
# A copy group is named by its first-published copy; an article no one copied is its own.
GROUP = {id_: label["copy_of"] or id_ for id_, label in LABELS.items()}


@pytest.fixture(scope="module")
def corpus(sqlite_demo_store) -> dict[str, CopyCandidate]:
    """Every main article of the demo corpus as a CopyCandidate, by label id."""
    store = sqlite_demo_store
    by_title = {label["title"]: id_ for id_, label in LABELS.items()}
    with store.session() as session:
        articles = session.query(Article).filter(Article.is_stub.is_(False)).all()
        found = {
            by_title[a.title]: CopyCandidate(
                text=a.text,
                published=a.published_at,
                wire_service=a.wire_service,
                outlet=a.outlet.name if a.outlet else None,
                article_id=by_title[a.title],
            )
            for a in articles
        }
    assert set(found) == set(LABELS)
    return found


def _pairs(corpus: dict[str, CopyCandidate]) -> list[tuple[str, str]]:
    return list(combinations(sorted(corpus), 2))


def _precision_recall(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    return precision, hits / len(truth)


def test_corpus_copy_pairs_fold_and_no_other_pair_does(corpus) -> None:
    pairs = _pairs(corpus)
    truth = {(a, b) for a, b in pairs if GROUP[a] == GROUP[b]}
    predicted = {(a, b) for a, b in pairs if is_syndicated_copy(corpus[a], corpus[b])}
    precision, recall = _precision_recall(predicted, truth)
    print(
        f"\nis_syndicated_copy over {len(pairs)} pairs ({len(truth)} copy pairs): "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert sorted(truth - predicted) == [], "copies missed"
    assert sorted(predicted - truth) == [], "different stories folded"
    assert (precision, recall) == (1.0, 1.0)


def test_stories_of_one_topic_stay_apart_on_text_alone(corpus) -> None:
    no_window = CopyRules(window=timedelta(days=100_000))
    hard = [
        ("a034", "a040"),  # two earthquakes in Japan, seven months apart
        ("a034", "a041"),  # the Noto quake (Kyodo) and the megaquake advisory (Kyodo)
        ("a001", "a015"),  # the two Lavrov-Choe meetings, 18 months apart, both AP
        ("a001", "a005"),  # the same Moscow visit told by AP and by Yonhap
        ("a058", "a070"),  # Google's search ruling and its remedies ruling a year later
        ("a049", "a054"),  # two Arab summits on Gaza
        ("a022", "a025"),  # the Istanbul talks by AFP and by AP, a day apart
        ("a028", "a031"),  # the Patriots story by Reuters and by AP, the same morning
    ]
    for a, b in hard:
        assert GROUP[a] != GROUP[b]
        assert not is_syndicated_copy(corpus[a], corpus[b], no_window), (a, b)


def test_every_copy_pair_shares_a_band_key(corpus) -> None:
    keys = {id_: set(band_keys(signature(c.text))) for id_, c in corpus.items()}
    pairs = _pairs(corpus)
    copies = [(a, b) for a, b in pairs if GROUP[a] == GROUP[b]]
    assert all(len(k) == BANDS for k in keys.values())
    assert [(a, b) for a, b in copies if not keys[a] & keys[b]] == []
    others = sum(bool(keys[a] & keys[b]) for a, b in pairs if GROUP[a] != GROUP[b])
    print(f"\nband keys: {len(copies)} copy pairs all candidates; {others} other pairs too")
    # Candidates are verified on the text, but a flood of them would make the lookup useless.
    assert others <= len(copies)


def test_signature_estimates_jaccard(corpus) -> None:
    for a, b in _pairs(corpus):
        if GROUP[a] == GROUP[b]:
            estimated = similarity(signature(corpus[a].text), signature(corpus[b].text))
            assert abs(estimated - overlap(corpus[a].text, corpus[b].text).jaccard) < 0.15


def test_copy_groups_are_the_labelled_groups_with_the_original_first(corpus) -> None:
    groups = copy_groups(list(corpus.values()))
    found = {frozenset(c.article_id for c in group): group[0].article_id for group in groups}
    expected: dict[str, set[str]] = {}
    for id_, root in GROUP.items():
        expected.setdefault(root, set()).add(id_)
    labelled = {frozenset(ids): root for root, ids in expected.items() if len(ids) > 1}
    assert found == labelled
    truth = {(a, b) for a, b in _pairs(corpus) if GROUP[a] == GROUP[b]}
    folded = {
        tuple(sorted((a.article_id, b.article_id)))
        for group in groups
        for a, b in combinations(group, 2)
    }
    precision, recall = _precision_recall(folded, truth)
    print(f"\ncopy_groups (LSH + transitive): precision {precision:.3f}, recall {recall:.3f}")


def test_signature_is_fixed_and_empty_text_has_no_keys(corpus) -> None:
    text = corpus["a001"].text
    sig = signature(text)
    assert sig.dtype == np.uint32 and sig.shape == (NUM_PERM,)
    assert np.array_equal(sig, signature(text))
    # Case, punctuation and line breaks are not what makes a copy different.
    assert similarity(sig, signature(text.upper().replace(",", "").replace("\n\n", " "))) == 1.0
    assert band_keys(signature("")) == []
    assert similarity(signature(""), signature("")) == 0.0


def test_trimmed_copy_with_a_local_lead_folds(corpus) -> None:
    original = corpus["a001"]
    paragraphs = original.text.split("\n\n")
    local_lead = corpus["a005"].text.split("\n\n")[0]
    trimmed = replace(
        original,
        text="\n\n".join([local_lead, *paragraphs[:4]]),
        outlet="The Mainichi",
        published=original.published + timedelta(hours=5),
    )
    found = overlap(original.text, trimmed.text)
    assert found.jaccard < 0.5  # plain Jaccard alone would miss it
    assert is_syndicated_copy(original, trimmed)
    assert set(band_keys(signature(original.text))) & set(band_keys(signature(trimmed.text)))


def test_window_outlet_and_credits_guard_the_fold(corpus) -> None:
    original = corpus["a015"]
    copy = corpus["a017"]
    assert is_syndicated_copy(original, copy)
    assert not is_syndicated_copy(original, replace(copy, published=copy.published + timedelta(8)))
    assert is_syndicated_copy(original, replace(copy, published=None))
    # The same outlet running an edited version twice is two articles; the same text twice is one.
    assert not is_syndicated_copy(original, replace(copy, outlet=original.outlet))
    assert is_syndicated_copy(original, replace(original, article_id="repost"))
    assert not is_syndicated_copy(original, replace(copy, wire_service="Reuters"))
    assert is_syndicated_copy(original, replace(copy, wire_service="Associated Press"))
    assert is_syndicated_copy(original, replace(copy, wire_service=None))


def test_credit_line() -> None:
    assert credit_line("AP", "The Mainichi") == "AP, via The Mainichi"
    assert credit_line(None, "The Mainichi") == "The Mainichi"
    assert credit_line("", "The Mainichi") == "The Mainichi"
    assert credit_line("Reuters", "Reuters") == "Reuters"
    assert credit_line("AP", "The Associated Press") == "The Associated Press"
    assert credit_line("Kyodo", "Kyodo News") == "Kyodo News"
    assert credit_line("AFP", "Agence France-Presse") == "Agence France-Presse"
    assert credit_line("AP", None) == "AP"
    assert credit_line(None, None) == ""


def test_canonical_of() -> None:
    noon = datetime(2024, 1, 1, 12, tzinfo=UTC)
    text = "the wire story as filed"
    assert (
        canonical_of(
            [
                CopyCandidate(text, noon + timedelta(hours=1), "AP", "B", article_id=2),
                CopyCandidate(text, noon, "AP", "A", article_id=1),
                CopyCandidate(text, None, "AP", "C", article_id=3),
            ]
        )
        == 1
    )
    # Published together: the copy crediting the agency, then the longest.
    assert (
        canonical_of(
            [CopyCandidate(text, noon, None, "A", 1), CopyCandidate(text, noon, "AP", "B", 2)]
        )
        == 2
    )
    assert (
        canonical_of(
            [
                CopyCandidate(text, noon, "AP", "A", 1),
                CopyCandidate(text + " more", noon, "AP", "B", 2),
            ]
        )
        == 2
    )
    assert canonical_of([CopyCandidate(text, None, None, "A", 1)]) == 1
    with pytest.raises(ValueError):
        canonical_of([])
