"""Sentence embeddings from the packaged ONNX model."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

from newsdesk.enrich.embed import (
    DIMENSIONS,
    MULTILINGUAL_MAX_CHARS,
    embed_across_languages,
    embed_texts,
    from_bytes,
    headline_and_lead,
    to_bytes,
)


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


def test_multilingual_vectors_bring_one_event_together_across_languages() -> None:
    from newsdesk.enrich.embed import MULTILINGUAL_DIMENSIONS, embed_across_languages

    texts = [
        "A powerful earthquake struck the Noto peninsula, collapsing houses.",
        "能登半島で強い地震があり、家屋が倒壊した。",
        "Сильное землетрясение произошло на полуострове Ното, рухнули дома.",
        "The central bank raised interest rates for the first time in 17 years.",
        "",
    ]
    vectors = embed_across_languages(texts)
    assert vectors.shape == (5, MULTILINGUAL_DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:4], axis=1), 1.0, atol=1e-4)
    assert not vectors[4].any()
    english, japanese, russian, rates = vectors[:4]
    assert english @ japanese > english @ rates + 0.2
    assert english @ russian > english @ rates + 0.2
    # The English model, by contrast, cannot see the Japanese report as the same event.
    english_only = embed_texts(texts[:2])
    assert english @ japanese > english_only[0] @ english_only[1] + 0.2


def test_the_multilingual_model_loads_with_the_network_blocked() -> None:
    # In a fresh process, so that no earlier test has loaded it already.
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network blocked')\n"
        "socket.socket = refuse; socket.create_connection = refuse\n"
        "from newsdesk.enrich.embed import embed_across_languages\n"
        "assert embed_across_languages(['地震'])[0].any()\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()


def test_english_and_undetected_texts_use_the_english_model() -> None:
    from newsdesk.enrich.embed import is_english

    assert is_english("en") and is_english("und") and is_english(None)
    assert not is_english("ja") and not is_english("ru")


def test_a_headline_of_a_megabyte_is_embedded_as_its_opening() -> None:
    # A hostile feed item's one-megabyte title once cost the multilingual model 25 s.
    title = "Quay " * 200_000
    text = headline_and_lead(title, "The harbour reopened on Monday.")
    assert len(text) < 1_000
    assert text.startswith("Quay Quay") and text.endswith("reopened on Monday.")
    assert headline_and_lead("Quay reopens", "Body.") == "Quay reopens. Body."


def test_the_multilingual_model_reads_a_long_text_as_its_opening() -> None:
    opening = "The harbour quay reopened on Monday after the storm. " * 30
    long, cut = embed_across_languages([opening + "x" * 500_000, opening[:MULTILINGUAL_MAX_CHARS]])
    assert np.allclose(long, cut)
