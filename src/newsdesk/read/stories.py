"""Stories as readers see them: the list, one story's cited summary, key points, who's who,
timeline, coverage and articles, its quotes by speaker and its thread."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from newsdesk.config import Settings
from newsdesk.enrich.entities import LABEL_FAMILY, one_line
from newsdesk.enrich.labels import reader_type
from newsdesk.errors import NotFound
from newsdesk.group.dedupe import credit_line
from newsdesk.present.confidence import Evidence, entity_confidence
from newsdesk.present.related import relative_time
from newsdesk.present.summarize import (
    EntityInStory,
    key_points,
    summarize_article,
    summarize_story,
    whos_who,
)
from newsdesk.present.timeline import DatedSentence, story_timeline
from newsdesk.read.coverage import coverage_record_of, story_coverage
from newsdesk.read.records import (
    Abstract,
    CoverageRecord,
    FoldedArticle,
    KeyPoint,
    SaidQuote,
    SpeakerQuotes,
    StoryArticle,
    StoryRow,
    StoryView,
    ThreadStory,
    TimelineEntry,
    WhoRecord,
)
from newsdesk.read.sentence_vectors import sentence_vectors
from newsdesk.read.sentences import (
    body_sentences,
    citation_record,
    outlet_of,
    sentence_around,
    sentence_record,
)
from newsdesk.read.translations import translation_of
from newsdesk.store.models import Article, Entity, Event, Mention, Outlet, Quote, Story


def story_view(
    session: Session, story_id: int, now: datetime, settings: Settings, *, embed: bool = True
) -> StoryView:
    """A story: summary, key points, who's who, timeline, coverage comparison, its articles
    (each with a summary of its own), quotes by speaker and thread; with a model configured
    (`settings.llm_url`), a model-written summary too. NotFound when there is no such story.

    With `embed`, sentences are compared by embedding; without, by TF-IDF.
    """
    story = session.get(Story, story_id)
    if story is None:
        raise NotFound(f"There is no story {story_id}.")
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
            StoryArticle(
                id=article.id,
                outlet=outlet,
                credit=credit_line(article.wire_service, outlet),
                title=article.title,
                url=article.url,
                published=article.published_at,
                relative_time=relative_time(article.published_at, now),
                duplicate_of_id=article.duplicate_of_id,
                summary=[sentence_record(s) for s in summarize_article(sentences, own)],
                language=article.language,
                translation=translation_of(article, settings),
            )
        )
    as_of = story.last_seen + timedelta(days=1) if story.last_seen else None
    headlines = {a.id: a.title for a in articles}
    summary = [sentence_record(s) for s in summarize_story(candidates, story_vectors)]
    abstract = None
    if settings.llm_url:
        from newsdesk.llm import abstractive_summary

        abstract = Abstract.model_validate(
            abstractive_summary(settings, [s.model_dump(mode="json") for s in summary])
        )
    return StoryView(
        id=story.id,
        title=story.title,
        thread_id=story.thread_id,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
        outlets=sorted({o for a in articles if (o := outlet_of(a))}),
        summary=summary,
        key_points=[
            KeyPoint(text=p.text, citations=[citation_record(c, headlines) for c in p.citations])
            for p in key_points(candidates, story_vectors)
        ],
        whos_who=[
            WhoRecord(
                entity_id=w.entity_id,
                name=w.name,
                type=w.label,
                kind=reader_type(w.label),
                role=w.role,
                roles=list(w.roles),
                mentions=w.mentions,
                articles=w.articles,
                surface_forms=list(w.surface_forms),
                confidence=w.confidence,
            )
            for w in whos_who(
                story_entities(session, articles),
                as_of=as_of,
                min_confidence=settings.reading.whos_who_confidence,
            )
        ],
        timeline=timeline_of(
            story_events(session, articles), headlines, settings.reading.timeline_confidence
        ),
        coverage=coverage_record_of(story_coverage(session, articles, every, vectors), headlines),
        articles=article_rows,
        quotes=quotes_by_speaker(
            session, [a.id for a in articles], floor=settings.reading.quote_confidence
        ),
        thread=thread_stories(session, story.thread_id),
        abstract=abstract,
    )


def story_articles(session: Session, story_id: int) -> list[Article]:
    """The full (non-stub) articles of a story, earliest published first."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.story_id == story_id, Article.is_stub.is_(False))
            .order_by(Article.published_at.asc().nulls_last(), Article.id)
        )
    )


