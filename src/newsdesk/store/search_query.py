"""The search query language: words (all must match), "quoted phrases", `OR` between two
terms and `-term` to exclude; compiled to FTS5 MATCH strings and PostgreSQL tsqueries over
bound parameters, and used to cut snippets around what matched.

Chinese, Japanese and Korean words are not written apart (or, in Korean, carry their
particles: 라브로프는), and neither index splits them; so their text is also indexed as
overlapping pairs of characters (`character_pairs`, in `articles.search_characters`) and a
query word in those scripts is looked for as the phrase of its pairs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column

_WORD = re.compile(r"[^\W_]+")
# Han characters, kana and Hangul (with their compatibility and half-width forms).
_CHARACTERS = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7a3\uf900-\ufaff\uff66-\uff9f々]+"
)
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True)
class Term:
    """A word or quoted phrase: as typed (PostgreSQL parses it) and as lower-case words."""

    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """A parsed query: every clause must match (a clause is terms joined by OR), and no
    excluded term may."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is asked for (only exclusions, or only punctuation)."""
        return not self.clauses

    def positive_terms(self) -> list[Term]:
        """Every term that is looked for, in the order typed."""
        return [term for clause in self.clauses for term in clause]


def parse_query(text: str) -> Query:
    """Parse the user syntax; never fails: characters that are no part of a word are dropped."""
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for token in _TOKEN.findall(text):
        if token.lower() == "or":
            join_next = bool(clauses)
            continue
        negated = token.startswith("-")
        term = _term(token[1:] if negated else token)
        if term is None:
            continue
        if negated:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded))


def _term(token: str) -> Term | None:
    raw = token.replace('"', " ").strip()
    words = tuple(w.casefold() for w in _WORD.findall(raw))
    return Term(" ".join(raw.split()), words) if words else None


def character_pairs(text: str) -> str | None:
    """Every run of Chinese, Japanese or Korean characters in `text` as its overlapping
    pairs, space-separated ("石破茂氏": "石破 破茂 茂氏"; a run of one stays itself), or
    None when the text has none: what the index reads for words no tokenizer splits."""
    runs = _CHARACTERS.findall(text)
    if not runs:
        return None
    return " ".join(" ".join(_pairs(run)) for run in runs)


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _indexed_words(term: Term) -> list[str]:
    # A word in those scripts is looked for as its pairs, in the order written; words of
    # a phrase in them are one run ("开罗 峰会" is 开罗峰会), as they are written unspaced.
    if not any(_CHARACTERS.search(word) for word in term.words):
        return list(term.words)
    parts = [p for word in term.words for p in re.split(f"({_CHARACTERS.pattern})", word) if p]
    words: list[str] = []
    run = ""
    for part in parts:
        if _CHARACTERS.fullmatch(part):
            run += part
            continue
        words.extend(_pairs(run) if run else [])
        run = ""
        words.append(part)
    return words + (_pairs(run) if run else [])


def to_fts5(query: Query) -> str:
    """The query as an FTS5 MATCH expression; every term is a quoted string, so no FTS5
    operator (NEAR, column filters, `*`, `^`) can be spelled through it."""
    clauses = []
    for clause in query.clauses:
        alternatives = [_fts5_string(term) for term in clause]
        clauses.append(
            alternatives[0] if len(alternatives) == 1 else f"({' OR '.join(alternatives)})"
        )
    expression = f"({' AND '.join(clauses)})"
    for term in query.excluded:
        expression += f" NOT {_fts5_string(term)}"
    return expression


def _fts5_string(term: Term) -> str:
    # Words hold letters and digits only; doubling quotes guards the rule regardless.
    return '"' + " ".join(_indexed_words(term)).replace('"', '""') + '"'


def to_tsquery(query: Query) -> ColumnElement[Any]:
    """The query as a PostgreSQL tsquery expression over bound parameters.

    Each term goes through `phraseto_tsquery('simple', ...)`, which parses it exactly as
    the indexed text was parsed; terms are then joined with tsquery_and/or/not. (Handing
    the whole string to websearch_to_tsquery would bind AND tighter than OR, unlike FTS5.)
    """
    config = literal_column("'simple'::regconfig")
    clauses = []
    for clause in query.clauses:
        alternatives = [func.phraseto_tsquery(config, _ts_text(term)) for term in clause]
        clauses.append(_fold(alternatives, "tsquery_or"))
    clauses += [
        func.tsquery_not(func.phraseto_tsquery(config, _ts_text(t))) for t in query.excluded
    ]
    return _fold(clauses, "tsquery_and")


def _ts_text(term: Term) -> str:
    # As typed, unless it holds words in those scripts: then their pairs.
    words = _indexed_words(term)
    return term.text if list(term.words) == words else " ".join(words)


def _fold(parts: list[ColumnElement[Any]], name: str) -> ColumnElement[Any]:
    combined = parts[0]
    for part in parts[1:]:
        combined = getattr(func, name)(combined, part)
    return combined


def make_snippet(text: str, query: Query, *, width: int = 240) -> str:
    """About `width` characters of `text` around the first place a query term occurs
    (its opening when none does), cut at word boundaries."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    folded = _fold_letters(flat)
    found = [m.start() for term in query.positive_terms() if (m := _find(folded, term))]
    start = max(0, min(found) - width // 3) if found else 0
    if start:
        start = flat.find(" ", start) + 1 or start
    end = start + width
    end = flat.rfind(" ", start, end) if end < len(flat) and " " in flat[start:end] else end
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """The (start, end) character offsets in `text` of every word and phrase the query looks
    for, as the index matches them (any case, accents ignored), in order and not overlapping."""
    folded = _fold_letters(text)
    spans = sorted(
        (m.start(), m.end())
        for term in query.positive_terms()
        for m in _pattern(term).finditer(folded)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _find(text: str, term: Term) -> re.Match[str] | None:
    return _pattern(term).search(text)


def _pattern(term: Term) -> re.Pattern[str]:
    words = [_fold_letters(word) for word in term.words]
    pattern = r"[\W_]+".join(re.escape(word) for word in words)
    if _CHARACTERS.search(pattern):
        # Found inside a run of characters, as its pairs are: no word edges there, and
        # a phrase's words may be written together.
        pattern = r"[\W_]*".join(re.escape(word) for word in words)
        return re.compile(pattern, re.IGNORECASE)
    return re.compile(rf"(?<![^\W_]){pattern}(?![^\W_])", re.IGNORECASE)


def _fold_letters(text: str) -> str:
    # Letter by letter, so offsets in the folded text are offsets in the text: FTS5 reads
    # "Şahin" as "sahin" (remove_diacritics), and a highlight must land on the letters shown.
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_letter, text))


@functools.lru_cache(maxsize=8192)
def _fold_letter(letter: str) -> str:
    if letter.isascii():
        return letter.lower()
    base = "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))
    folded = base.casefold()
    return folded if len(folded) == 1 else letter
