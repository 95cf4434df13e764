"""Loading what present/ needs from the store, and its results as JSON for the CLI and web.

Sentences come from the stored sentence spans over `enrichment_text(title, text)`; dated
events from Event rows; who's who from mentions and entity roles; related candidates
from the article's story, its thread, and the nearest embeddings within a time window.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from newsdesk.enrich import enrichment_text
from newsdesk.enrich.embed import embed_texts, from_bytes, headline_and_lead
from newsdesk.group.dedupe import credit_line
from newsdesk.present.related import RelatedCandidate, RelatedItem, related, relative_time
from newsdesk.present.summarize import (
    Citation,
    CitedSentence,
    EntityInStory,
    key_points,
    summarize_article,
    summarize_story,
    whos_who,
)
from newsdesk.present.timeline import DatedSentence, story_timeline
from newsdesk.store.models import Article, Entity, Event, Mention, Story
from newsdesk.store.sentence_vectors import sentence_vectors

# Related articles outside the story and thread are looked for this far either side.
RELATED_WINDOW = timedelta(days=30)
# How many articles of that window are compared by vector at most.
RELATED_NEAREST = 2000
LEAD_CHARS = 240
# A summary sentence has a few words and ends like a sentence; bylines ("Herald wire
# desk"), datelines and captions left in the body do neither.
MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")
_PARAGRAPH = re.compile(r"\n\s*\n")


def outlet_of(article: Article) -> str | None:
    """The outlet's name, when the article has one."""
    return article.source.name if article.source else None


def telling_of(article: Article) -> int:
    """The canonical article of the article's syndicated-copy group (itself without copies)."""
    return article.duplicate_of_id or article.id


def body_sentences(article: Article, *, all_pieces: bool = False) -> list[CitedSentence]:
    """The article's body sentences, headline left out, cited; bylines and fragments skipped
    unless `all_pieces`. Stored sentences that run across a paragraph break are split there.
    """
    text = enrichment_text(article.title, article.text)
    headline_end = len(article.title) if article.title.strip() else 0
    outlet = outlet_of(article)
    credit = credit_line(article.wire_service, outlet)
    found = []
    for index, (start, end) in enumerate(article.sentences or []):
        for piece_start, piece_end in _pieces(text, start, end):
            if piece_end <= headline_end:
                continue
            piece = text[piece_start:piece_end]
            if not all_pieces and not _is_sentence(piece):
                continue
            found.append(
                CitedSentence(
                    text=piece,
                    article_id=article.id,
                    outlet=outlet,
                    published=article.published_at,
                    sentence_index=index,
                    start=piece_start,
                    end=piece_end,
                    copy_of=telling_of(article),
                    credit=credit,
                )
            )
    return found


