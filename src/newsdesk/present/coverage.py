"""Coverage comparison: which outlets told a story and when, who was first, what one outlet
alone reports, and the numbers and quotes on which outlets disagree, every side cited.

Matching is by meaning: two sentences of different tellings report the same fact when
their vectors are closer than the agreement threshold of `summarize` (embeddings, or
TF-IDF when the caller has none). Syndicated copies are one telling: what a wire text says
is not exclusive to the first outlet that printed it, while a local lead added by one
outlet to its copy is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from newsdesk.group.terms import STOP_WORDS, WORD
from newsdesk.group.threads import root_of
from newsdesk.present.summarize import (
    EMBEDDING_AGREEMENT,
    TFIDF_AGREEMENT,
    Citation,
    CitedSentence,
    cite,
    distinct,
    same_text,
    same_text_pairs,
    tfidf_vectors,
    word_incidence,
    words,
)

# What one outlet alone reports is listed up to this many sentences per outlet (the most
# central first); the count says how many there were.
EXCLUSIVES_PER_OUTLET = 3
# Share of a quote's words found in another telling's sentence for it to count as carried
# there (a quote sits inside a longer sentence, so closeness of meaning is too strict).
QUOTE_CARRIED = 0.8
# Quotes of one speaker this close in meaning but not one text are the same remark worded
# differently: a direct quote should be verbatim, so one of the outlets changed it.
QUOTE_REWORDED = 0.75
# A figure is said of something by the words just before it ("shares jumped 8%", "lifted
# shares by 9%"): two figures conflict only when those lower-case words share one.
CONTEXT_WORDS = 5
# Sentences giving figures for the same thing need be only this close to be about the
# same fact: the shared words before the figures already tie them (cosine, by vector kind).
EMBEDDING_SAME_FIGURE = 0.6
TFIDF_SAME_FIGURE = 0.3
# Names (capitalised words) this far before a figure say whose figure it is.
NAME_WORDS = 12
# An estimate ("about 8%") agrees with any figure within this share of it.
HEDGE_TOLERANCE = 0.1
# Quotes shorter than this are fragments ("invincible") read inside a sentence, which
# tells them better; they are not listed on their own.
MIN_QUOTE_WORDS = 5
TFIDF_QUOTE_REWORDED = 0.5

_NUMBER = re.compile(
    r"(?<![\w.,:$€£¥])[$€£¥]?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(%|per ?cent|percent|million|billion|trillion|thousand))?(?![\w])"
)
_UNIT_WORD = re.compile(r"[-\s]*([A-Za-z][A-Za-z-]*)")
_MONTHS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july"),
        *("august", "september", "october", "november", "december"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    }
)
# Words that sit between a number and what it counts ("64 more people") or that make it
# part of a date or a time, where a different number is a different moment, not a dispute.
_SKIPPED_UNITS = frozenset(
    {"more", "other", "of", "a", "an", "the", "and", "or", "to", "in", "on", "at", "by", "for"}
)
# Hedges before a figure, by what they make of it: a floor, a ceiling, or an estimate.
_HEDGES = (
    ("floor", re.compile(r"\b(?:more than|over|at least|upwards of|in excess of)$", re.I)),
    ("ceiling", re.compile(r"\b(?:up to|less than|fewer than|under|nearly|almost)$", re.I)),
    (
        "estimate",
        re.compile(
            r"\b(?:about|around|roughly|some|approximately|an estimated|estimated|close to)$",
            re.I,
        ),
    ),
)
# Ages ("a 31-year-old climber") tell people apart, not a disputed fact.
_NOT_COUNTED = frozenset({"year-old", "years-old", "month-old", "day-old"})
_POSSESSIVE = re.compile(r"['’]s$")
_PERCENT = frozenset({"%", "percent"})
_TIME_UNITS = frozenset({"am", "pm", "a.m", "p.m", "gmt", "utc", "local"})


@dataclass(frozen=True)
class CoveredArticle:
    """An article of the story as coverage sees it: outlet, time and copy group."""

    article_id: int
    outlet: str | None
    published: datetime | None
    copy_of: int
    credit: str = ""


@dataclass(frozen=True)
class StoryQuote:
    """A quote of the story, the sentence-like span it was read as, and who said it."""

    quote: CitedSentence
    speaker_id: int | None
    speaker: str | None
    kind: str


@dataclass(frozen=True)
class OutletCoverage:
    """One outlet's part in a story: its articles, when it first reported, what it alone has."""

    outlet: str | None
    first_published: datetime | None
    article_ids: tuple[int, ...]
    copies: int
    exclusives: int


