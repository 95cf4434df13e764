"""Extractive answers: sentences close in meaning to a question, from the articles search
retrieves for it, every sentence cited; or a plain no-answer."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import ReadingSettings, SearchSettings
from newsdesk.enrich.embed import embed_texts
from newsdesk.enrich.names import normalise_name
from newsdesk.present.ask import pick_answer, question_names
from newsdesk.read.entities import find_entities
from newsdesk.read.records import Answer, AnswerSentence
from newsdesk.read.search import DEFAULT_SEARCH, search
from newsdesk.read.sentence_vectors import sentence_vectors
from newsdesk.read.sentences import body_sentences, sentence_record
from newsdesk.store.models import Article, Mention
from newsdesk.types import enrichment_text

NO_ANSWER = "Nothing in the stored articles answers this."


def answer(
    session: Session,
    question: str,
    *,
    articles: int = 8,
    floor: float = ReadingSettings.answer_floor,
    story: int | None = None,
    search_tuning: SearchSettings = DEFAULT_SEARCH,
) -> Answer:
    """An extractive, cited answer to a question, or a plain "no answer" when the articles
    that search retrieves (of one `story`, if given) hold no sentence at least `floor`
    close to it."""
    hits = search(session, question, limit=articles, story=story, tuning=search_tuning).hits
    if not hits:
        # Every word must match in full text; meaning alone may still find the articles.
        hits = search(
            session, question, limit=articles, mode="semantic", story=story, tuning=search_tuning
        ).hits
    # An answer must come from articles naming what the question names: a question about
    # the Bank of England is not answered from articles about the Bank of Japan.
    names = question_names(question)
    found = [
        a for hit in hits if (a := session.get(Article, hit.id)) and _names_all(session, a, names)
    ]
    candidates = [s for article in found for s in body_sentences(article)]
    picked = None
    if candidates:
        asked = embed_texts([question])[0]
        vectors = sentence_vectors(session, candidates)
        picked = pick_answer(question, asked, candidates, vectors, min_similarity=floor)
    if picked is None or not picked.found:
        return Answer(question=question, found=False, answer=[], message=NO_ANSWER)
    return Answer(
        question=question,
        found=True,
        answer=[
            AnswerSentence(**dict(sentence_record(sentence)), score=float(score))
            for sentence, score in zip(picked.sentences, picked.scores, strict=True)
        ],
        message=None,
    )


def _names_all(session: Session, article: Article, names: Sequence[str]) -> bool:
    """Whether the article names each of `names`, as written or as any known spelling."""
    text = f" {normalise_name(enrichment_text(article.title, article.text))} "
    for name in names:
        if f" {normalise_name(name)} " in text:
            continue
        known = [entity.id for entity, _ in find_entities(session, name)]
        named = known and session.scalar(
            select(Mention.id)
            .where(Mention.article_id == article.id, Mention.entity_id.in_(known))
            .limit(1)
        )
        if not named:
            return False
    return True
