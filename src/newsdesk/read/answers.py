"""Extractive answers, every sentence cited; or a plain no-answer.

A question of the kinds a reader asks of a story ("what happened", "what was agreed", "who
said what", "when", "what do outlets disagree on") is answered from what the story view
works out: its summary, key points, quotes, timeline and coverage comparison. "What did X
say (about Y)?" is answered from X's quotes and reported speech. Any other question gets
the sentences closest in meaning to it, from the articles search retrieves for it.

Per request the question is embedded once; sentence vectors are read from the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import ReadingSettings, SearchSettings
from newsdesk.enrich.embed import embed_texts
from newsdesk.enrich.names import normalise_name
from newsdesk.present.ask import (
    ANSWER_SENTENCES,
    Reading,
    asks_background,
    content_words,
    pick_answer,
    question_names,
    rank_by_question,
    read_question,
    reports_agreement,
    says_nothing,
)
from newsdesk.present.coverage import StoryQuote
from newsdesk.present.summarize import CitedSentence, key_points, summarize_story
from newsdesk.present.timeline import story_timeline
from newsdesk.read.coverage import story_coverage, story_quotes
from newsdesk.read.entities import find_entities
from newsdesk.read.records import Answer, AnswerSentence
from newsdesk.read.search import DEFAULT_SEARCH, search
from newsdesk.read.sentence_vectors import sentence_vectors
from newsdesk.read.sentences import body_sentences, sentence_record
from newsdesk.read.stories import story_articles, story_events
from newsdesk.store.models import Article, Mention
from newsdesk.types import enrichment_text

NO_ANSWER = "Nothing in the stored articles answers this."
NO_STORY = "Ask this about a story: on the story's page, or saying which story you mean."
NO_DISAGREEMENT = (
    "The outlets covering this story give no conflicting figures or quotes: nothing compared "
    "disagrees."
)
NO_QUOTES = "No one's words are quoted on this in the stored articles."
# Quotes in the speaker's own words before the reporter's paraphrase of them.
_DIRECT_BONUS = 0.05
# A fact two or more outlets report answers "what was agreed" before one outlet's aside.
_KEY_POINT_BONUS = 0.15
# Each further telling carrying a remark (up to four).
_REPORTED_BONUS = 0.075
_LOOSE_CLOSENESS = 0.5


@dataclasses.dataclass
class _Story:
    """A story's articles, body sentences and their vectors, loaded once per answer."""

    id: int
    articles: list[Article]
    sentences: list[CitedSentence]
    vectors: np.ndarray

    def independent(self) -> tuple[list[CitedSentence], np.ndarray]:
        """The sentences of its independent tellings (copies repeat the wire text)."""
        rows = [i for i, s in enumerate(self.sentences) if s.copy_of == s.article_id]
        return [self.sentences[i] for i in rows], self.vectors[rows]

    def row_of(self, article_id: int, sentence_index: int, offset: int | None = None) -> int | None:
        """The row of the body sentence of an article holding that sentence (and offset)."""
        first = None
        for row, s in enumerate(self.sentences):
            if s.article_id == article_id and s.sentence_index == sentence_index:
                if offset is None or s.start <= offset < s.end:
                    return row
                first = row if first is None else first
        return first


def answer(
    session: Session,
    question: str,
    *,
    articles: int = 8,
    floor: float = ReadingSettings.answer_floor,
    story: int | None = None,
    search_tuning: SearchSettings = DEFAULT_SEARCH,
) -> Answer:
    """An extractive, cited answer to a question (about one `story`, if given), or a plain
    "no answer": for the kinds of question a story answers, from its summary, key points,
    quotes, timeline or coverage; otherwise from sentences at least `floor` close to it."""
    reading = read_question(question)
    asked = embed_texts([question])[0]
    names = question_names(question)
    found = _retrieve(session, question, asked, articles, story, names, search_tuning)
    if reading.intent == "speaker":
        spoken = _speaker_answer(session, question, reading, asked, story, found)
        # "What did the crown prince call the war?" names no one quoted as such: the
        # sentences closest to the question may still hold the words.
        if spoken.found or spoken.message != NO_QUOTES:
            return spoken
    elif reading.intent != "facts":
        story_id = story if story is not None else _story_asked_about(found, reading)
        if story_id is None:
            return _none(question, reading, NO_STORY)
        told = _load_story(session, story_id)
        given = _story_answer(session, question, reading, asked, told)
        if given is not None:
            return given
    return _facts_answer(session, question, asked, found, floor)


