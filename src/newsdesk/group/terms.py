"""Content words of an article, and the document frequencies that weigh them.

Terms are counted per article; their IDF comes from `CorpusCounts`, accumulated as
articles arrive, so no article is weighed by documents that came after it.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.config import StoryTuning


def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from the installed package's word list on its own:
    importing `spacy.lang.en` would load all of spaCy (a second of CPU) for one list, and
    commands that show stored stories need no model."""
    found = importlib.util.find_spec("spacy")
    if found is None or found.origin is None:
        raise ImportError("spaCy is not installed")
    path = Path(found.origin).parent / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("newsdesk_spacy_stop_words", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot read spaCy's stop words at {path}")
    words = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(words)
    return frozenset(words.STOP_WORDS)


STOP_WORDS = english_stop_words()

# Words, and numbers with their decimals ("6.1" magnitude, "33" years old): numbers
# tell apart two events of one kind better than most words do.
WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d+(?:[.,]\d+)?")
# Reporting verbs and newsroom filler: every story has them, none is about them.
_NEWS_WORDS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tell",
        "reported",
        "reports",
        "report",
        "according",
        "news",
        "story",
        "stories",
        "article",
        "photo",
        "video",
        "image",
        "file",
        "reuters",
        "afp",
        "associated",
        "press",
        "update",
        "updated",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "week",
        "http",
        "https",
        "www",
        "com",
        "html",
        "htm",
        "php",
        "index",
    ]
)
STOP = STOP_WORDS | _NEWS_WORDS


def content_terms(
    title: str, body: str, title_weight: float = StoryTuning.title_weight
) -> dict[str, float]:
    """Sub-linear term frequencies (1 + log count) of an article's content words; a
    headline says what the story is about, so its words count `title_weight` times."""
    counts: Counter[str] = Counter()
    for text, weight in ((title, title_weight), (body, 1.0)):
        for token in WORD.findall(text.lower()):
            token = token.replace("’", "'").removesuffix("'s")
            if (len(token) < 3 and not token.isdigit()) or token in STOP:
                continue
            counts[token] += weight
    return {term: 1.0 + math.log(n) for term, n in counts.items()}


@dataclass
class CorpusCounts:
    """Document frequencies of terms and entities over the articles seen so far.

    Mutable on purpose: it grows with every article, as the store's counts table does.
    """

    documents: int = 0
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[Hashable] = field(default_factory=Counter)

    def add(self, terms: Iterable[str], entities: Iterable[Hashable]) -> None:
        """Count one more article with these terms and entities."""
        self.documents += 1
        self.terms.update(set(terms))
        self.entities.update(set(entities))


def idf(frequency: int, documents: int) -> float:
    """Smoothed inverse document frequency; an unseen term weighs the most."""
    return math.log((1 + documents) / (1 + frequency)) + 1.0


def weighted(
    counts: Mapping[str, float], frequencies: Mapping[str, int], documents: int
) -> dict[str, float]:
    """Term frequencies times IDF: the TF-IDF vector, as a dict."""
    return {t: w * idf(frequencies.get(t, 0), documents) for t, w in counts.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors held as dicts (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm
