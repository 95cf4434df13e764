"""Language detection: scores averaged over windows, an unsure model trusted when one
language leads by far."""

from __future__ import annotations

import pytest

from newsdesk.enrich import language
from newsdesk.enrich.language import WINDOW_CHARS, _windows, detect_language


def fake_detect(scores: list[tuple[str, float]]):
    def detect(text: str, model: str, k: int) -> list[dict[str, object]]:
        assert model == "lite"
        return [{"lang": lang, "score": score} for lang, score in scores[:k]]

    return detect


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([("en", 0.9), ("de", 0.01)], "en"),
        # Unsure, but far ahead of the next: plain wire copy full of company names.
        ([("en", 0.37), ("la", 0.09)], "en"),
        # Unsure and close to the next: no guess.
        ([("en", 0.30), ("de", 0.25)], "und"),
        ([("en", 0.12), ("ca", 0.08)], "und"),
    ],
)
def test_a_leading_language_is_trusted_even_when_the_model_is_unsure(
    monkeypatch: pytest.MonkeyPatch, scores: list[tuple[str, float]], expected: str
) -> None:
    monkeypatch.setattr(language, "detect", fake_detect(scores))
    assert detect_language("Some text about markets and companies.") == expected


def test_long_samples_are_read_in_windows_cut_at_spaces() -> None:
    sample = " ".join(f"word{i}" for i in range(400))
    windows = _windows(sample)
    assert len(windows) > 3
    assert all(len(w) < 2 * WINDOW_CHARS for w in windows)
    assert " ".join(windows) == sample
    assert _windows("short text") == ["short text"]


def test_real_texts_keep_their_language() -> None:
    assert detect_language("The central bank kept its key rate unchanged on Thursday.") == "en"
    german = (
        "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Mieten begrenzt. "
    )
    assert detect_language(german * 8) == "de"