@dataclass(frozen=True)
class Exclusive:
    """A sentence or quote that one outlet reports and no other telling matches."""

    kind: str  # "sentence" or "quote"
    text: str
    citation: Citation
    speaker: str | None = None


@dataclass(frozen=True)
class Side:
    """One side of a disagreement: the value an outlet gives and the sentence it is in."""

    value: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class Disagreement:
    """Outlets reporting the same fact with different numbers, or one remark worded apart."""

    kind: str  # "number" or "quote"
    about: str
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class Coverage:
    """The comparison of a story's coverage across outlets."""

    outlets: tuple[OutletCoverage, ...]
    first: Citation | None
    exclusives: tuple[Exclusive, ...]
    disagreements: tuple[Disagreement, ...]
    tellings: int


def compare_coverage(
    articles: Sequence[CoveredArticle],
    sentences: Sequence[CitedSentence],
    vectors: np.ndarray | None = None,
    quotes: Sequence[StoryQuote] = (),
    quote_vectors: np.ndarray | None = None,
    *,
    per_outlet: int = EXCLUSIVES_PER_OUTLET,
) -> Coverage:
    """Compare a story's coverage: `sentences` are the body sentences of all its articles
    (copies included), `vectors` their unit embeddings (None: TF-IDF), `quotes` likewise.
    """
    if vectors is None:
        matrix, agreement = tfidf_vectors([s.text for s in sentences]), TFIDF_AGREEMENT
    else:
        matrix, agreement = np.asarray(vectors, dtype=np.float32), EMBEDDING_AGREEMENT
    if len(matrix) != len(sentences):
        raise ValueError(f"{len(matrix)} vectors for {len(sentences)} sentences")
    tellings = {a.copy_of for a in articles}
    similarity = matrix @ matrix.T if len(sentences) else np.zeros((0, 0))
    # With one telling, only what an outlet added to its copy is its own.
    by_outlet = len(tellings) == 1
    exclusive_quotes = _exclusive_quotes(quotes, sentences, by_outlet)
    exclusive_sentences = _exclusive_sentences(
        sentences, similarity, agreement, exclusive_quotes, by_outlet
    )
    found = [
        Exclusive("quote", q.quote.text, cite(q.quote), q.speaker) for q in exclusive_quotes
    ] + [Exclusive("sentence", s.text, cite(s)) for s in exclusive_sentences]
    listed, counts = _per_outlet(found, per_outlet)
    same_figure = TFIDF_SAME_FIGURE if vectors is None else EMBEDDING_SAME_FIGURE
    disagreements = _number_disagreements(sentences, similarity, same_figure)
    disagreements += _quote_disagreements(quotes, quote_vectors)
    return Coverage(
        outlets=_outlets(articles, counts),
        first=_first(articles),
        exclusives=tuple(listed),
        disagreements=tuple(disagreements),
        tellings=len(tellings),
    )


@dataclass(frozen=True)
class Figure:
    """A number a sentence gives: as written, its value, its hedge ("floor", "ceiling",
    "estimate" or None), and the words and names before it."""

    text: str
    value: float
    decimals: int
    hedge: str | None
    context: frozenset[str]
    names: frozenset[str] = frozenset()