def _retrieve(
    session: Session,
    question: str,
    asked: np.ndarray,
    articles: int,
    story: int | None,
    names: Sequence[str],
    tuning: SearchSettings,
) -> list[Article]:
    """The articles search finds for the question, matches first, then those near in
    meaning; only those naming what the question names (a question about the Bank of
    England is not answered from articles about the Bank of Japan)."""
    wide = dataclasses.replace(tuning, related_limit=articles, related_floor=tuning.semantic_floor)
    results = search(
        session,
        question,
        limit=articles,
        story=story,
        tuning=wide,
        query_vector=asked,
        related_per_story=articles,
    )
    ids = [h.id for h in results.hits] + [h.id for h in results.related]
    return [
        a
        for article_id in dict.fromkeys(ids)
        if (a := session.get(Article, article_id)) and _names_all(session, a, names)
    ][:articles]


def _story_asked_about(found: Sequence[Article], reading: Reading) -> int | None:
    # "What was agreed?" alone names no story; with words of its own ("...at COP29?") the
    # story of the closest article is the one meant.
    if not reading.topic:
        return None
    return next((a.story_id for a in found if a.story_id is not None), None)


def _load_story(session: Session, story_id: int) -> _Story:
    articles = story_articles(session, story_id)
    sentences = [s for a in articles for s in body_sentences(a)]
    return _Story(story_id, articles, sentences, sentence_vectors(session, sentences))


def _story_answer(
    session: Session, question: str, reading: Reading, asked: np.ndarray, told: _Story
) -> Answer | None:
    """The answer from the story's own summary, key points, quotes, timeline or coverage;
    None when that part of the story holds nothing for it (the closest sentences then)."""
    if not told.sentences:
        return None
    if reading.intent == "happened":
        return _happened(question, reading, asked, told)
    if reading.intent == "agreed":
        return _agreed(question, reading, asked, told)
    if reading.intent == "said":
        return _who_said_what(session, question, reading, asked, told)
    if reading.intent == "when":
        return _when(session, question, reading, asked, told)
    if reading.intent == "disagree":
        return _disagreements(session, question, reading, told)
    return None


def _happened(question: str, reading: Reading, asked: np.ndarray, told: _Story) -> Answer:
    # The summary's lead, then the facts most outlets report (the key points), then the
    # rest of the summary.
    candidates, vectors = told.independent()
    by_text = {s.text: s for s in candidates}
    summary = summarize_story(candidates, vectors)
    points = [by_text[p.text] for p in key_points(candidates, vectors) if p.text in by_text]
    chosen: list[CitedSentence] = []
    for sentence in summary[:1] + points + summary[1:]:
        if sentence not in chosen:
            chosen.append(sentence)
    rows = [told.row_of(s.article_id, s.sentence_index, s.start) for s in chosen]
    return _found(
        question,
        reading,
        told.id,
        [
            _sentence(s, _cosine(told, r, asked))
            for s, r in zip(chosen[:ANSWER_SENTENCES], rows, strict=False)
        ],
    )


def _agreed(question: str, reading: Reading, asked: np.ndarray, told: _Story) -> Answer | None:
    candidates, vectors = told.independent()
    points = {p.text for p in key_points(candidates, vectors)}
    rows = [i for i, s in enumerate(candidates) if reports_agreement(s.text)]
    if not rows:
        return None
    ranked = rank_by_question(
        asked,
        [candidates[i] for i in rows],
        vectors[rows],
        topic=reading.topic,
        boost=[_KEY_POINT_BONUS * (candidates[i].text in points) for i in rows],
    )
    return _found(question, reading, told.id, [_sentence(s, score) for s, score in ranked])


def _who_said_what(
    session: Session, question: str, reading: Reading, asked: np.ndarray, told: _Story
) -> Answer:
    spoken = _spoken(told, story_quotes(session, told.articles))
    spoken = [(row, quote) for row, quote in spoken if quote.speaker]
    if not spoken:
        return _none(question, reading, NO_QUOTES, told.id)
    by_speaker: dict[str, list[tuple[int, StoryQuote]]] = {}
    for row, quote in spoken:
        by_speaker.setdefault(_speaker_key(quote), []).append((row, quote))
    if reading.topic:
        # "Who said Europe would pay?": the words closest to what is asked, whoever said them.
        groups = [spoken]
    else:
        # "Who said what?": the most quoted speakers, each by the remark closest to the story.
        groups = sorted(by_speaker.values(), key=len, reverse=True)[:ANSWER_SENTENCES]
    reported = _reported_by(spoken)
    chosen: list[AnswerSentence] = []
    for group in groups:
        rows = [row for row, _ in group]
        ranked = rank_by_question(
            asked,
            [told.sentences[r] for r in rows],
            told.vectors[rows],
            topic=reading.topic,
            boost=[_DIRECT_BONUS * (q.kind == "direct") + reported[_said(q)] for _, q in group],
            keys=[_said(q) for _, q in group],
            limit=ANSWER_SENTENCES if reading.topic else 1,
        )
        speakers = {told.sentences[r].text: q.speaker for r, q in group}
        chosen += [_sentence(s, score, speaker=speakers[s.text]) for s, score in ranked]
    return _found(question, reading, told.id, chosen[:ANSWER_SENTENCES])


