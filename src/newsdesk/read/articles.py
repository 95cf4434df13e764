"""Articles as readers see them: the list, one article with every stored field (where it
sits among copies and stories, what enrichment read in it, its summary), the latest
articles and the items of feeds out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.enrich.labels import reader_type
from newsdesk.errors import NotFound
from newsdesk.group.dedupe import credit_line
from newsdesk.present.summarize import summarize_article
from newsdesk.read.records import (
    AddedArticle,
    ArticleEntity,
    ArticleEvent,
    ArticleQuote,
    ArticleRow,
    ArticleView,
    ArticleWarningRecord,
    CitedSentenceRecord,
    CopyRef,
    DocumentInfo,
    FeedArticle,
    LatestArticle,
    Revision,
)
from newsdesk.read.sentence_vectors import sentence_vectors
from newsdesk.read.sentences import body_sentences, opening, outlet_of, sentence_record
from newsdesk.store.copies import other_copies
from newsdesk.store.models import Article, ArticleWarning, Entity, Event, Mention, Quote, Story
from newsdesk.types import enrichment_text

# A feed item's summary: the opening of the article, this long at most.
FEED_SUMMARY_CHARS = 400


def article_rows(
    session: Session, *, limit: int | None = None, offset: int = 0
) -> list[ArticleRow]:
    """Stored articles, newest publication first (undated last), then by id."""
    query = select(Article).order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [article_row(a) for a in session.scalars(query.offset(offset))]


def article_row(article: Article) -> ArticleRow:
    """An article as a list shows it."""
    return ArticleRow(
        id=article.id,
        title=article.title,
        outlet=outlet_of(article),
        url=article.url,
        published_at=article.published_at,
        is_stub=article.is_stub,
    )


def article_view(
    session: Session, article_id: int, *, embed: bool = True, summary: bool = True
) -> ArticleView:
    """One article with every stored field, its groups, enrichment and summary (the one
    shape of `show --json`, the API and the page); NotFound when there is none. Without
    `summary` its summary is left empty, for a caller that keeps summaries of its own."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    document = article.document
    canonical_id = article.duplicate_of_id if not article.is_stub else None
    story = session.get(Story, article.story_id) if article.story_id else None
    outlet = outlet_of(article)
    return ArticleView(
        **dict(article_row(article)),
        text=article.text,
        author=article.author,
        dateline=article.dateline,
        wire_service=article.wire_service,
        found_on_id=article.found_on_id,
        ordinal=article.ordinal,
        document_id=article.document_id,
        created_at=article.created_at,
        updated_at=article.updated_at,
        # Earlier versions of the page (the same URL read again with other text).
        revisions=[
            Revision(
                document_id=r.document_id,
                title=r.title,
                text=r.text,
                published_at=r.published_at,
                replaced_at=r.replaced_at,
            )
            for r in article.revisions
        ],
        document=DocumentInfo(
            id=document.id,
            origin=document.origin,
            sha256=document.sha256,
            content_type=document.content_type,
            size=document.size,
            status=document.status,
            error=document.error,
            received_at=document.received_at,
            hints=document.hints,
        ),
        story_id=article.story_id,
        thread_id=story.thread_id if story else None,
        duplicate_of_id=canonical_id,
        also_published_by=[
            CopyRef(id=c.id, outlet=outlet_of(c), title=c.title)
            for c in other_copies(session, article)
        ],
        credit=credit_line(article.wire_service, outlet),
        full_article_id=article.duplicate_of_id if article.is_stub else None,
        language=article.language,
        enriched_at=article.enriched_at,
        enrich_note=article.enrich_note,
        sentences=len(article.sentences or []),
        entities=_entities(session, article),
        quotes=[
            ArticleQuote(
                text=q.text,
                kind=q.kind,
                speaker=q.speaker.name if q.speaker else None,
                speaker_id=q.speaker_id,
                speaker_text=q.speaker_text,
                attribution=q.attribution,
                span=(q.start, q.end),
                confidence=q.confidence,
            )
            for q in session.scalars(
                select(Quote).where(Quote.article_id == article.id).order_by(Quote.start)
            )
        ],
        events=[
            ArticleEvent(
                date=e.date,
                date_end=e.date_end,
                precision=e.precision,
                expression=e.expression,
                sentence=_sentence_text(article, e.sentence),
                entity_ids=e.entity_ids,
                confidence=e.confidence,
            )
            for e in session.scalars(
                select(Event).where(Event.article_id == article.id).order_by(Event.start)
            )
        ],
        warnings=_warnings(session, article),
        summary=article_summary(session, article, embed=embed) if summary else [],
    )