def timeline_of(
    events: Sequence[DatedSentence], headlines: Mapping[int, str], min_confidence: float
) -> list[TimelineEntry]:
    """Dated events as a timeline to show (present.timeline's, at `min_confidence`), each
    entry citing its articles by headline."""
    return [
        TimelineEntry(
            date=t.date,
            date_end=t.date_end,
            precision=t.precision,
            sentence=t.sentence,
            citations=[citation_record(c, headlines) for c in t.citations],
        )
        for t in story_timeline(events, min_confidence=min_confidence)
    ]


def story_events(
    session: Session, articles: Sequence[Article], *, naming: int | None = None
) -> list[DatedSentence]:
    """The resolved dated events of the articles, each with the sentence it was read in;
    with `naming`, only the events of that entity."""
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
        if naming is not None and naming not in (event.entity_ids or ()):
            continue
        article = by_id[event.article_id]
        sentence = sentence_around(article, event.sentence, event.start)
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
                # Events stored before confidences were kept are shown as before.
                confidence=1.0 if event.confidence is None else event.confidence,
            )
        )
    return dated


def story_entities(session: Session, articles: Sequence[Article]) -> list[EntityInStory]:
    """Entities named in the articles, with mention and article counts, known roles, and
    how sure the story makes newsdesk of each (`present.confidence`): the story's vote on
    the kind of each of its names counts every mention, those of no entity included (a
    "Patriot" tagged a product elsewhere in the story)."""
    ids = [a.id for a in articles]
    if not ids:
        return []
    # A mention resolved to an entity votes for the entity's kind (the article's reading
    # of "Lavrov" tagged ORG is the person); one of no entity for its own label.
    rows = session.execute(
        select(
            Mention.entity_id,
            Mention.article_id,
            Mention.text,
            func.coalesce(Entity.label, Mention.label),
        )
        .outerjoin(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id.in_(ids))
    ).all()
    mentions: Counter[int] = Counter()
    in_articles: dict[int, set[int]] = {}
    forms: dict[int, dict[str, None]] = {}
    # Every label the story's mentions of a name carry: its vote on what the name is.
    votes: dict[str, Counter[str]] = {}
    for entity_id, article_id, text, label in rows:
        votes.setdefault(one_line(text), Counter())[_family(label)] += 1
        if entity_id is None:
            continue
        mentions[entity_id] += 1
        in_articles.setdefault(entity_id, set()).add(article_id)
        forms.setdefault(entity_id, {})[text] = None
    if not mentions:
        return []
    entities = session.scalars(
        select(Entity).where(Entity.id.in_(list(mentions))).options(selectinload(Entity.roles))
    )
    found = []
    for entity in entities:
        family = _family(entity.label)
        named = {one_line(t) for t in forms[entity.id]}
        evidence = Evidence(
            label=entity.label,
            name=entity.name,
            mentions=mentions[entity.id],
            articles=len(in_articles[entity.id]),
            agreeing=sum(votes[f][family] for f in named),
            written=sum(votes[f].total() for f in named),
            described=bool(entity.roles),
        )
        found.append(
            EntityInStory(
                entity_id=entity.id,
                name=entity.name,
                label=entity.label,
                mentions=mentions[entity.id],
                articles=len(in_articles[entity.id]),
                roles=tuple((r.role, r.first_seen) for r in entity.roles),
                surface_forms=tuple(forms[entity.id]),
                confidence=entity_confidence(evidence),
            )
        )
    return found


def _family(label: str) -> str:
    return LABEL_FAMILY.get(label, label)