def numbers(text: str) -> dict[str, list[Figure]]:
    """The figures a sentence gives, keyed by what they count (the word after them).

    Years, days of a date and clock times are left out: a different one is another moment.
    A thing counted twice in one sentence ("178 of 369 punches", "$140 million to $150
    million") is a comparison or a range, not one figure, and is left out too.
    """
    found: dict[str, list[Figure]] = {}
    for match in _NUMBER.finditer(text):
        value, scale = match.group(1), match.group(2)
        preceding = text[: match.start()].rstrip()
        before = preceding.rsplit(maxsplit=1)
        previous = before[-1].lower().strip(",;:(") if before else ""
        if _is_date_or_time(value, scale, previous, text[match.end() :]):
            continue
        if scale and scale.replace(" ", "") in _PERCENT:
            unit = "percent"
        else:
            counted = _unit_after(text[match.end() :])
            unit = f"{scale} {counted}".strip() if scale else counted
        if len(unit) < 2 or unit in _NOT_COUNTED:
            continue
        tokens = preceding.split()
        figure = Figure(
            text=match.group(0).strip(),
            value=float(value.replace(",", "")),
            decimals=len(value.partition(".")[2]),
            hedge=next((kind for kind, p in _HEDGES if p.search(preceding[-24:])), None),
            context=_plain_words(tokens[-CONTEXT_WORDS:]),
            names=_names(tokens[-NAME_WORDS:]),
        )
        found.setdefault(unit, []).append(figure)
    return {unit: figures for unit, figures in found.items() if len(figures) == 1}


def _plain_words(tokens: Sequence[str]) -> frozenset[str]:
    # Lower-case content words: what is said of the figure; names are compared apart.
    return frozenset(w for t in tokens if t[:1].islower() for w in words(t) if not w[0].isdigit())


def figures_conflict(a: Figure, b: Figure) -> bool:
    """Whether two figures for the same thing cannot both be right.

    A rounded figure agrees with a precise one it rounds ($26 billion, $26.3 billion); a
    floor ("more than 100") with anything above it, a ceiling ("up to 120") with anything
    below, and an estimate ("about 8%") with anything within a tenth of it.
    """
    if a.value == b.value:
        return False
    coarse, fine = (a, b) if a.decimals <= b.decimals else (b, a)
    if round(fine.value, coarse.decimals) == coarse.value:
        return False
    low_a, high_a = _range(a)
    low_b, high_b = _range(b)
    return high_a < low_b or high_b < low_a


def _range(figure: Figure) -> tuple[float, float]:
    if figure.hedge == "floor":
        return figure.value, float("inf")
    if figure.hedge == "ceiling":
        return float("-inf"), figure.value
    if figure.hedge == "estimate":
        spread = HEDGE_TOLERANCE * abs(figure.value)
        return figure.value - spread, figure.value + spread
    return figure.value, figure.value


def _is_date_or_time(value: str, scale: str | None, previous: str, after: str) -> bool:
    if scale:
        return False
    plain = value.replace(",", "")
    if "." not in plain and "," not in value and 1800 <= int(plain) <= 2100:
        return True
    if previous in _MONTHS:
        return True
    following = _UNIT_WORD.match(after)
    word = following.group(1).lower() if following else ""
    return word in _MONTHS or word.rstrip(".") in _TIME_UNITS or after.startswith(":")


def _unit_after(after: str) -> str:
    rest = after
    for _ in range(3):
        match = _UNIT_WORD.match(rest)
        if not match:
            return ""
        word = match.group(1).lower().strip("-")
        if word not in _SKIPPED_UNITS:
            return word
        rest = rest[match.end() :]
    return ""


def _exclusive_sentences(
    sentences: Sequence[CitedSentence],
    similarity: np.ndarray,
    agreement: float,
    quotes: Sequence[StoryQuote],
    by_outlet: bool,
) -> list[CitedSentence]:
    same = same_text_pairs([s.text for s in sentences])
    carried = _carried([q.quote for q in quotes], sentences)
    quote_tellings = np.array([q.quote.telling for q in quotes])
    # What the copies of one telling share is that telling's, cited to its earliest copy;
    # it is compared with the other tellings only.
    sides = np.array([_side(s, by_outlet) for s in sentences])
    matched = (similarity >= agreement) | same
    found = []
    for i in distinct(sentences, same):
        # A sentence carrying a quote listed on its own would say it twice.
        if np.any(carried[:, i] & (quote_tellings == sentences[i].telling)):
            continue
        if not np.any(matched[i] & (sides != sides[i])):
            found.append((float(similarity[i].sum()), i))
    found.sort(key=lambda pair: -pair[0])
    return [sentences[i] for _, i in found]


