"""Answers: the sentences of the corpus that answer a question, each citing its article.

Extractive on purpose: every sentence of an answer is a sentence an outlet published. When
no sentence is close enough to the question, there is no answer, rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.config import ReadingSettings
from newsdesk.group.terms import STOP_WORDS, WORD
from newsdesk.present.summarize import CitedSentence

ANSWER_SENTENCES = 3
# Question words and fillers that say nothing about what is asked.
_QUESTION_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which", "whom"})
# Capitalised for other reasons than being a name.
_NOT_NAMES = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "monday", "tuesday"),
        *("wednesday", "thursday", "friday", "saturday", "sunday", "i"),
    }
)
_NAME_JOINERS = frozenset({"of", "de", "al", "bin", "von", "van", "the"})
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Answer:
    """The sentences that answer a question (empty when nothing does), with their scores."""

    question: str
    sentences: tuple[CitedSentence, ...]
    scores: tuple[float, ...]

    @property
    def found(self) -> bool:
        """Whether the corpus supports an answer."""
        return bool(self.sentences)


def content_words(text: str) -> frozenset[str]:
    """The words of a text that carry its meaning: no stop words, no question words."""
    words = (m.group().lower() for m in WORD.finditer(text))
    return frozenset(w for w in words if w not in STOP_WORDS and w not in _QUESTION_WORDS)


def question_names(question: str) -> list[str]:
    """The names a question asks about: runs of capitalised words ("Bank of England",
    "Choe Son Hui"), possessives dropped; the opening word, months and days left out."""
    names: list[str] = []
    run: list[str] = []
    tokens = question.replace("?", " ").split()
    for position, token in enumerate(tokens):
        word = _POSSESSIVE.sub("", token.strip(',.;:!"“”()'))
        capitalised = word[:1].isupper() and word.lower() not in _NOT_NAMES
        if capitalised and not (position == 0 and word.lower() in STOP_WORDS | _QUESTION_WORDS):
            run.append(word)
        elif run and word in _NAME_JOINERS and position + 1 < len(tokens):
            run.append(word)
            continue
        else:
            _close(run, names)
            run = []
        if word != token.strip(',.;:!"“”()'):
            _close(run, names)
            run = []
    _close(run, names)
    return names


def _close(run: list[str], names: list[str]) -> None:
    while run and run[-1] in _NAME_JOINERS:
        run.pop()
    if run:
        names.append(" ".join(run))


def pick_answer(
    question: str,
    question_vector: np.ndarray,
    candidates: Sequence[CitedSentence],
    vectors: np.ndarray,
    *,
    limit: int = ANSWER_SENTENCES,
    min_similarity: float = ReadingSettings.answer_floor,
) -> Answer:
    """The candidate sentences that answer the question best, each telling counted once.

    A sentence must be close in meaning and share a content word with the question;
    syndicated copies of one sentence count once, so three outlets do not fill the answer.
    """
    asked = content_words(question)
    scored = []
    for sentence, vector in zip(candidates, vectors, strict=True):
        similarity = float(vector @ question_vector)
        if similarity >= min_similarity and asked & content_words(sentence.text):
            scored.append((similarity, sentence))
    scored.sort(key=lambda pair: -pair[0])
    chosen: list[tuple[float, CitedSentence]] = []
    seen_texts: set[str] = set()
    for similarity, sentence in scored:
        key = " ".join(sentence.text.lower().split())
        if key in seen_texts:
            continue
        seen_texts.add(key)
        chosen.append((similarity, sentence))
        if len(chosen) == limit:
            break
    return Answer(
        question=question,
        sentences=tuple(s for _, s in chosen),
        scores=tuple(round(score, 3) for score, _ in chosen),
    )
