"""Articles' lead images: the URL each names, and the copy fetched of it (rows only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, ArticleImage, utcnow

PENDING = "pending"
FETCHED = "fetched"
FAILED = "failed"


def keep_image_sources(session: Session, named: Sequence[tuple[Article, str | None]]) -> None:
    """Note the lead image each (flushed) article names, in one look-up for all: a new URL
    is pending (fetched once by the pipeline), the same URL keeps what was fetched, None
    forgets a stored one."""
    ids = [article.id for article, _ in named]
    stored = select(ArticleImage).where(ArticleImage.article_id.in_(ids))
    rows = {row.article_id: row for row in session.scalars(stored)} if ids else {}
    for article, url in named:
        row = rows.get(article.id)
        if url is None:
            if row is not None:
                session.delete(row)
            continue
        if row is not None and row.source_url == url:
            continue
        if row is None:
            row = ArticleImage(article_id=article.id)
            session.add(row)
        row.source_url = url
        row.status = PENDING
        row.content_type = row.sha256 = row.data = row.error = None
        row.size = row.width = row.height = row.fetched_at = None


@dataclass(frozen=True)
class PendingImage:
    """An image still to fetch: whose it is and where."""

    article_id: int
    source_url: str


def pending_images(session: Session, article_ids: Sequence[int]) -> list[PendingImage]:
    """The images of these articles that were never tried, in article order."""
    if not article_ids:
        return []
    rows = session.execute(
        select(ArticleImage.article_id, ArticleImage.source_url)
        .where(ArticleImage.article_id.in_(list(article_ids)), ArticleImage.status == PENDING)
        .order_by(ArticleImage.article_id)
    )
    return [PendingImage(article_id, url) for article_id, url in rows]


def pending_image_articles(session: Session) -> list[int]:
    """Every article whose lead image was noted and never tried, in id order."""
    return list(
        session.scalars(
            select(ArticleImage.article_id)
            .where(ArticleImage.status == PENDING)
            .order_by(ArticleImage.article_id)
        )
    )


def record_image(
    session: Session,
    article_id: int,
    source_url: str,
    *,
    data: bytes,
    content_type: str,
    sha256: str,
    width: int | None,
    height: int | None,
) -> bool:
    """Keep a fetched image; False when the article now names another URL (or is gone)."""
    row = session.get(ArticleImage, article_id)
    if row is None or row.source_url != source_url:
        return False
    row.status, row.data, row.content_type, row.sha256 = FETCHED, data, content_type, sha256
    row.size, row.width, row.height = len(data), width, height
    row.fetched_at, row.error = utcnow(), None
    return True


def record_image_failure(session: Session, article_id: int, source_url: str, error: str) -> bool:
    """Keep why an image could not be had; it is not tried again for the same URL."""
    row = session.get(ArticleImage, article_id)
    if row is None or row.source_url != source_url:
        return False
    row.status, row.error, row.fetched_at = FAILED, error, utcnow()
    return True


def stored_image(session: Session, article_id: int) -> ArticleImage | None:
    """An article's fetched image (bytes and type), or None when there is none to serve."""
    row = session.get(ArticleImage, article_id)
    return row if row is not None and row.status == FETCHED and row.data else None


@dataclass(frozen=True)
class ImageRow:
    """A fetched image as pages show it: whose article, its headline and its size."""

    story_id: int | None
    article_id: int
    title: str
    sha256: str
    width: int | None
    height: int | None


# Article ids per query when looking their images up: under every backend's bound-parameter cap.
IMAGE_LOOKUP_CHUNK = 5_000


def story_images(session: Session, story_ids: Sequence[int]) -> dict[int, ImageRow]:
    """Each story's lead image: that of its earliest full article with a fetched image."""
    if not story_ids:
        return {}
    # Two indexed look-ups, not one join: joined (and with `is_stub` in SQL), SQLite's
    # planner walked every full article of the corpus by ix_articles_latest, half a second a
    # front page at 50,000 articles; the stories' articles by story_id, then their images
    # by primary key, cost what those stories hold.
    articles = session.execute(
        select(
            Article.story_id, Article.id, Article.title, Article.published_at, Article.is_stub
        ).where(Article.story_id.in_(list(story_ids)))
    ).all()
    full = {row.id: row for row in articles if not row.is_stub}
    ids = sorted(full)
    images = {}
    for first in range(0, len(ids), IMAGE_LOOKUP_CHUNK):
        images.update(
            (article_id, (sha256, width, height))
            for article_id, sha256, width, height in session.execute(
                select(
                    ArticleImage.article_id,
                    ArticleImage.sha256,
                    ArticleImage.width,
                    ArticleImage.height,
                ).where(
                    ArticleImage.article_id.in_(ids[first : first + IMAGE_LOOKUP_CHUNK]),
                    ArticleImage.status == FETCHED,
                )
            )
        )
    found: dict[int, ImageRow] = {}
    # Earliest first (undated last), then by id: the article the story's lead image is from.
    for article_id in sorted(
        images,
        key=lambda i: (full[i].published_at is None, full[i].published_at or 0, i),
    ):
        row = full[article_id]
        sha256, width, height = images[article_id]
        found.setdefault(
            row.story_id, ImageRow(row.story_id, article_id, row.title, sha256, width, height)
        )
    return found


def article_image_row(session: Session, article_id: int) -> ImageRow | None:
    """An article's own fetched image (its size, not its bytes), or None when it has none."""
    row = session.execute(
        select(
            Article.story_id,
            Article.id,
            Article.title,
            ArticleImage.sha256,
            ArticleImage.width,
            ArticleImage.height,
        )
        .join(ArticleImage, ArticleImage.article_id == Article.id)
        .where(Article.id == article_id, ArticleImage.status == FETCHED)
    ).first()
    return ImageRow(*row) if row is not None and row.sha256 else None