def _when(
    session: Session, question: str, reading: Reading, asked: np.ndarray, told: _Story
) -> Answer | None:
    entries = story_timeline(story_events(session, told.articles))
    candidates: list[CitedSentence] = []
    rows: list[int] = []
    dates: dict[str, str] = {}
    boost: list[float] = []
    reported = [a.published_at for a in told.articles if a.published_at is not None]
    topic = reading.topic
    if not any(topic & content_words(entry.sentence) for entry in entries):
        # "When did it happen?": no words of its own to look for, the story's own date.
        topic = frozenset()
    for entry in entries:
        if topic and not topic & content_words(entry.sentence):
            continue
        first = entry.citations[0]
        row = told.row_of(first.article_id, first.sentence_index)
        if row is None:
            continue
        candidates.append(told.sentences[row])
        rows.append(row)
        dates[told.sentences[row].text] = (
            f"{entry.date} – {entry.date_end}" if entry.date_end else entry.date
        )
        # The event most outlets date, days before they report it, is the story's own; the
        # rest (a span of years, "the war began on October 7, 2023") is background.
        # A question asking for background ("when had it last raised rates before 2024?")
        # is answered by the words and the meaning alone.
        if asks_background(question):
            boost.append(0.0)
        else:
            boost.append(0.1 * len(entry.citations) + 0.3 * _near(entry.date, reported))
    if not candidates:
        return None
    ranked = rank_by_question(
        asked, candidates, told.vectors[rows], topic=topic, boost=boost, limit=1
    )
    return _found(
        question,
        reading,
        told.id,
        [_sentence(s, score, date=dates[s.text]) for s, score in ranked],
    )


def _near(iso: str, reported: Sequence[datetime]) -> bool:
    """Whether a date (a day) falls within the week before the story's reports, or among them."""
    if len(iso) != 10 or not reported:
        return False
    day = date.fromisoformat(iso)
    return min(reported).date() - timedelta(days=7) <= day <= max(reported).date()


def _disagreements(session: Session, question: str, reading: Reading, told: _Story) -> Answer:
    coverage = story_coverage(session, told.articles, told.sentences, told.vectors)
    chosen = []
    for dispute in coverage.disagreements[:ANSWER_SENTENCES]:
        for side in dispute.sides:
            row = told.row_of(side.citation.article_id, side.citation.sentence_index)
            if row is None:
                continue
            chosen.append(
                _sentence(told.sentences[row], 1.0, about=f"{dispute.about}: {side.value}")
            )
    if not chosen:
        return _none(question, reading, NO_DISAGREEMENT, told.id)
    return _found(question, reading, told.id, chosen)


def _speaker_answer(
    session: Session,
    question: str,
    reading: Reading,
    asked: np.ndarray,
    story: int | None,
    found: Sequence[Article],
) -> Answer:
    """What one person said (about what the question names, or on the occasion it names),
    from their quotes and the reported speech attributed to them."""
    if story is None and not reading.topic:
        occasion = _occasion(reading, found)
        if occasion is not None:
            given = _speaker_answer(session, question, reading, asked, occasion, found)
            if given.found:
                return given
    return _speaker_words(session, question, reading, asked, story, found)


def _occasion(reading: Reading, found: Sequence[Article]) -> int | None:
    # "What did Lavrov say in Wonsan?" asks about one occasion: the story of the closest
    # article that names the place.
    return next(
        (
            a.story_id
            for a in found
            if a.story_id is not None
            and (not reading.setting or reading.setting & content_words(a.title + " " + a.text))
        ),
        None,
    )


