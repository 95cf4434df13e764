"""Reading and writing documents and their articles; every query parameterised by SQLAlchemy."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.store.images import keep_image_sources
from newsdesk.store.models import Article, ArticleRevision, Document, Outlet, utcnow
from newsdesk.types import ArticleDraft, IngestHints, RawDocument

EXTRACTED = "extracted"
FAILED = "failed"


def compress(payload: bytes) -> bytes:
    """Raw bytes as stored, zlib-compressed.

    Level 1: on news HTML it keeps most of level 6's saving at a third of the time,
    and ingest speed matters more than the last few percent of disk.
    """
    return zlib.compress(payload, 1)


def decompress(stored: bytes) -> bytes:
    """Raw bytes back from their stored form."""
    return zlib.decompress(stored)


def hints_to_json(hints: IngestHints) -> dict[str, Any]:
    """Hints as a JSON object, datetimes in ISO 8601, empty fields left out."""
    values = {
        "source": hints.source,
        "published": hints.published,
        "captured_at": hints.captured_at,
        "url": hints.url,
    }
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in values.items()
        if value is not None
    }


def hints_from_json(stored: dict[str, Any]) -> IngestHints:
    """Hints back from their JSON object."""

    def moment(key: str) -> datetime | None:
        return datetime.fromisoformat(stored[key]) if stored.get(key) else None

    return IngestHints(
        source=stored.get("source"),
        published=moment("published"),
        captured_at=moment("captured_at"),
        url=stored.get("url"),
    )


def fill_missing_hints(document: Document, hints: IngestHints) -> bool:
    """Add to a stored document the hints it lacked; True when anything was added."""
    stored = dict(document.hints or {})
    added = {
        k: v for k, v in hints_to_json(hints).items() if k not in stored and k != "captured_at"
    }
    if not added:
        return False
    document.hints = {**stored, **added}
    return True


def find_document_by_sha(session: Session, sha256: str) -> Document | None:
    """The stored document with these bytes, if any."""
    return session.scalar(select(Document).where(Document.sha256 == sha256))


def add_document(
    session: Session, raw: RawDocument, sha256: str, *, size: int | None = None
) -> Document:
    """Store a raw document (payload compressed; empty payload kept as None) before extraction."""
    document = Document(
        sha256=sha256,
        origin=raw.origin,
        content_type=raw.content_type,
        payload=compress(raw.payload) if raw.payload else None,
        size=len(raw.payload) if size is None else size,
        hints=hints_to_json(raw.hints),
        status=FAILED,
    )
    session.add(document)
    session.flush()
    return document


def raw_document(document: Document) -> RawDocument | None:
    """The raw document a stored one was made from, or None if its bytes were not kept."""
    if document.payload is None:
        return None
    return RawDocument(
        payload=decompress(document.payload),
        origin=document.origin,
        content_type=document.content_type,
        hints=hints_from_json(document.hints or {}),
    )


def mark_failed(document: Document, reason: str) -> None:
    """Record why a document yielded no article; its articles (if any) stay as they were."""
    document.status = FAILED
    document.error = reason
    document.extracted_at = utcnow()


@dataclass
class SavedArticles:
    """A document's articles as saved, and how many were earlier articles of the same URL
    that took their draft as their new version."""

    articles: list[Article]
    revised: int = 0


def save_articles(
    session: Session, document: Document, drafts: list[ArticleDraft]
) -> SavedArticles:
    """Store drafts as the document's articles, updating those of the same ordinal in place,
    and an article of the same URL from another document as its new version.

    Updating in place keeps article ids stable across `reprocess`, so what refers to
    an article (comments, mentions, stories) survives a better extractor.
    """
    existing = {article.ordinal: article for article in document.articles}
    kept: list[Article] = []
    images: list[str | None] = []
    revised = 0
    outlets: dict[str, Outlet] = {}
    # Looked up once for the whole document, not per draft: a flush walks every article
    # the session holds for the document, so a query (and its autoflush) per entry made a
    # feed's cost grow with the square of its length.
    earlier_by_url = _same_url_articles(session, document, drafts)
    with session.no_autoflush:
        for draft in drafts:
            outlet = None
            if draft.outlet:
                outlet = outlets.get(draft.outlet) or find_or_add_outlet(session, draft.outlet)
                outlets[draft.outlet] = outlet
            article = existing.pop(draft.ordinal, None)
            if article is None:
                candidates = earlier_by_url.get(draft.url or "", []) if not draft.is_stub else []
                earlier = candidates[0] if candidates else None
                if earlier is not None and not _keep_as_revision(session, earlier, document, draft):
                    continue
                if earlier is not None:
                    candidates.pop(0)  # now this document's; a later draft takes the next
                revised += earlier is not None
                article = earlier or Article(ordinal=draft.ordinal)
                article.ordinal = draft.ordinal
            _fill_article(article, document, draft, outlet)
            session.add(article)
            kept.append(article)
            images.append(draft.image_url)
    for stale in existing.values():
        session.delete(stale)
    session.flush()
    main = next((a for a in kept if not a.is_stub), None)
    for article in kept:
        article.found_on_id = main.id if article.is_stub and main else None
    keep_image_sources(session, list(zip(kept, images, strict=True)))
    document.status = EXTRACTED
    document.error = None
    document.extracted_at = utcnow()
    return SavedArticles(kept, revised)


def _fill_article(
    article: Article, document: Document, draft: ArticleDraft, outlet: Outlet | None
) -> None:
    """Give an article the draft's fields (and the document), resetting what the old text had."""
    article.document = document
    if article.text != draft.text or article.published_at != draft.published_at:
        # Offsets, resolved dates and groups belong to the old text and date: redo them.
        article.enriched_at = None
        article.grouped_at = None
        article.embedding = None
        article.embedding_multilingual = None
        if not draft.is_stub:
            article.duplicate_of_id = None  # grouping finds its copies again
    article.title = draft.title
    article.text = draft.text
    article.url = draft.url
    article.author = draft.author
    article.published_at = draft.published_at
    article.dateline = draft.dateline
    article.wire_service = draft.wire_service
    article.is_stub = draft.is_stub
    article.outlet = outlet