def story_articles(session: Session, story_id: int) -> list[Article]:
    """The full (non-stub) articles of a story, earliest published first."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.story_id == story_id, Article.is_stub.is_(False))
            .order_by(Article.published_at.asc().nulls_last(), Article.id)
        )
    )


def story_events(session: Session, articles: Sequence[Article]) -> list[DatedSentence]:
    """The resolved dated events of the articles, each with the sentence it was read in."""
    by_id = {a.id: a for a in articles}
    if not by_id:
        return []
    events = session.scalars(
        select(Event)
        .where(Event.article_id.in_(list(by_id)), Event.date.is_not(None))
        .order_by(Event.article_id, Event.start)
    )
    dated = []
    for event in events:
        article = by_id[event.article_id]
        sentence = _sentence_around(article, event.sentence, event.start)
        if not sentence:
            continue
        outlet = outlet_of(article)
        dated.append(
            DatedSentence(
                date=event.date or "",
                precision=event.precision,
                sentence=sentence,
                article_id=article.id,
                outlet=outlet,
                published=article.published_at,
                sentence_index=event.sentence,
                expression=event.expression,
                date_end=event.date_end,
                credit=credit_line(article.wire_service, outlet),
            )
        )
    return dated


def story_entities(session: Session, articles: Sequence[Article]) -> list[EntityInStory]:
    """Entities named in the articles, with mention and article counts and known roles."""
    ids = [a.id for a in articles]
    if not ids:
        return []
    rows = session.execute(
        select(Mention.entity_id, Mention.article_id, Mention.text).where(
            Mention.article_id.in_(ids), Mention.entity_id.is_not(None)
        )
    ).all()
    mentions: Counter[int] = Counter()
    in_articles: dict[int, set[int]] = {}
    forms: dict[int, dict[str, None]] = {}
    for entity_id, article_id, text in rows:
        mentions[entity_id] += 1
        in_articles.setdefault(entity_id, set()).add(article_id)
        forms.setdefault(entity_id, {})[text] = None
    entities = session.scalars(
        select(Entity).where(Entity.id.in_(list(mentions))).options(selectinload(Entity.roles))
    )
    return [
        EntityInStory(
            entity_id=entity.id,
            name=entity.name,
            label=entity.label,
            mentions=mentions[entity.id],
            articles=len(in_articles[entity.id]),
            roles=tuple((r.role, r.first_seen) for r in entity.roles),
            surface_forms=tuple(forms[entity.id]),
        )
        for entity in entities
    ]


def story_record(
    session: Session, story_id: int, now: datetime, *, embed: bool = True
) -> dict[str, object] | None:
    """A story as JSON: summary, key points, who's who, timeline, coverage comparison and
    its articles, each with a summary of its own; None when there is no such story.

    With `embed`, sentences are compared by embedding; without, by TF-IDF.
    """
    from newsdesk.store.coverage import coverage_json, story_coverage

    story = session.get(Story, story_id)
    if story is None:
        return None
    articles = story_articles(session, story_id)
    per_article = [body_sentences(a) for a in articles]
    every = [s for sentences in per_article for s in sentences]
    vectors = sentence_vectors(session, every) if embed and every else None
    # The story is told from its independent tellings: a syndicated copy repeats the wire
    # text, and what its outlet added (a local angle, a byline) is not the story's.
    independent = [i for i, s in enumerate(every) if s.copy_of == s.article_id]
    candidates = [every[i] for i in independent]
    story_vectors = None if vectors is None else vectors[independent]
    article_rows = []
    first = 0
    for article, sentences in zip(articles, per_article, strict=True):
        own = None if vectors is None else vectors[first : first + len(sentences)]
        first += len(sentences)
        outlet = outlet_of(article)
        article_rows.append(
            {
                "id": article.id,
                "outlet": outlet,
                "credit": credit_line(article.wire_service, outlet),
                "title": article.title,
                "url": article.url,
                "published": article.published_at,
                "relative_time": relative_time(article.published_at, now),
                "duplicate_of_id": article.duplicate_of_id,
                "summary": [sentence_json(s) for s in summarize_article(sentences, own)],
            }
        )
    as_of = story.last_seen + timedelta(days=1) if story.last_seen else None
    return {
        "id": story.id,
        "title": story.title,
        "thread_id": story.thread_id,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "outlets": sorted({o for a in articles if (o := outlet_of(a))}),
        "summary": [sentence_json(s) for s in summarize_story(candidates, story_vectors)],
        "key_points": [
            {"text": p.text, "citations": [citation_json(c) for c in p.citations]}
            for p in key_points(candidates, story_vectors)
        ],
        "whos_who": [
            {
                "entity_id": w.entity_id,
                "name": w.name,
                "type": w.label,
                "role": w.role,
                "roles": list(w.roles),
                "mentions": w.mentions,
                "articles": w.articles,
                "surface_forms": list(w.surface_forms),
            }
            for w in whos_who(story_entities(session, articles), as_of=as_of)
        ],
        "timeline": [
            {
                "date": t.date,
                "date_end": t.date_end,
                "precision": t.precision,
                "sentence": t.sentence,
                "citations": [citation_json(c) for c in t.citations],
            }
            for t in story_timeline(story_events(session, articles))
        ],
        "coverage": coverage_json(story_coverage(session, articles, every, vectors)),
        "articles": article_rows,
    }


def article_summary_record(
    session: Session, article: Article, *, embed: bool = True
) -> list[dict[str, object]]:
    """An article's extractive summary (up to 3 sentences) as JSON, for `show` and the web."""
    sentences = body_sentences(article)
    vectors = sentence_vectors(session, sentences) if embed and sentences else None
    return [sentence_json(s) for s in summarize_article(sentences, vectors)]