def story_rows(session: Session, *, limit: int | None = None) -> list[StoryRow]:
    """Stories, latest first: title, size, how many outlets, first and last seen, thread."""
    query = select(Story).order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
    if limit is not None:
        query = query.limit(limit)
    stories = list(session.scalars(query))
    outlets: dict[int, set[int]] = {}
    if stories:
        rows = session.execute(
            select(Article.story_id, Article.outlet_id).where(
                Article.story_id.in_([s.id for s in stories]), Article.outlet_id.is_not(None)
            )
        ).all()
        for story_id, outlet_id in rows:
            outlets.setdefault(story_id, set()).add(outlet_id)
    return [
        StoryRow(
            id=story.id,
            title=story.title,
            articles=story.size,
            outlets=len(outlets.get(story.id, ())),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            thread_id=story.thread_id,
        )
        for story in stories
    ]


def thread_stories(session: Session, thread_id: int | None) -> list[ThreadStory]:
    """The stories of a thread, earliest first (empty for no thread)."""
    if thread_id is None:
        return []
    stories = session.scalars(
        select(Story)
        .where(Story.thread_id == thread_id)
        .order_by(Story.first_seen.asc().nulls_last(), Story.id)
    )
    return [
        ThreadStory(
            id=s.id, title=s.title, first_seen=s.first_seen, last_seen=s.last_seen, articles=s.size
        )
        for s in stories
    ]


def group_by_outlet(articles: Sequence[StoryArticle]) -> dict[str, list[FoldedArticle]]:
    """A story's articles grouped by outlet, each syndicated copy folded under its
    canonical article; outlets in order of first report."""
    by_id = {row.id for row in articles}
    canonical: list[StoryArticle] = []
    copies: dict[int, list[StoryArticle]] = {}
    for row in articles:
        head = row.duplicate_of_id
        if head is not None and head in by_id:
            copies.setdefault(head, []).append(row)
        else:
            canonical.append(row)
    grouped: dict[str, list[FoldedArticle]] = {}
    for row in canonical:
        folded = FoldedArticle(**dict(row), copies=copies.get(row.id, []))
        grouped.setdefault(row.outlet or "Unknown outlet", []).append(folded)
    return grouped


def quotes_by_speaker(
    session: Session, article_ids: Sequence[int], *, floor: float
) -> list[SpeakerQuotes]:
    """The quotes of these articles grouped by speaker (most quoted first); a quote repeated
    by syndicated copies appears once, citing the first article that carried it. A quote
    whose speaker was found less surely than `floor` is left out: better missing than
    put in the wrong mouth (quotes nobody was found for stay, as "Unattributed")."""
    if not article_ids:
        return []
    rows = session.execute(
        select(Quote, Article.id, Article.published_at, Outlet.name)
        .add_columns(Article.title, Article.wire_service)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Quote.article_id.in_(list(article_ids)))
        .order_by(Article.published_at.asc().nulls_last(), Quote.start)
    )
    speakers: dict[str, tuple[int | None, list[SaidQuote]]] = {}
    seen: set[str] = set()
    for quote, article_id, published, outlet, headline, wire_service in rows:
        attributed = quote.speaker_id is not None or quote.speaker_text
        if attributed and quote.confidence < floor:
            continue
        key = " ".join(quote.text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        name = quote.speaker.name if quote.speaker else quote.speaker_text or "Unattributed"
        _, said = speakers.setdefault(name, (quote.speaker_id, []))
        said.append(
            SaidQuote(
                text=quote.text,
                kind=quote.kind,
                attribution=quote.attribution,
                confidence=quote.confidence,
                article_id=article_id,
                outlet=outlet,
                published=published,
                headline=headline,
                credit=credit_line(wire_service, outlet),
            )
        )
    found = [SpeakerQuotes(speaker=n, speaker_id=i, quotes=q) for n, (i, q) in speakers.items()]
    return sorted(found, key=lambda s: (s.speaker == "Unattributed", -len(s.quotes)))


def coverage_record(
    session: Session, story_id: int, *, embed: bool = True
) -> CoverageRecord | None:
    """A story's coverage comparison; None when the story has no full articles."""
    articles = story_articles(session, story_id)
    if not articles:
        return None
    sentences = [s for a in articles for s in body_sentences(a)]
    vectors = sentence_vectors(session, sentences) if embed and sentences else None
    return coverage_record_of(
        story_coverage(session, articles, sentences, vectors), {a.id: a.title for a in articles}
    )
