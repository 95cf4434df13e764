"""Sentence embeddings from the packaged ONNX model."""

from __future__ import annotations

import numpy as np

from newsdesk.enrich.embed import DIMENSIONS, embed_texts, from_bytes, to_bytes


def test_vectors_are_unit_length_and_close_for_close_meanings() -> None:
    vectors = embed_texts(
        [
            "An earthquake of magnitude 7.6 struck central Japan on New Year's Day.",
            "A powerful quake hit the Noto peninsula in Japan on January 1.",
            "The central bank raised interest rates for the first time in 17 years.",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    quake, quake_again, rates = vectors
    assert quake @ quake_again > 0.6
    assert quake @ quake_again > quake @ rates + 0.3


def test_order_and_empty_texts_are_kept() -> None:
    texts = ["short", "", "a much longer text about harbour works and the ferries of the bay"]
    vectors = embed_texts(texts)
    assert not vectors[1].any()
    alone = embed_texts([texts[2]])[0]
    assert np.allclose(vectors[2], alone, atol=1e-5)


def test_vectors_round_trip_through_bytes() -> None:
    [vector] = embed_texts(["Ferries resumed their timetable."])
    assert np.array_equal(from_bytes(to_bytes(vector)), vector)


def test_repeated_texts_are_embedded_once_and_keep_their_rows() -> None:
    from newsdesk.enrich.embed import embed_texts

    texts = ["Wire copy sentence.", "A local lead.", "Wire copy sentence.", ""]
    repeated = embed_texts(texts)
    alone = embed_texts(["Wire copy sentence.", "A local lead."])
    assert repeated.shape == (4, alone.shape[1])
    assert np.allclose(repeated[0], alone[0]) and np.allclose(repeated[2], alone[0])
    assert np.allclose(repeated[1], alone[1]) and not repeated[3].any()