def related_records(
    session: Session, article_id: int, now: datetime, *, limit: int = 10
) -> list[dict[str, object]] | None:
    """Articles related to one, ranked, as JSON; None when there is no such article.

    A teaser stub linked to its full article is answered for the full article.
    """
    target = session.get(Article, article_id)
    if target is None:
        return None
    base = target
    if target.is_stub and target.duplicate_of_id:
        base = session.get(Article, target.duplicate_of_id) or target
    rows = _related_rows(session, base)
    candidates = _related_candidates(session, rows)
    me = next(c for c in candidates if c.id == base.id)
    items = related(me, [c for c in candidates if c.id != target.id], now, limit=limit)
    # Leads are read only for what is shown: reading one means splitting its sentences.
    by_id = {a.id: a for a in rows}
    return [related_json(replace(item, lead=_lead(by_id[item.id]))) for item in items]


def sentence_json(sentence: CitedSentence) -> dict[str, object]:
    """A cited sentence as JSON: text, its article, outlet and credit, sentence and span."""
    return {
        "text": sentence.text,
        "article_id": sentence.article_id,
        "outlet": sentence.outlet,
        "credit": sentence.credit,
        "published": sentence.published,
        "sentence": sentence.sentence_index,
        "span": [sentence.start, sentence.end],
    }


def citation_json(citation: Citation) -> dict[str, object]:
    """A citation as JSON."""
    return {
        "article_id": citation.article_id,
        "outlet": citation.outlet,
        "credit": citation.credit,
        "published": citation.published,
        "sentence": citation.sentence_index,
    }


def related_json(item: RelatedItem) -> dict[str, object]:
    """A related article as JSON."""
    return {
        "id": item.id,
        "outlet": item.outlet,
        "title": item.title,
        "lead": item.lead,
        "url": item.url,
        "published": item.published,
        "relative_time": item.relative_time,
        "reason": item.reason,
        "similarity": item.similarity,
        "is_stub": item.is_stub,
        "also_published_by": list(item.also_published_by),
    }


def _related_rows(session: Session, base: Article) -> list[Article]:
    found: dict[int, Article] = {base.id: base}
    story = session.get(Story, base.story_id) if base.story_id else None
    if story is not None:
        stories = select(Story.id).where(Story.thread_id == story.thread_id)
        if story.thread_id is None:
            stories = select(Story.id).where(Story.id == story.id)
        _add(found, session.scalars(select(Article).where(Article.story_id.in_(stories))))
    if base.published_at is not None:
        window = select(Article).where(
            Article.published_at.between(
                base.published_at - RELATED_WINDOW, base.published_at + RELATED_WINDOW
            ),
            Article.duplicate_of_id.is_(None) | Article.is_stub.is_(False),
        )
        nearest = window.order_by(Article.published_at.desc()).limit(RELATED_NEAREST)
        _add(found, session.scalars(nearest))
    # A linked stub is stood for by its full article, already among the rows if related.
    return [a for a in found.values() if a is base or not (a.is_stub and a.duplicate_of_id)]


def _add(found: dict[int, Article], articles: Iterable[Article]) -> None:
    for article in articles:
        found.setdefault(article.id, article)