def _exclusive_quotes(
    quotes: Sequence[StoryQuote], sentences: Sequence[CitedSentence], by_outlet: bool
) -> list[StoryQuote]:
    spoken = [q.quote for q in quotes]
    same = same_text_pairs([q.text for q in spoken])
    carried = _carried(spoken, sentences)
    sentence_sides = np.array([_side(s, by_outlet) for s in sentences])
    quote_sides = np.array([_side(q, by_outlet) for q in spoken])
    found = []
    for i in distinct(spoken, same):
        quote = quotes[i]
        if quote.kind != "direct" or len(quote.quote.text.split()) < MIN_QUOTE_WORDS:
            continue
        side = quote_sides[i]
        elsewhere = np.any(carried[i] & (sentence_sides != side)) or np.any(
            same[i] & (quote_sides != side)
        )
        if not elsewhere:
            found.append(quote)
    return found


def _carried(quotes: Sequence[CitedSentence], sentences: Sequence[CitedSentence]) -> np.ndarray:
    # Which sentences carry which quotes: most of a quote's words, in any order.
    if not quotes or not sentences:
        return np.zeros((len(quotes), len(sentences)), dtype=bool)
    vocabulary: dict[str, int] = {}
    said = word_incidence([q.text for q in quotes], vocabulary)
    written = word_incidence([s.text for s in sentences], vocabulary)
    said.resize(said.shape[0], written.shape[1])
    sizes = np.asarray(said.sum(axis=1), dtype=np.float64).ravel()
    shared = (said @ written.T).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        return (sizes[:, None] > 0) & (shared / sizes[:, None] >= QUOTE_CARRIED)


def _side(sentence: CitedSentence, by_outlet: bool) -> str:
    # Whose a sentence is when looking for what one side alone reports.
    return f"outlet {sentence.outlet}" if by_outlet else f"telling {sentence.telling}"


def _same_subject(a: Figure, b: Figure) -> bool:
    # "Alphabet shares fell 4.5%" and "shares of Apple fell 4.8%" share words but name
    # different companies: names, when both sides give some, must meet.
    if a.names and b.names and not a.names & b.names:
        return False
    return bool(a.context & b.context)


def _names(tokens: Sequence[str]) -> frozenset[str]:
    found = (_POSSESSIVE.sub("", t.strip(",.;:()\"'“”‘’")) for t in tokens)
    return frozenset(n for n in found if n[:1].isupper() and n.lower() not in STOP_WORDS)


def _partial(a: str, b: str) -> bool:
    # A partial quote ("insurance policy for humanity") is a run of the full remark.
    shorter, longer = sorted((a, b), key=len)
    run = " ".join(w.lower() for w in WORD.findall(shorter))
    return bool(run) and f" {run} " in f" {' '.join(w.lower() for w in WORD.findall(longer))} "


def _per_outlet(
    found: Sequence[Exclusive], limit: int
) -> tuple[list[Exclusive], dict[str | None, int]]:
    listed: list[Exclusive] = []
    counts: dict[str | None, int] = {}
    for item in found:
        outlet = item.citation.outlet
        counts[outlet] = counts.get(outlet, 0) + 1
        if counts[outlet] <= limit:
            listed.append(item)
    listed.sort(key=lambda e: (e.citation.outlet or "", e.kind != "quote"))
    return listed, counts


