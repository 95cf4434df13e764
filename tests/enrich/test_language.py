"""Language detection: scores averaged over windows, an unsure model trusted when one
language leads by far; all-caps headlines and name-heavy reports are still English."""

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


def test_an_all_caps_headline_does_not_pass_for_swedish():
    text = (
        "SOCCER - MILAN'S LENTINI MOVES TO ATALANTA.\n\nMILAN 1996-08-30\n\n"
        "Former Italian international winger Gianluigi Lentini has been loaned to Atalanta "
        "for a year, newspapers reported on Friday."
    )
    assert detect_language(text) == "en"


def test_a_team_sheet_with_one_line_of_prose_is_english():
    names = "\n\n".join(
        f"{a} {b}"
        for a, b in [
            ("Joost", "van der Westhuizen"),
            ("Andre", "Joubert"),
            ("Japie", "Mulder"),
            ("Os", "du Randt"),
            ("Kobus", "Wiese"),
            ("Henry", "Honiball"),
        ]
    )
    text = (
        "RUGBY UNION - SPRINGBOKS BREAK ALL BLACK SPELL\n\n"
        "South Africa ended a run of defeats with a victory over the All Blacks on Saturday "
        "in front of a crowd of fifty thousand.\n\n" + names
    )
    assert detect_language(text) == "en"


def test_other_languages_stay_what_they_are():
    assert detect_language("Министр иностранных дел России провёл переговоры в Москве.") == "ru"
    assert (
        detect_language("Der Bundeskanzler traf am Montag in Berlin den französischen Präsidenten.")
        == "de"
    )
    assert detect_language("12 345 678") == "und"
