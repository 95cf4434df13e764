"""Answers scored against labelled questions over the demo corpus (`newsdesk eval answers`).

An answerable question is answered right when the answer cites an article of the story
that answers it and one of its sentences holds an expected word; an unanswerable one is
handled right when newsdesk says nothing answers it. The similarity floor below which a
sentence is no answer is swept, so the value in use is shown beside its neighbours.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, DEMO_DIR, demo_hints, load_labels
from newsdesk.pipeline import ingest_paths
from newsdesk.read import answers as reading
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.types import IngestHints

QUESTIONS = DEMO_DIR / "questions.json"
FLOORS = (0.35, 0.40, 0.45, 0.50, 0.55, 0.60)


@dataclass(frozen=True)
class Question:
    """A question, the story label that answers it (None: nothing does), expected words."""

    text: str
    story: str | None
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerScore:
    """How answers fared at one similarity floor."""

    floor: float
    answerable: int
    answered: int
    correct: int
    unanswerable: int
    abstained: int

    @property
    def precision(self) -> float:
        """Share of the answers given to answerable questions that are right."""
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall(self) -> float:
        """Share of the answerable questions answered right."""
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def abstention(self) -> float:
        """Share of the unanswerable questions met with "nothing answers this"."""
        return self.abstained / self.unanswerable if self.unanswerable else 0.0


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """The labelled questions: answerable ones first, then those nothing answers."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Question(q["question"], q["story"], tuple(q["expect"])) for q in data["answerable"]] + [
        Question(text, None) for text in data["unanswerable"]
    ]


def is_right(
    question: Question, answer: Sequence[Mapping[str, Any]], story_of: Mapping[int, str]
) -> bool:
    """Whether an answer (its cited sentences) answers the question as labelled."""
    if question.story is None:
        return not answer
    cites_story = any(story_of.get(int(s["article_id"])) == question.story for s in answer)
    words = [str(s["text"]).lower() for s in answer]
    holds = any(e.lower() in text for e in question.expect for text in words)
    return cites_story and holds


def score_answers(
    questions: Sequence[Question],
    answers: Sequence[Sequence[Mapping[str, Any]]],
    story_of: Mapping[int, str],
    floor: float,
) -> AnswerScore:
    """Score answers (cited sentences with their "score") as they stand at `floor`."""
    answered = correct = abstained = 0
    for question, answer in zip(questions, answers, strict=True):
        kept = [s for s in answer if float(s["score"]) >= floor]
        if question.story is None:
            abstained += not kept
            continue
        if kept:
            answered += 1
            correct += is_right(question, kept, story_of)
    answerable = sum(1 for q in questions if q.story is not None)
    return AnswerScore(floor, answerable, answered, correct, len(questions) - answerable, abstained)


def evaluate_demo_answers(floors: Sequence[float] = FLOORS) -> list[AnswerScore]:
    """Ingest the demo corpus into a throwaway store, ask every labelled question once
    at the lowest floor, and score the answers at each floor."""
    questions = load_questions()
    titles = {a["title"]: a["story"] for a in load_labels()["articles"]}
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        store = open_store(settings)
        try:
            ingest_paths(store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints)
            with store.session() as session:
                story_of = {
                    a.id: titles[a.title]
                    for a in session.scalars(select(Article))
                    if a.title in titles
                }
                # Answers at one floor are the answers at the lowest floor scoring above it.
                answers: list[Any] = [
                    [
                        s.model_dump()
                        for s in reading.answer(session, q.text, floor=min(floors)).answer
                    ]
                    for q in questions
                ]
        finally:
            store.close()
    return [score_answers(questions, answers, story_of, floor) for floor in floors]