def _speaker_words(
    session: Session,
    question: str,
    reading: Reading,
    asked: np.ndarray,
    story: int | None,
    found: Sequence[Article],
) -> Answer:
    """The speaker's words in one story's articles, or in the articles found."""
    speaker = reading.speaker or ""
    known = {entity.id for entity, _ in find_entities(session, speaker)}
    pool = story_articles(session, story) if story is not None else list(found)
    if not pool:
        return _none(question, reading, NO_ANSWER)
    sentences = [s for a in pool for s in body_sentences(a)]
    told = _Story(story or 0, pool, sentences, sentence_vectors(session, sentences))
    wanted = normalise_name(speaker)
    theirs = [
        (row, quote)
        for row, quote in _spoken(told, story_quotes(session, pool))
        if (
            (quote.speaker_id is not None and quote.speaker_id in known)
            or (quote.speaker and wanted in normalise_name(quote.speaker))
        )
        and not says_nothing(sentences[row].text)
    ]
    if not theirs:
        return _none(question, reading, NO_QUOTES, story)
    rows = [row for row, _ in theirs]
    # Without words to look for, the remarks closest to what the story is about lead: a
    # sentence close to the question only for naming the place comes after.
    centre = told.vectors.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-9)
    central = told.vectors[rows] @ centre
    ranked = rank_by_question(
        asked,
        [sentences[r] for r in rows],
        told.vectors[rows],
        topic=reading.topic,
        boost=[
            _DIRECT_BONUS * (q.kind == "direct")
            + (0.0 if reading.topic else _LOOSE_CLOSENESS * float(central[i]))
            for i, (_, q) in enumerate(theirs)
        ],
        keys=[_said(q) for _, q in theirs],
        closeness=1.0 if reading.topic else _LOOSE_CLOSENESS,
    )
    names = {sentences[r].text: q.speaker for r, q in theirs}
    return _found(
        question,
        reading,
        story,
        [_sentence(s, score, speaker=names[s.text]) for s, score in ranked],
    )


def _spoken(told: _Story, quotes: Sequence[StoryQuote]) -> list[tuple[int, StoryQuote]]:
    """Each quote with the row of the body sentence that holds it, one per sentence."""
    seen: set[int] = set()
    found = []
    for quote in quotes:
        row = told.row_of(quote.quote.article_id, quote.quote.sentence_index, quote.quote.start)
        if row is None or row in seen:
            continue
        seen.add(row)
        found.append((row, quote))
    return found


def _said(quote: StoryQuote) -> str:
    return " ".join(quote.quote.text.lower().split())


def _reported_by(spoken: Sequence[tuple[int, StoryQuote]]) -> dict[str, float]:
    """A bonus per remark for each further telling that reports it: what most outlets
    carry of someone's words is what they said, a detail one outlet adds comes after."""
    tellings: dict[str, set[int]] = {}
    for _, quote in spoken:
        tellings.setdefault(_said(quote), set()).add(quote.quote.copy_of or quote.quote.article_id)
    return {key: min(_REPORTED_BONUS * (len(t) - 1), 0.3) for key, t in tellings.items()}


def _speaker_key(quote: StoryQuote) -> str:
    return str(quote.speaker_id) if quote.speaker_id is not None else (quote.speaker or "")


def _facts_answer(
    session: Session, question: str, asked: np.ndarray, found: Sequence[Article], floor: float
) -> Answer:
    """The sentences closest in meaning to the question that share a word with it."""
    candidates = [s for article in found for s in body_sentences(article)]
    picked = None
    if candidates:
        vectors = sentence_vectors(session, candidates)
        picked = pick_answer(question, asked, candidates, vectors, min_similarity=floor)
    reading = Reading("facts", frozenset())
    if picked is None or not picked.found:
        return _none(question, reading, NO_ANSWER)
    story_ids = {a.story_id for a in found if a.id == picked.sentences[0].article_id}
    return _found(
        question,
        reading,
        next(iter(story_ids), None),
        [
            _sentence(s, float(score))
            for s, score in zip(picked.sentences, picked.scores, strict=True)
        ],
    )


def _cosine(told: _Story, row: int | None, asked: np.ndarray) -> float:
    return round(float(told.vectors[row] @ asked), 3) if row is not None else 0.0


def _sentence(sentence: CitedSentence, score: float, **extra: str | None) -> AnswerSentence:
    return AnswerSentence(**dict(sentence_record(sentence)), score=float(score), **extra)


def _found(
    question: str, reading: Reading, story_id: int | None, sentences: list[AnswerSentence]
) -> Answer:
    if not sentences:
        return _none(question, reading, NO_ANSWER, story_id)
    return Answer(
        question=question,
        found=True,
        answer=sentences,
        message=None,
        kind=reading.intent,
        story_id=story_id,
    )


def _none(question: str, reading: Reading, message: str, story_id: int | None = None) -> Answer:
    return Answer(
        question=question,
        found=False,
        answer=[],
        message=message,
        kind=reading.intent,
        story_id=story_id,
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