def _entities(session: Session, article: Article) -> list[ArticleEntity]:
    forms: dict[int, tuple[Entity, list[str]]] = {}
    mentions = session.scalars(
        select(Mention).where(Mention.article_id == article.id).order_by(Mention.start)
    )
    for mention in mentions:
        if mention.entity is not None:
            _, texts = forms.setdefault(mention.entity.id, (mention.entity, []))
            if mention.text not in texts:
                texts.append(mention.text)
    return [
        ArticleEntity(
            id=entity.id,
            name=entity.name,
            type=entity.label,
            kind=reader_type(entity.label),
            surface_forms=texts,
        )
        for entity, texts in forms.values()
    ]


def _warnings(session: Session, article: Article) -> list[ArticleWarningRecord]:
    # Spans are offsets into the headline and body joined (`enrichment_text`).
    full_text = enrichment_text(article.title, article.text)
    warnings = session.scalars(
        select(ArticleWarning)
        .where(ArticleWarning.article_id == article.id)
        .order_by(ArticleWarning.start)
    )
    return [
        ArticleWarningRecord(
            kind=w.kind, span=(w.start, w.end), text=full_text[w.start : w.end], message=w.message
        )
        for w in warnings
    ]


def _sentence_text(article: Article, index: int) -> str | None:
    spans = article.sentences or []
    if not 0 <= index < len(spans):
        return None
    start, end = spans[index]
    return enrichment_text(article.title, article.text)[start:end]


def article_summary(
    session: Session, article: Article, *, embed: bool = True
) -> list[CitedSentenceRecord]:
    """An article's extractive summary (up to 3 sentences, compared by embedding, or by
    TF-IDF without `embed`)."""
    sentences = body_sentences(article)
    vectors = sentence_vectors(session, sentences) if embed and sentences else None
    return [sentence_record(s) for s in summarize_article(sentences, vectors)]


def latest_articles(session: Session, *, limit: int = 10) -> list[LatestArticle]:
    """The newest full articles, one per syndicated-copy group."""
    articles = session.scalars(
        select(Article)
        .where(Article.is_stub.is_(False), Article.duplicate_of_id.is_(None))
        .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        .limit(limit)
    )
    return [
        LatestArticle(
            id=a.id,
            title=a.title,
            outlet=outlet_of(a),
            published=a.published_at,
            story_id=a.story_id,
        )
        for a in articles
    ]


def added_articles(session: Session, ids: list[int]) -> list[AddedArticle]:
    """The articles of these ids, in that order, with the story each went to."""
    found: dict[int, Article] = {}
    # In chunks: a bulk ingest adds more ids than one statement may bind.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            (a.id, a) for a in session.scalars(select(Article).where(Article.id.in_(chunk)))
        )
    return [
        AddedArticle(
            id=a.id,
            title=a.title,
            outlet=outlet_of(a),
            story_id=a.story_id,
            copy_of=a.duplicate_of_id,
        )
        for a in (found.get(i) for i in ids)
        if a is not None
    ]


def feed_items(
    session: Session,
    *,
    story_id: int | None = None,
    entity_id: int | None = None,
    limit: int = 30,
) -> list[FeedArticle]:
    """The newest full articles of a story or naming an entity, one per copy group, for
    feeds: id, title, outlet, author, published and opening."""
    query = select(Article).where(Article.is_stub.is_(False), Article.duplicate_of_id.is_(None))
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    if entity_id is not None:
        mentioned = select(Mention.article_id).where(Mention.entity_id == entity_id)
        query = query.where(Article.id.in_(mentioned))
    articles = session.scalars(
        query.order_by(Article.published_at.desc().nulls_last(), Article.id.desc()).limit(limit)
    )
    return [
        FeedArticle(
            id=a.id,
            title=a.title,
            outlet=outlet_of(a),
            author=a.author,
            published=a.published_at,
            summary=opening(a.text, FEED_SUMMARY_CHARS),
        )
        for a in articles
    ]