# Article URLs looked up per query: well under every backend's limit of bound parameters.
_URL_CHUNK = 500


def _same_url_articles(
    session: Session, document: Document, drafts: list[ArticleDraft]
) -> dict[str, list[Article]]:
    """The stored articles read from other documents of the drafts' URLs, oldest first per
    URL: a draft is then another version of the first of them, earlier or later."""
    urls = sorted({d.url for d in drafts if d.url and not d.is_stub})
    found: dict[str, list[Article]] = {}
    for start in range(0, len(urls), _URL_CHUNK):
        rows = session.scalars(
            select(Article)
            .where(
                Article.url.in_(urls[start : start + _URL_CHUNK]),
                Article.is_stub.is_(False),
                Article.document_id != document.id,
            )
            .order_by(Article.id)
        )
        for article in rows:
            found.setdefault(article.url or "", []).append(article)
    return found


def _keep_as_revision(
    session: Session, article: Article, document: Document, draft: ArticleDraft
) -> bool:
    """Whether the draft becomes the article's latest version, its previous one kept as a
    revision. A draft read from an older document than the article's is one of its earlier
    versions (`reprocess` reads documents oldest first) and only updates that revision."""
    if document.id < article.document_id:
        revision = session.scalar(
            select(ArticleRevision).where(
                ArticleRevision.article_id == article.id,
                ArticleRevision.document_id == document.id,
            )
        )
        if revision is not None:
            revision.title, revision.text = draft.title, draft.text
            revision.published_at = draft.published_at
        return False
    if (article.title, article.text) == (draft.title, draft.text):
        return False  # the page read again, unchanged: nothing new to keep
    session.add(
        ArticleRevision(
            article_id=article.id,
            document_id=article.document_id,
            title=article.title,
            text=article.text,
            published_at=article.published_at,
        )
    )
    return True


def find_or_add_outlet(session: Session, name: str) -> Outlet:
    """The Outlet row for an outlet name, created on first sight."""
    name = name.strip()[:300]
    outlet = session.scalar(select(Outlet).where(Outlet.name == name))
    if outlet is None:
        outlet = Outlet(name=name)
        session.add(outlet)
        session.flush()
    return outlet


def iter_document_ids(session: Session) -> list[int]:
    """Ids of every stored document, oldest first."""
    return list(session.scalars(select(Document.id).order_by(Document.id)))


def count_rows(session: Session) -> dict[str, int]:
    """How many documents, articles and stubs are stored."""
    documents = session.scalar(select(func.count(Document.id))) or 0
    articles = session.scalar(select(func.count(Article.id)).where(Article.is_stub.is_(False)))
    stubs = session.scalar(select(func.count(Article.id)).where(Article.is_stub.is_(True)))
    return {"documents": documents, "articles": articles or 0, "stubs": stubs or 0}


def iter_articles(session: Session, *, limit: int | None = None) -> Iterator[Article]:
    """Stored articles, newest publication first (undated last), then by id."""
    query = select(Article).order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
    if limit is not None:
        query = query.limit(limit)
    yield from session.scalars(query)


def document_articles(session: Session, sha256: str) -> tuple[int | None, list[int]]:
    """The id of the document with these bytes (None if none) and its articles' ids."""
    document_id = session.scalar(select(Document.id).where(Document.sha256 == sha256))
    if document_id is None:
        return None, []
    articles = select(Article.id).where(Article.document_id == document_id)
    return document_id, list(session.scalars(articles.order_by(Article.ordinal)))
