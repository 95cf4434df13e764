"""Answers scored against labelled questions over the demo corpus (`newsdesk eval answers`).

Each question is asked of a throwaway store holding the demo corpus, through the code that
runs (`read.answers.answer`), on the page of the story it names in `asked_on` when it names
one (as a reader asks "What was agreed?" in a story's ask box). An answerable question is
answered right when the answer cites an article of the story that answers it and one of
its sentences (with who said it, its date, what a dispute is about) holds an expected word;
one that nothing answers is handled right when newsdesk says so. Questions are phrased
either as a reader would ("reader") or as a precise question naming what it asks
("specific"); the figures are given for both.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
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
PHRASINGS = ("reader", "specific")


@dataclass(frozen=True)
class Question:
    """A question, the story label that answers it (None: nothing does), expected words
    (any one of them), the story it is asked about, and how it is phrased."""

    text: str
    story: str | None
    expect: tuple[str, ...] = ()
    asked_on: str | None = None
    phrasing: str = "specific"


@dataclass(frozen=True)
class AnswerScore:
    """How answers fared on a set of questions."""

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
    """The labelled questions, in file order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Question(
            q["question"],
            q.get("story"),
            tuple(q.get("expect", ())),
            q.get("asked_on"),
            q.get("phrasing", "specific"),
        )
        for q in data["questions"]
    ]


def is_right(
    question: Question, answer: Sequence[Mapping[str, Any]], story_of: Mapping[int, str]
) -> bool:
    """Whether an answer (its cited sentences) answers the question as labelled."""
    if question.story is None:
        return not answer
    cites_story = any(story_of.get(int(s["article_id"])) == question.story for s in answer)
    shown = [
        " ".join(str(s.get(field) or "") for field in ("text", "speaker", "date", "about")).lower()
        for s in answer
    ]
    holds = not question.expect or any(e.lower() in text for e in question.expect for text in shown)
    return cites_story and holds


def score_answers(
    questions: Sequence[Question],
    answers: Sequence[Sequence[Mapping[str, Any]]],
    story_of: Mapping[int, str],
) -> AnswerScore:
    """Score answers (their cited sentences; empty for "nothing answers this")."""
    answered = correct = abstained = 0
    for question, answer in zip(questions, answers, strict=True):
        if question.story is None:
            abstained += not answer
            continue
        if answer:
            answered += 1
            correct += is_right(question, answer, story_of)
    answerable = sum(1 for q in questions if q.story is not None)
    return AnswerScore(answerable, answered, correct, len(questions) - answerable, abstained)


def scores_by_phrasing(
    questions: Sequence[Question],
    answers: Sequence[Sequence[Mapping[str, Any]]],
    story_of: Mapping[int, str],
) -> dict[str, AnswerScore]:
    """The score over all questions ("all") and over each phrasing."""
    scores = {"all": score_answers(questions, answers, story_of)}
    for phrasing in PHRASINGS:
        picked = [i for i, q in enumerate(questions) if q.phrasing == phrasing]
        scores[phrasing] = score_answers(
            [questions[i] for i in picked], [answers[i] for i in picked], story_of
        )
    return scores


def evaluate_demo_answers(settings: Settings | None = None) -> dict[str, AnswerScore]:
    """Ingest the demo corpus into a throwaway store, ask every labelled question once with
    the reading settings in use, and score the answers, overall and by phrasing."""
    questions = load_questions()
    titles = {a["title"]: a["story"] for a in load_labels()["articles"]}
    with tempfile.TemporaryDirectory() as folder:
        tuned = settings or Settings()
        run = Settings(data_dir=Path(folder), reading=tuned.reading, search=tuned.search)
        store = open_store(run)
        try:
            ingest_paths(store, [ARTICLES_DIR], IngestHints(), run, hints_for=demo_hints)
            with store.session() as session:
                articles = list(session.scalars(select(Article)))
                story_of = {a.id: titles[a.title] for a in articles if a.title in titles}
                story_ids = _story_ids(articles, story_of)
                answers = [
                    [
                        s.model_dump()
                        for s in reading.answer(
                            session,
                            q.text,
                            story=story_ids.get(q.asked_on) if q.asked_on else None,
                            floor=run.reading.answer_floor,
                            search_tuning=run.search,
                        ).answer
                    ]
                    for q in questions
                ]
        finally:
            store.close()
    return scores_by_phrasing(questions, answers, story_of)


def _story_ids(articles: Sequence[Article], story_of: Mapping[int, str]) -> dict[str, int]:
    # The stored story that holds most of a labelled story's articles is its page.
    votes: dict[str, Counter[int]] = {}
    for article in articles:
        label = story_of.get(article.id)
        if label is not None and article.story_id is not None:
            votes.setdefault(label, Counter())[article.story_id] += 1
    return {label: count.most_common(1)[0][0] for label, count in votes.items()}