def _number_disagreements(
    sentences: Sequence[CitedSentence], similarity: np.ndarray, threshold: float
) -> list[Disagreement]:
    figures = [numbers(s.text) for s in sentences]
    # Per counted thing, sentences linked by a conflict; each linked group is one dispute.
    parent = list(range(len(sentences)))
    disputed: dict[str, set[int]] = {}
    figured = np.array([bool(found) for found in figures], dtype=bool)
    for i, a in enumerate(sentences):
        if not figured[i]:
            continue
        close = figured[i + 1 :] & (similarity[i, i + 1 :] >= threshold)
        for j in (np.flatnonzero(close) + i + 1).tolist():
            if a.outlet == sentences[j].outlet:
                continue
            for unit, mine in figures[i].items():
                theirs = figures[j].get(unit, [])
                if _disputed(mine, theirs):
                    disputed.setdefault(unit, set()).update((i, j))
                    parent[root_of(parent, j)] = root_of(parent, i)
    found = []
    for unit, members in disputed.items():
        groups: dict[int, list[int]] = {}
        for i in sorted(members, key=lambda k: _when(sentences[k])):
            groups.setdefault(root_of(parent, i), []).append(i)
        for group in groups.values():
            sides: dict[str, Side] = {}
            for i in group:
                for figure in figures[i][unit]:
                    sides.setdefault(
                        figure.text, Side(figure.text, sentences[i].text, cite(sentences[i]))
                    )
            if len(sides) > 1:
                found.append(Disagreement("number", unit, tuple(sides.values())))
    return found


def _disputed(mine: Sequence[Figure], theirs: Sequence[Figure]) -> bool:
    # Every figure of one side must conflict with every figure of the other said of the
    # same thing; a figure both give means they agree on it.
    pairs = [(a, b) for a in mine for b in theirs if _same_subject(a, b)]
    return bool(pairs) and all(figures_conflict(a, b) for a, b in pairs)


def _quote_disagreements(
    quotes: Sequence[StoryQuote], vectors: np.ndarray | None
) -> list[Disagreement]:
    direct = [i for i, q in enumerate(quotes) if q.kind == "direct" and q.speaker_id]
    if len(direct) < 2:
        return []
    if vectors is None:
        matrix = tfidf_vectors([quotes[i].quote.text for i in direct])
        threshold = TFIDF_QUOTE_REWORDED
    else:
        matrix, threshold = np.asarray(vectors, dtype=np.float32)[direct], QUOTE_REWORDED
    similarity = matrix @ matrix.T
    found = []
    seen: set[frozenset[str]] = set()
    for a, i in enumerate(direct):
        for b in range(a + 1, len(direct)):
            j = direct[b]
            first, second = quotes[i], quotes[j]
            if (
                first.speaker_id != second.speaker_id
                or first.quote.outlet == second.quote.outlet
                or similarity[a, b] < threshold
                or same_text(first.quote.text, second.quote.text)
                or _partial(first.quote.text, second.quote.text)
            ):
                continue
            wordings = frozenset({first.quote.text, second.quote.text})
            if wordings in seen:
                continue
            seen.add(wordings)
            ordered = sorted((first, second), key=lambda q: _when(q.quote))
            sides = tuple(Side(q.quote.text, q.quote.text, cite(q.quote)) for q in ordered)
            found.append(Disagreement("quote", first.speaker or "", sides))
    return found


def _outlets(
    articles: Sequence[CoveredArticle], exclusives: dict[str | None, int]
) -> tuple[OutletCoverage, ...]:
    by_outlet: dict[str | None, list[CoveredArticle]] = {}
    for article in sorted(articles, key=_when):
        by_outlet.setdefault(article.outlet, []).append(article)
    return tuple(
        OutletCoverage(
            outlet=outlet,
            first_published=own[0].published,
            article_ids=tuple(a.article_id for a in own),
            copies=sum(1 for a in own if a.copy_of != a.article_id),
            exclusives=exclusives.get(outlet, 0),
        )
        for outlet, own in by_outlet.items()
    )


def _first(articles: Sequence[CoveredArticle]) -> Citation | None:
    dated = [a for a in articles if a.published is not None]
    if not dated:
        return None
    first = min(dated, key=_when)
    return Citation(first.article_id, first.outlet, first.published, 0, first.credit)


def _when(item: CoveredArticle | CitedSentence) -> tuple[float, int]:
    stamp = item.published.timestamp() if item.published else float("inf")
    return stamp, item.article_id
