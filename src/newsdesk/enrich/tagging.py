"""The model's attribute rules and lemmatizer run as table look-ups: the same annotations
as spaCy's `attribute_ruler` and `lemmatizer`, at a fraction of their cost.

spaCy's attribute ruler runs a Matcher with some 180 patterns over every token, and its
lemmatizer re-derives most words' lemma on every occurrence (its cache skips base forms,
the commonest case); together they cost about a fifth of the parse. Every pattern of the
model is a fixed run of tokens tested for a tag, a lowercase form, a dependency label or
a space, so each is indexed by one value it requires and checked only where that value
occurs; a pattern this cannot express would still run through a Matcher. A lemma depends
only on the word, its part of speech and its morphology, so each is derived once.
`tests/enrich/test_tagging.py` checks both against the stock components.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

ATTRIBUTE_TABLES = "newsdesk_attribute_tables"
LEMMA_TABLES = "newsdesk_lemma_tables"


def use_tables(nlp: Language) -> None:
    """Swap `nlp`'s attribute ruler and lemmatizer for their table look-up twins, in place."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        tables = nlp.replace_pipe("attribute_ruler", ATTRIBUTE_TABLES)
        tables.load(ruler)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if lemmatizer.mode == "rule" and not lemmatizer.overwrite:
            nlp.replace_pipe("lemmatizer", LEMMA_TABLES).load(lemmatizer)


@Language.factory(ATTRIBUTE_TABLES)
def _attribute_tables(nlp: Language, name: str) -> AttributeTables:
    return AttributeTables(nlp.vocab)


@Language.factory(LEMMA_TABLES)
def _lemma_tables(nlp: Language, name: str) -> LemmaTables:
    return LemmaTables()


