"""Lead images for pages: each story's, from the first of its articles with a fetched image."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.read.records import LeadImage
from newsdesk.store.images import ImageRow, article_image_row, story_images


def image_src(article_id: int, sha256: str) -> str:
    """Where newsdesk serves an article's image; the digest in the query changes with the
    bytes, so a browser's copy is never stale."""
    return f"/images/{article_id}?v={sha256[:16]}"


def lead_images(session: Session, story_ids: Sequence[int]) -> dict[int, LeadImage]:
    """The lead image of each of these stories that has one (its earliest full article
    with a fetched image), by story id; alt text is that article's headline."""
    return {story_id: _shown(row) for story_id, row in story_images(session, story_ids).items()}


def article_image(session: Session, article_id: int) -> LeadImage | None:
    """An article's own lead image as its page shows it, or None when none was fetched."""
    row = article_image_row(session, article_id)
    return _shown(row) if row is not None else None


def _shown(row: ImageRow) -> LeadImage:
    return LeadImage(
        article_id=row.article_id,
        src=image_src(row.article_id, row.sha256),
        alt=row.title,
        width=row.width,
        height=row.height,
    )
