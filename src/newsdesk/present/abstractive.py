"""Abstractive summaries written by a language model, grounded only on cited sentences.

The model sees the story's extractive summary as numbered sentences and is told to write
a short summary whose every sentence ends with the numbers it rests on ("[1][3]"). What
it returns is checked here: a sentence citing nothing, or a number that was not given,
is dropped, so every sentence kept carries the citations of the sentences it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SYSTEM_PROMPT = (
    "You summarise news for a reader. Use only the numbered sentences you are given; add "
    "no fact that is not in them. Write at most {limit} short sentences in plain English. "
    "End every sentence with the numbers of the sentences it rests on, in square "
    "brackets, like [1] or [2][4]. If outlets disagree, say so and cite each side."
)
MAX_SENTENCES = 4
_CITATION = re.compile(r"\s*\[(\d+)\]")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.!?,;:])")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’')\]]*)?(?:\s*(?:\[\d+\])+)?")


@dataclass(frozen=True)
class GivenSentence:
    """A sentence the model may rest on, and what citing it cites."""

    text: str
    citation: object


@dataclass(frozen=True)
class GroundedSentence:
    """A sentence the model wrote and the sources it cited (at least one)."""

    text: str
    citations: tuple[object, ...]


def build_messages(
    sources: Sequence[GivenSentence], limit: int = MAX_SENTENCES
) -> list[dict[str, str]]:
    """The chat messages asking for a summary of the numbered sources."""
    numbered = "\n".join(f"[{i}] {s.text}" for i, s in enumerate(sources, start=1))
    return [
        {"role": "system", "content": SYSTEM_PROMPT.format(limit=limit)},
        {"role": "user", "content": f"Sentences:\n{numbered}\n\nSummary:"},
    ]


def ground_reply(
    reply: str, sources: Sequence[GivenSentence], limit: int = MAX_SENTENCES
) -> list[GroundedSentence]:
    """The sentences of a model's reply that cite given sources, citations resolved;
    sentences citing nothing or only unknown numbers are dropped."""
    grounded = []
    for match in _SENTENCE.finditer(" ".join(reply.split())):
        piece = match.group().strip()
        numbers = [int(n) for n in _CITATION.findall(piece)]
        cited = [sources[n - 1].citation for n in dict.fromkeys(numbers) if 1 <= n <= len(sources)]
        text = _SPACE_BEFORE_STOP.sub(r"\1", _CITATION.sub("", piece)).strip()
        if not cited or len(text.split()) < 3:
            continue
        grounded.append(GroundedSentence(text=" ".join(text.split()), citations=tuple(cited)))
        if len(grounded) >= limit:
            break
    return grounded