class AttributeTables:
    """An `AttributeRuler`'s rules matched by look-up: each pattern is indexed by one value
    it requires (a lowercase form, a dependency label, a tag) and checked in full only
    where that value occurs. Patterns this cannot express still run through a Matcher.
    As in the ruler, every match is found before any is applied, and later rules win."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        self.patterns: list[_Pattern] = []
        # column -> {a value's hash: [(pattern, position of the token holding it)]}
        self.anchors: dict[int, dict[int, list[tuple[_Pattern, int]]]] = {}
        self.scanned: list[_Pattern] = []  # patterns with nothing to index by
        self.matcher = Matcher(vocab)
        self._merged: dict[tuple[int, ...], dict] = {}

    def load(self, ruler: AttributeRuler) -> None:
        """Take the rules of a loaded `AttributeRuler`."""
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        for rule, entry in enumerate(ruler.patterns):
            for tokens in entry["patterns"]:
                pattern = _Pattern.compile(rule, self.indices[rule], tokens, self.vocab)
                if pattern is None:
                    self.matcher.add(str(rule), [tokens])
                    continue
                self.patterns.append(pattern)
                if pattern.anchor is None:
                    self.scanned.append(pattern)
                    continue
                offset, column, values = pattern.anchor
                index = self.anchors.setdefault(column, {})
                for value in values:
                    index.setdefault(value, []).append((pattern, offset))

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(list(_COLUMNS)).tolist()
        length = len(rows)
        rules_at: dict[int, list[int]] = {}
        anchors = list(self.anchors.items())
        for i, row in enumerate(rows):
            for column, index in anchors:
                for pattern, offset in index.get(row[column], ()):
                    start = i - offset
                    if start >= 0 and pattern.matches(rows, start, length, self.vocab):
                        rules_at.setdefault(start + pattern.target, []).append(pattern.rule)
            for pattern in self.scanned:
                if pattern.matches(rows, i, length, self.vocab):
                    rules_at.setdefault(i + pattern.target, []).append(pattern.rule)
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = int(self.vocab.strings[match_id])
                index = self.indices[rule]
                target = start + index if index >= 0 else end + index
                if not start <= target < end:
                    raise ValueError(f"attribute rule {rule}: index {index} outside its match")
                rules_at.setdefault(target, []).append(rule)
        for i, rules in rules_at.items():
            set_token_attrs(doc[i], self._attrs_of(rules))
        return doc

    def _attrs_of(self, rules: list[int]) -> dict:
        key = tuple(sorted(set(rules)))
        merged = self._merged.get(key)
        if merged is None:
            merged = {}
            for rule in key:
                attrs = self.attrs[rule]
                extensions = {**merged.get("_", {}), **attrs.get("_", {})}
                merged.update(attrs)
                if extensions:  # extension attributes add up, as when set one rule at a time
                    merged["_"] = extensions
            self._merged[key] = merged
        return merged


# The token attributes a pattern may test to be matched by look-up, as `Doc.to_array`
# columns: each holds the hash (or flag) the Matcher itself compares.
_COLUMNS = ("LOWER", "DEP", "TAG", "IS_SPACE")
_TEXT_COLUMNS = frozenset({"LOWER", "DEP", "TAG"})  # what a REGEX may read
# Beyond this many words a regular expression's verdicts are forgotten and re-learned.
_REGEX_MEMORY = 100_000


class _Pattern:
    """One fixed-length Matcher pattern as checks on `to_array` rows."""

    def __init__(self, rule: int, target: int, length: int, checks: list[tuple]) -> None:
        self.rule = rule
        self.target = target  # the token the rule sets, from the match's start
        self.length = length
        self.checks = checks  # (position, column, kind, operand)
        self.anchor: tuple[int, int, list[int]] | None = None
        # Index by the most telling required value: a word before a label before a tag.
        for column in range(len(_COLUMNS)):
            for position, col, kind, operand in checks:
                if col == column and kind in ("eq", "in") and self.anchor is None:
                    values = [operand] if kind == "eq" else sorted(operand)
                    self.anchor = (position, column, values)

    @classmethod
    def compile(cls, rule: int, index: int, tokens: list[dict], vocab: Any) -> _Pattern | None:
        """The pattern as checks, or None when it needs the Matcher (operators, other
        attributes or predicates)."""
        checks: list[tuple] = []
        for position, token in enumerate(tokens):
            if not token:
                return None
            for name, value in token.items():
                check = _check(name, value, vocab)
                if check is None:
                    return None
                checks.append((position, _COLUMNS.index(name), *check))
        target = index if index >= 0 else len(tokens) + index
        if not 0 <= target < len(tokens):
            return None
        return cls(rule, target, len(tokens), checks)

    def matches(self, rows: list[list[int]], start: int, length: int, vocab: Any) -> bool:
        """Whether the pattern holds on the tokens from `start`."""
        if start + self.length > length:
            return False
        for position, column, kind, operand in self.checks:
            value = rows[start + position][column]
            if kind == "eq":
                if value != operand:
                    return False
            elif kind == "in":
                if value not in operand:
                    return False
            elif kind == "not_in":
                if value in operand:
                    return False
            else:
                regex, verdicts = operand
                verdict = verdicts.get(value)
                if verdict is None:
                    if len(verdicts) > _REGEX_MEMORY:
                        verdicts.clear()
                    verdict = verdicts[value] = bool(regex.search(vocab.strings[value]))
                if not verdict:
                    return False
        return True


def _check(name: str, value: Any, vocab: Any) -> tuple[str, Any] | None:
    """A token test as (kind, operand) over hashes, as the Matcher reads it; None if unsupported."""
    if name not in _COLUMNS:
        return None
    if isinstance(value, bool):
        return ("eq", int(value)) if name == "IS_SPACE" else None
    if name == "IS_SPACE":
        return None
    if isinstance(value, str):
        return "eq", vocab.strings.add(value)
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((predicate, operand),) = value.items()
    if predicate in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
        return predicate.lower(), frozenset(vocab.strings.add(v) for v in operand)
    if predicate == "REGEX" and isinstance(operand, str) and name in _TEXT_COLUMNS:
        return "regex", (re.compile(operand), {})
    return None


class LemmaTables:
    """A rule `Lemmatizer` that derives each (word, part of speech, morphology) once and
    leaves lemmas already set (by the attribute rules) alone, as the stock one does."""

    def __init__(self) -> None:
        self.lemmatizer: Lemmatizer | None = None
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def load(self, lemmatizer: Lemmatizer) -> None:
        """Take the tables of a loaded rule `Lemmatizer`."""
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        assert self.lemmatizer is not None, "LemmaTables.load was not called"
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(
            doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        ):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self.lemmas[key] = found
            doc[i].lemma = found
        return doc