def _related_candidates(session: Session, rows: Sequence[Article]) -> list[RelatedCandidate]:
    story_ids = {a.story_id for a in rows if a.story_id}
    threads = dict(
        session.execute(select(Story.id, Story.thread_id).where(Story.id.in_(story_ids))).all()
    )
    # Stubs carry no stored embedding: theirs is computed here, from headline and teaser.
    missing = [a for a in rows if not a.embedding]
    computed = embed_texts([headline_and_lead(a.title, a.text) for a in missing])
    vectors = {a.id: v for a, v in zip(missing, computed, strict=True)}
    return [
        RelatedCandidate(
            id=a.id,
            outlet=outlet_of(a),
            title=a.title,
            lead="",
            published=a.published_at,
            telling=telling_of(a),
            story_id=a.story_id,
            thread_id=threads.get(a.story_id) if a.story_id else None,
            vector=from_bytes(a.embedding) if a.embedding else vectors[a.id],
            is_stub=a.is_stub,
            url=a.url,
        )
        for a in rows
    ]


def _lead(article: Article) -> str:
    sentences = body_sentences(article)
    if sentences:
        return sentences[0].text
    text = " ".join(article.text.split())
    return text if len(text) <= LEAD_CHARS else text[:LEAD_CHARS].rsplit(" ", 1)[0] + "…"


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for brk in _PARAGRAPH.finditer(text, start, end):
        pieces.append((cursor, brk.start()))
        cursor = brk.end()
    pieces.append((cursor, end))
    trimmed = []
    for a, b in pieces:
        chunk = text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip())
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _is_sentence(piece: str) -> bool:
    return len(piece.split()) >= MIN_WORDS and bool(_SENTENCE_END.search(piece))


def _sentence_around(article: Article, index: int, offset: int) -> str | None:
    spans = article.sentences or []
    if not 0 <= index < len(spans):
        return None
    text = enrichment_text(article.title, article.text)
    start, end = spans[index]
    pieces = _pieces(text, start, end)
    for a, b in pieces:
        if a <= offset < b:
            return text[a:b]
    return text[pieces[0][0] : pieces[-1][1]] if pieces else None


def answer_record(
    session: Session,
    question: str,
    *,
    articles: int = 8,
    min_similarity: float | None = None,
    story: int | None = None,
) -> dict[str, object]:
    """An extractive, cited answer to a question as JSON, or a plain "no answer" when the
    articles that search retrieves (of one `story`, if given) hold no sentence close enough
    to it (`min_similarity`, by default the one `present.ask` sets)."""
    from newsdesk.present.ask import MIN_SIMILARITY, pick_answer, question_names
    from newsdesk.store.search import search

    hits = search(session, question, limit=articles, story=story).hits
    if not hits:
        # Every word must match in full text; meaning alone may still find the articles.
        hits = search(session, question, limit=articles, mode="semantic", story=story).hits
    # An answer must come from articles naming what the question names: a question about
    # the Bank of England is not answered from articles about the Bank of Japan.
    names = question_names(question)
    found = [
        a for hit in hits if (a := session.get(Article, hit.id)) and _names_all(session, a, names)
    ]
    candidates = [s for article in found for s in body_sentences(article)]
    answer = None
    if candidates:
        asked = embed_texts([question])[0]
        floor = MIN_SIMILARITY if min_similarity is None else min_similarity
        vectors = sentence_vectors(session, candidates)
        answer = pick_answer(question, asked, candidates, vectors, min_similarity=floor)
    if answer is None or not answer.found:
        return {
            "question": question,
            "found": False,
            "answer": [],
            "message": "Nothing in the stored articles answers this.",
        }
    return {
        "question": question,
        "found": True,
        "answer": [
            {**sentence_json(sentence), "score": score}
            for sentence, score in zip(answer.sentences, answer.scores, strict=True)
        ],
        "message": None,
    }


def _names_all(session: Session, article: Article, names: Sequence[str]) -> bool:
    """Whether the article names each of `names`, as written or as any known spelling."""
    from newsdesk.enrich.names import normalise_name
    from newsdesk.store.enrichment import find_entities

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
